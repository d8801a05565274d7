from django.utils.functional import SimpleLazyObject

from timetrack.notifications.models import Notification


def unread(request):
    """The member's unread count for the navbar's bell, counted only if a template shows it."""
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:
        return {}
    return {
        "unread_notifications": SimpleLazyObject(
            lambda: (
                Notification.objects.for_org(membership.organization)
                .filter(recipient_id=membership.user_id)
                .unread()
                .count()
            )
        )
    }
