"""Reads of accounts data, scoped to one organisation."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from timetrack.accounts.models import ApiToken, Invitation


def pending_invitations(org):
    """Invitations of ``org`` not accepted yet and whose link still works."""
    oldest = timezone.now() - timedelta(seconds=settings.INVITATION_MAX_AGE)
    return (
        Invitation.objects.for_org(org)
        .filter(accepted_at__isnull=True, created_at__gt=oldest)
        .select_related("invited_by", "manager", "team", "agency")
    )


def tokens_of(membership):
    """The API tokens of ``membership``'s user in its organisation, newest first."""
    return ApiToken.objects.for_org(membership.organization).filter(user=membership.user)
