"""TACE on screen: French numbers, "—" when undefined, and the four numbers behind it on hover."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def pct(value) -> str:
    """89.47 → "89,47 %" (localised); None → "—"."""
    if value is None:
        return "—"
    return _("%(value)s %%") % {"value": number_format(Decimal(value), 2, use_l10n=True)}


@register.filter
def hours(value) -> str:
    if value is None:
        return "—"
    return _("%(value)s h") % {"value": number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)}


RATING_CSS = {"above": "text-success", "near": "text-warning", "below": "text-danger"}


@register.filter
def rating_css(rating) -> str:
    """An actual TACE's rating against its target → its Bootstrap colour ("" without a target)."""
    return RATING_CSS.get(rating, "")


def explain(figures, period: str) -> str:
    return _(
        "Période : %(period)s · heures possibles : %(possible)s · congés : %(leave)s · "
        "dénominateur : %(denominator)s · facturables : %(billable)s"
    ) % {
        "period": period,
        "possible": hours(figures.possible_hours),
        "leave": hours(figures.leave_hours),
        "denominator": hours(figures.denominator),
        "billable": hours(figures.billable_hours),
    }


@register.inclusion_tag("kpis/_tace_badge.html")
def tace_badge(figures, period, url="", value=None, css=""):
    """The TACE of ``figures`` (or another of its rates, ``value``) with its explanation as a tooltip,
    linked to the entries behind it when ``url`` is given."""
    shown = figures.tace if value is None else value
    return {"text": pct(shown), "title": explain(figures, period), "url": url, "css": css}
