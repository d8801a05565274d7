"""notify and send_email: both rows in the caller's transaction, texts in the recipient's language."""

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from timetrack.notifications import services
from timetrack.notifications.events import EVENTS
from timetrack.notifications.models import Notification, OutboundEmail

pytestmark = pytest.mark.django_db

CONTEXT = {"consultant": "Alice Martin", "month": "mars 2026", "step": "Manager (N+1)"}


def _notify(personas, **kwargs):
    arguments = {
        "org": personas.org,
        "recipient": personas.manager.user,
        "event": "timesheet_to_approve",
        "context": CONTEXT,
        "url": "/cra/42/",
        **kwargs,
    }
    return services.notify(**arguments)


def test_it_records_the_notification_and_the_email_and_sends_it_after_the_commit(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(personas)
        assert mail.outbox == []
    assert notification.title == "Le CRA de Alice Martin pour mars 2026 attend votre validation"
    assert notification.organization == personas.org
    assert notification.read_at is None
    outbox = OutboundEmail.objects.get()
    assert (outbox.to_email, outbox.recipient) == ("manager@alpha.test", personas.manager.user)
    assert outbox.status == OutboundEmail.Status.SENT
    assert outbox.attempts == 1
    assert outbox.sent_at is not None
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["manager@alpha.test"]
    assert mail.outbox[0].subject == notification.title


def test_a_rolled_back_change_leaves_no_row_and_sends_nothing(personas, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(personas)
        raise RuntimeError("the change fails")
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_with_real_transactions_only_a_committed_change_is_notified_and_mailed(personas):
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(personas, context={**CONTEXT, "consultant": "Rolled Back"})
        raise RuntimeError("the change fails")
    with transaction.atomic():
        _notify(personas)
        assert mail.outbox == []
    assert Notification.objects.count() == OutboundEmail.objects.count() == 1
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.SENT
    assert [m.subject for m in mail.outbox] == [
        "Le CRA de Alice Martin pour mars 2026 attend votre validation"
    ]


def test_the_email_is_in_french_by_default_with_the_absolute_link(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas)
    message = mail.outbox[0]
    assert message.subject == "Le CRA de Alice Martin pour mars 2026 attend votre validation"
    assert "Il attend votre validation (étape : Manager (N+1))." in message.body
    assert "ESN Alpha" in message.body


@override_settings(SITE_URL="https://app.timetrack.test")
def test_the_link_is_absolute(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas)
    assert "https://app.timetrack.test/cra/42/\n" in mail.outbox[0].body


def test_an_english_speaking_recipient_gets_english(personas, django_capture_on_commit_callbacks):
    personas.manager.user.language = "en"
    personas.manager.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification = _notify(personas)
    message = mail.outbox[0]
    assert notification.title == message.subject
    assert message.subject == "Alice Martin's timesheet for mars 2026 is waiting for your approval"
    assert "Hello" in message.body
    assert "Bonjour" not in message.body


def test_it_can_notify_in_app_only(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _notify(personas, email=False)
    assert Notification.objects.count() == 1
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_an_unknown_event_is_a_programming_error(personas):
    with pytest.raises(KeyError):
        _notify(personas, event="no_such_event")


@pytest.mark.parametrize(
    ("event", "context"),
    [
        ("timesheet_to_approve", {"consultant": "A", "month": "M", "step": "S"}),
        ("timesheet_approved", {"month": "M", "actor": "A", "step": "S"}),
        ("timesheet_validated", {"month": "M"}),
        ("timesheet_rejected", {"month": "M", "actor": "A", "comment": "C"}),
        ("timesheet_changes_requested", {"month": "M", "actor": "A", "comment": "C"}),
        ("timesheet_reopened", {"month": "M", "actor": "A", "comment": "C"}),
    ],
)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_validation_event_renders_with_its_context(personas, event, context, language):
    personas.consultant.user.language = language
    personas.consultant.user.save()
    notification = _notify(personas, recipient=personas.consultant.user, event=event, context=context)
    assert "%(" not in notification.title + notification.body
    assert "M" in notification.title


def test_every_event_has_a_title_and_a_body():
    assert all(title and body for title, body in EVENTS.values())


def test_send_email_queues_a_mail_for_someone_without_an_account(
    personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outbox = services.send_email(
            org=personas.org, to_email="contact@client.test", subject="Objet", body="Corps", language="en"
        )
    assert outbox.recipient is None
    outbox.refresh_from_db()
    assert outbox.status == OutboundEmail.Status.SENT
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["contact@client.test"], "Objet", "Corps")]
