"""Template filters of the CRA timeline."""

from decimal import Decimal, InvalidOperation

from django import template

from timetrack.timesheets.grid import format_quantity
from timetrack.timesheets.models import TimesheetStatus
from timetrack.timesheets.units import to_days

register = template.Library()


@register.filter
def status_label(status: str) -> str:
    """A stored status code ("submitted") in the reader's language."""
    try:
        return str(TimesheetStatus(status).label)
    except ValueError:
        return status


@register.filter
def snapshot_days(event, org) -> str:
    """The total of the CRA when ``event`` happened, in days ("21", "20,5")."""
    try:
        hours = Decimal(event.totals.get("total_hours", "0"))
    except (InvalidOperation, TypeError):
        return ""
    return format_quantity(to_days(hours, org=org)) or "0"


@register.simple_tag(takes_context=True)
def shows_validation(context) -> bool:
    """Whether the navbar offers the inbox: managers and admins (no query), or a delegate (one query)."""
    from django.utils import timezone

    from timetrack.approvals.reviews import has_delegation
    from timetrack.orgs.models import Role

    membership = context.get("membership")
    if membership is None:
        return False
    if membership.role in (Role.MANAGER, Role.ADMIN):
        return True
    return has_delegation(membership, timezone.localdate())
