"""Background jobs of the accounts app."""

from django.core.mail import send_mail
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from timetrack.accounts import services
from timetrack.accounts.models import Invitation


@db_task(retries=5, retry_delay=60)
def send_invitation_mail(invitation_id: int) -> None:
    invitation = (
        Invitation.objects.select_related("organization", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or invitation.accepted_at is not None:
        return
    subject, body = services.render_invitation_mail(invitation)
    send_mail(subject, body, None, [invitation.email])


# 03:15 UTC = 04:15 or 05:15 in Paris: outside business hours in both seasons.
@db_periodic_task(crontab(hour="3", minute="15"))
def purge_dead_tokens() -> int:
    return services.purge_dead_tokens()
