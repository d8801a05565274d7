"""Profitability on screen: euros, days and percentages the French way, "—" when undefined."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()

STATUS_CSS = {"ok": "success", "warning": "warning", "danger": "danger"}


def _number(value, places: int) -> str:
    return number_format(Decimal(value), places, use_l10n=True, force_grouping=True)


def _with_unit(value, text: str) -> str:
    """``value`` with 2 decimals in ``text`` ("%(value)s …"), or "—" when undefined."""
    if value is None or value == "":
        return "—"
    return text % {"value": _number(value, 2)}


@register.filter
def euros(value) -> str:
    """12345.5 → "12 345,50 €"; None → "—"."""
    return _with_unit(value, _("%(value)s €"))


@register.filter
def pct(value) -> str:
    """45.69 → "45,69 %"; None → "—"."""
    return _with_unit(value, _("%(value)s %%"))


@register.filter
def days(value) -> str:
    """12.5 → "12,50 j"; None → "—"."""
    return _with_unit(value, _("%(value)s j"))


@register.filter
def bar_width(percent) -> str:
    """A consumption percentage as a progress bar's width, 0 to 100, with a decimal point (CSS)."""
    if percent is None:
        return "0"
    return str(max(Decimal(0), min(Decimal(100), Decimal(percent))).quantize(Decimal("0.1")))


@register.filter
def status_css(status: str) -> str:
    return STATUS_CSS.get(status, "secondary")


@register.filter
def consumption_css(figures) -> str:
    """The colour of a project's budget bar: the organisation's warning and overrun thresholds."""
    consumed = figures.budget_consumed_percent
    warning, critical, _target = figures.thresholds
    if consumed is None:
        return "secondary"
    if consumed >= critical:
        return "danger"
    if consumed >= warning:
        return "warning"
    return "success"
