"""The dashboards' filters: a period, a team, an agency and the validated-only switch, all GET parameters."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from timetrack.lib.calendar import month_bounds
from timetrack.orgs.models import Agency, Team

PERIODS = [
    ("month", _("Mois")),
    ("quarter", _("Trimestre")),
    ("year", _("Année")),
    ("custom", _("Personnalisée")),
]
BAD_DATE = _("Date invalide : utilisez le format AAAA-MM-JJ ou JJ/MM/AAAA.")
MAX_DAYS = 3 * 366
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
OUT_OF_RANGE = _("Date attendue entre le 01/01/1900 et le 31/12/2999.")


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def clean_custom_period(form: forms.Form, data: dict) -> dict:
    """A period given by its two dates (``period=custom``, or dates without a period): both needed, in
    order, three years at most. Shared by every screen with a period filter."""
    if data.get("period") == "custom" or (not data.get("period") and (data.get("start") or data.get("end"))):
        data["period"] = "custom"
        if "start" in form.errors or "end" in form.errors:
            return data
        if not data.get("start") or not data.get("end"):
            raise forms.ValidationError(_("Indiquez les deux dates d'une période personnalisée."))
        if data["start"] < EARLIEST or data["end"] > LATEST:
            raise forms.ValidationError(OUT_OF_RANGE)
        if data["end"] < data["start"]:
            raise forms.ValidationError(_("La date de fin doit suivre la date de début."))
        if (data["end"] - data["start"]).days > MAX_DAYS:
            raise forms.ValidationError(_("La période ne peut dépasser trois ans."))
    return data


class DashboardFilters(forms.Form):
    period = forms.ChoiceField(label=_("Période"), choices=PERIODS, required=False)
    start = forms.DateField(
        label=_("Du"),
        required=False,
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("Au"),
        required=False,
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
    )
    team = forms.ModelChoiceField(label=_("Équipe"), queryset=Team.objects.none(), required=False)
    agency = forms.ModelChoiceField(label=_("Agence"), queryset=Agency.objects.none(), required=False)
    validated = forms.BooleanField(label=_("CRA validés uniquement"), required=False)

    def __init__(self, data, *, org, today: date):
        super().__init__(data)
        self.today = today
        # Another organisation's team or agency is not a choice: it is reported and ignored.
        self.fields["team"].queryset = Team.objects.for_org(org)
        self.fields["agency"].queryset = Agency.objects.for_org(org)
        for name in ("period", "team", "agency"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("start", "end"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def clean(self):
        return clean_custom_period(self, super().clean())

    def value(self, name):
        """A valid filter's value; an invalid one (reported on the page) is ignored."""
        self.is_valid()
        return self.cleaned_data.get(name)

    def bounds(self) -> tuple[date, date]:
        """The period the tables cover; the current month when the dates are invalid."""
        first, last = month_bounds(self.today.year, self.today.month)
        self.is_valid()
        bad_dates = self.non_field_errors() or "start" in self.errors or "end" in self.errors
        period = None if bad_dates else self.cleaned_data.get("period")
        if period == "custom":
            return self.cleaned_data["start"], self.cleaned_data["end"]
        if period == "quarter":
            return quarter_start(self.today), last
        if period == "year":
            return date(self.today.year, 1, 1), last
        return first, last
