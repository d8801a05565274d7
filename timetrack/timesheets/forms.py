"""Parsing what the grid posts: a cell's typed quantity, a day of the shown period, a row."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from timetrack.timesheets.grid import parse_row_slug
from timetrack.timesheets.services import AFTERNOON, HALF_DAY_LABELS, MORNING

NOT_A_NUMBER = _("Saisissez un nombre, par exemple 0,5 ou 1.")
UNKNOWN_ROW = _("Cette ligne n'existe pas ou plus.")
DAY_OUTSIDE = _("Ce jour n'appartient pas à la période affichée.")


def parse_quantity(text: str) -> Decimal:
    """ "0,5", "0.5", " 1 " → Decimal; empty → 0 (clears the cell). French and English decimals alike."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace(",", ".")
    if not cleaned:
        return Decimal("0")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise forms.ValidationError(NOT_A_NUMBER, code="invalid") from None
    if not value.is_finite() or abs(value) >= 10_000:
        raise forms.ValidationError(NOT_A_NUMBER, code="invalid")
    return value


class QuantityField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, strip=True, max_length=20, **kwargs)

    def clean(self, value):
        return parse_quantity(super().clean(value))


class RowField(forms.CharField):
    def clean(self, value):
        try:
            return parse_row_slug(super().clean(value))
        except ValueError:
            raise forms.ValidationError(UNKNOWN_ROW, code="invalid") from None


class GridForm(forms.Form):
    def first_error(self) -> str:
        return next(iter(self.errors.values()))[0]


class DayForm(GridForm):
    """A day of the period the grid shows (``period`` given by the URL)."""

    day = forms.DateField(input_formats=["%Y-%m-%d"])

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day not in self.period:
            raise forms.ValidationError(DAY_OUTSIDE, code="outside")
        return day


class CellForm(DayForm):
    row = RowField()
    value = QuantityField()


class FillForm(GridForm):
    row = RowField()


class HalfDayForm(DayForm):
    absence = forms.IntegerField()
    half = forms.ChoiceField(
        choices=[(MORNING, HALF_DAY_LABELS[MORNING]), (AFTERNOON, HALF_DAY_LABELS[AFTERNOON])]
    )
