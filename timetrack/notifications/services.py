"""Writes of the notifications app: notify a member, queue an e-mail, deliver it, mark notifications read.

Every e-mail goes through the outbox (``OutboundEmail``): the row is written in the caller's transaction,
so a rolled-back change sends nothing and a committed one is never lost; the worker delivers it after
the commit and the periodic retry picks up whatever the worker missed.
"""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from timetrack.notifications.events import render_event
from timetrack.notifications.models import Notification, OutboundEmail
from timetrack.orgs.scoping import get_for_org

MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(hours=1)
# A claimed row is left alone this long: longer than one SMTP exchange (SEND_TIMEOUT), short enough
# that a worker dying mid-send delays the e-mail by minutes, not hours.
LEASE = timedelta(minutes=10)
SEND_TIMEOUT = 30  # seconds, when EMAIL_TIMEOUT is not set
RETRY_BATCH = 100


def notify(*, org, recipient, event: str, context: dict, url: str, email: bool = True) -> Notification:
    """Tell ``recipient`` about ``event`` in their language: in-app, and by e-mail unless ``email=False``.

    Call it inside the transaction of the change: both rows commit or roll back with it.
    """
    with translation.override(recipient.language):
        title, body = render_event(event, context)
        notification = Notification.objects.create(
            organization=org, recipient=recipient, event=event, title=title, body=body, url=url
        )
        if email:
            mail_body = render_to_string(
                "notifications/email.txt",
                {"recipient": recipient, "org": org, "body": body, "link": settings.SITE_URL + url},
            )
            _queue(org=org, to_email=recipient.email, recipient=recipient, subject=title, body=mail_body)
    return notification


def send_email(*, org, to_email: str, subject, body, language: str = "fr") -> OutboundEmail:
    """Queue an e-mail to someone without an account (a client contact); lazy texts render in ``language``."""
    with translation.override(language):
        return _queue(org=org, to_email=to_email, recipient=None, subject=str(subject), body=str(body))


def _queue(*, org, to_email: str, recipient, subject: str, body: str) -> OutboundEmail:
    outbox = OutboundEmail.objects.create(
        organization=org, to_email=to_email, recipient=recipient, subject=subject[:255], body=body
    )
    transaction.on_commit(lambda: _enqueue_delivery(outbox.pk))
    return outbox


def _enqueue_delivery(outbox_id: int) -> None:
    from timetrack.notifications.tasks import deliver_email

    deliver_email(outbox_id)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4… minutes after the n-th failed attempt, never more than an hour."""
    return min(timedelta(minutes=2 ** (attempts - 1)), MAX_BACKOFF)


def deliver(outbox_id: int) -> bool:
    """Send one pending, due e-mail of the outbox; whether it was sent.

    The row is claimed first by a conditional update (still pending and due → pushed a lease ahead), so
    two workers running this for the same row send it once. A worker that dies after sending but before
    recording it sends again after the lease: delivery is at least once, never silently dropped.
    """
    now = timezone.now()
    claimed = OutboundEmail.objects.filter(
        pk=outbox_id, status=OutboundEmail.Status.PENDING, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)
    if not claimed:
        return False
    outbox = OutboundEmail.objects.get(pk=outbox_id)
    attempts = outbox.attempts + 1
    try:
        connection = get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or SEND_TIMEOUT)
        EmailMessage(
            outbox.subject, outbox.body, settings.DEFAULT_FROM_EMAIL, [outbox.to_email], connection=connection
        ).send()
    except Exception as error:  # any failure of the mail server is retried later
        failed = attempts >= MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=outbox_id).update(
            attempts=attempts,
            last_error=f"{type(error).__name__}: {error}"[:2000],
            status=OutboundEmail.Status.FAILED if failed else OutboundEmail.Status.PENDING,
            next_attempt_at=timezone.now() + backoff(attempts),
        )
        return False
    OutboundEmail.objects.filter(pk=outbox_id).update(
        attempts=attempts, status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def due_email_ids(limit: int = RETRY_BATCH) -> list[int]:
    """The pending e-mails whose time has come, oldest due first."""
    due = OutboundEmail.objects.filter(
        status=OutboundEmail.Status.PENDING, next_attempt_at__lte=timezone.now()
    )
    return list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:limit])


def mark_read(*, membership, notification_id) -> Notification:
    """Mark one of the member's notifications read; anyone else's (or another organisation's) is a 404."""
    notification = get_for_org(
        Notification.objects.filter(recipient=membership.user), membership.organization, pk=notification_id
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, membership) -> int:
    """Mark every unread notification of the member read; how many were."""
    return (
        Notification.objects.for_org(membership.organization)
        .filter(recipient=membership.user)
        .unread()
        .update(read_at=timezone.now())
    )
