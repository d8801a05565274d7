"""Template filters of the CRA grid."""

from django import template

from timetrack.timesheets.grid import format_quantity
from timetrack.timesheets.models import TimesheetStatus

register = template.Library()

STATUS_COLORS = {
    TimesheetStatus.DRAFT: "secondary",
    TimesheetStatus.SUBMITTED: "primary",
    TimesheetStatus.VALIDATED: "success",
    TimesheetStatus.CHANGES_REQUESTED: "warning",
    TimesheetStatus.REJECTED: "danger",
}


@register.filter
def qty(value) -> str:
    """A quantity as typed in French: 1, 0,5, 7,25; empty for nothing."""
    return format_quantity(value)


@register.filter
def day_css(day) -> str:
    """The classes that shade a day's column: weekend, holiday, today, outside the employment."""
    classes = [
        name
        for name, on in (
            ("cra-weekend", day.weekend),
            ("cra-holiday", bool(day.holiday)),
            ("cra-today", day.today),
            ("cra-out", not day.employed),
        )
        if on
    ]
    return " ".join(classes)


@register.filter
def status_color(status: str) -> str:
    return STATUS_COLORS.get(status, "secondary")
