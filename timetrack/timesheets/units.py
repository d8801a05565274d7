"""Conversions between the organisation's unit (days or hours) and the stored hours."""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext

from timetrack.lib.numbers import quantize2

MAX_HOURS_PER_DAY = Decimal("24")


def to_hours(quantity: Decimal, *, unit: str, org) -> Decimal:
    """A day entered is always the organisation's N hours, whatever the contract ratio."""
    return quantity * org.hours_per_day if unit == "days" else quantity


def to_days(hours: Decimal, *, org) -> Decimal:
    return quantize2(hours / org.hours_per_day)


def in_org_unit(hours: Decimal, *, org) -> Decimal:
    return to_days(hours, org=org) if org.time_unit == "days" else quantize2(hours)


def day_max_hours(org) -> Decimal:
    """At most one day per day in the days unit, 24 h in the hours unit."""
    return org.hours_per_day if org.time_unit == "days" else MAX_HOURS_PER_DAY


def day_max_label(org) -> str:
    if org.time_unit == "days":
        return gettext("1 jour")
    return gettext("%(hours)s h") % {"hours": number_format(MAX_HOURS_PER_DAY, 0)}
