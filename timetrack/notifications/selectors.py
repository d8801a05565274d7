from timetrack.notifications.models import Notification


def notifications_of(membership):
    """The member's notifications in their current organisation, newest first."""
    return Notification.objects.for_org(membership.organization).filter(recipient_id=membership.user_id)
