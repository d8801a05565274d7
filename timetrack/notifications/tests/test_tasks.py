"""The worker's side of the outbox: delivery, retries with backoff, idempotence."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import override_settings
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from timetrack.notifications import services, tasks
from timetrack.notifications.models import OutboundEmail

pytestmark = pytest.mark.django_db

FAILING = override_settings(EMAIL_BACKEND="timetrack.notifications.tests.test_tasks.RefusingBackend")


class RefusingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")


def _pending(personas, **changes) -> OutboundEmail:
    """A recorded e-mail whose delivery was not run (as if the worker had been down at commit)."""
    outbox = services.send_email(
        org=personas.org, to_email="contact@client.test", subject="Objet", body="Corps"
    )
    OutboundEmail.objects.filter(pk=outbox.pk).update(**changes)
    outbox.refresh_from_db()
    return outbox


def _make_due(outbox) -> None:
    OutboundEmail.objects.filter(pk=outbox.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_it_sends_a_pending_email_once_and_records_it(personas):
    outbox = _pending(personas)
    assert tasks.deliver_email.call_local(outbox.pk) is True
    outbox.refresh_from_db()
    assert (outbox.status, outbox.attempts, outbox.last_error) == (OutboundEmail.Status.SENT, 1, "")
    assert outbox.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].from_email == "TimeTrack <no-reply@timetrack.test>"


def test_running_the_delivery_twice_sends_once(personas):
    outbox = _pending(personas)
    tasks.deliver_email.call_local(outbox.pk)
    assert tasks.deliver_email.call_local(outbox.pk) is False
    _make_due(outbox)  # even due again, a sent row is never re-sent
    assert tasks.deliver_email.call_local(outbox.pk) is False
    assert len(mail.outbox) == 1


def test_a_row_claimed_by_another_worker_is_left_alone(personas):
    outbox = _pending(personas, next_attempt_at=timezone.now() + services.LEASE)
    assert tasks.deliver_email.call_local(outbox.pk) is False
    assert mail.outbox == []


def test_a_missing_row_is_ignored():
    assert tasks.deliver_email.call_local(123456) is False


@FAILING
def test_a_failure_is_recorded_and_retried_later(personas):
    outbox = _pending(personas)
    before = timezone.now()
    assert tasks.deliver_email.call_local(outbox.pk) is False
    outbox.refresh_from_db()
    assert (outbox.status, outbox.attempts) == (OutboundEmail.Status.PENDING, 1)
    assert outbox.last_error == "ConnectionRefusedError: SMTP server unreachable"
    assert before + timedelta(seconds=59) < outbox.next_attempt_at <= timezone.now() + timedelta(minutes=1)
    assert outbox.sent_at is None


@FAILING
def test_it_gives_up_after_8_attempts(personas):
    outbox = _pending(personas)
    for attempt in range(1, 9):
        _make_due(outbox)
        tasks.deliver_email.call_local(outbox.pk)
        outbox.refresh_from_db()
        assert outbox.attempts == attempt
        assert outbox.status == ("failed" if attempt == 8 else "pending")
    _make_due(outbox)
    tasks.deliver_email.call_local(outbox.pk)
    outbox.refresh_from_db()
    assert outbox.attempts == 8


@pytest.mark.parametrize(
    ("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (4, 8), (5, 16), (6, 32), (7, 60), (8, 60), (20, 60)]
)
def test_the_backoff_doubles_up_to_an_hour(attempts, minutes):
    assert services.backoff(attempts) == timedelta(minutes=minutes)


def test_the_retry_sends_the_due_rows_and_skips_the_others(personas):
    due = _pending(personas, next_attempt_at=timezone.now() - timedelta(minutes=5), attempts=2)
    later = _pending(personas, next_attempt_at=timezone.now() + timedelta(minutes=5), attempts=3)
    sent = _pending(
        personas, status=OutboundEmail.Status.SENT, next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    failed = _pending(
        personas, status=OutboundEmail.Status.FAILED, next_attempt_at=timezone.now() - timedelta(hours=1)
    )
    assert tasks.retry_pending_emails.call_local() == 1
    statuses = dict(OutboundEmail.objects.values_list("pk", "status"))
    assert statuses == {due.pk: "sent", later.pk: "pending", sent.pk: "sent", failed.pk: "failed"}
    assert len(mail.outbox) == 1


def test_the_retry_resends_a_row_whose_worker_died_after_the_lease(personas):
    outbox = _pending(personas, next_attempt_at=timezone.now() + services.LEASE)
    assert tasks.retry_pending_emails.call_local() == 0
    _make_due(outbox)
    assert tasks.retry_pending_emails.call_local() == 1


def test_the_retry_takes_the_oldest_due_rows_in_batches(personas):
    now = timezone.now()
    rows = [_pending(personas, next_attempt_at=now - timedelta(minutes=age)) for age in (1, 3, 2)]
    assert services.due_email_ids(limit=2) == [rows[1].pk, rows[2].pk]
    assert services.RETRY_BATCH == 100


@pytest.mark.parametrize("minute", [0, 1, 17, 59])
def test_the_retry_runs_every_minute(minute):
    due = HUEY.read_periodic(datetime(2026, 3, 10, 14, minute))
    assert any(isinstance(task, tasks.retry_pending_emails.task_class) for task in due)
