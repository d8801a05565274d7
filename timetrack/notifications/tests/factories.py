"""Notifications made directly, as notify() would leave them (texts already rendered)."""

from timetrack.notifications.models import Notification


def notification(membership, **fields) -> Notification:
    """A notification of ``membership``'s organisation, to its user unless ``recipient`` says otherwise."""
    values = {
        "organization": membership.organization,
        "recipient": membership.user,
        "event": "timesheet_validated",
        "title": "Votre CRA de mars 2026 est validé",
        "url": "/cra/",
        **fields,
    }
    return Notification.objects.create(**values)
