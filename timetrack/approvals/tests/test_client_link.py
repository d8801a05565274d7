"""Client approval by link: the e-mail, the page without account, expiry, reuse, tampering, history."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.test import override_settings

from timetrack.approvals import services
from timetrack.approvals.models import ClientApprovalLink, TimesheetEvent
from timetrack.approvals.selectors import default_workflow
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.notifications.models import Notification, OutboundEmail
from timetrack.timesheets.models import Timesheet, TimesheetStatus

pytestmark = pytest.mark.django_db
MARCH = date(2026, 3, 1)
CLIENT_STEP = {"rule": "client", "client_name": "Claire Client", "client_email": "claire@client.test"}


def use_workflow(personas, *steps):
    workflow = default_workflow(personas.org)
    services.save_workflow(actor=personas.admin, workflow=workflow, name=workflow.name, steps=list(steps))


def submit(personas, person=None):
    person = person or personas.consultant
    services.submit_timesheet(actor=person, person=person, month=MARCH)
    return Timesheet.objects.get(user=person.user, month=MARCH)


def token_of(outbox: OutboundEmail) -> str:
    return re.search(r"/approbation-client/([^/\s]+)/", outbox.body).group(1)


def last_token() -> str:
    return token_of(OutboundEmail.objects.filter(to_email="claire@client.test").latest("id"))


@override_settings(SITE_URL="https://app.timetrack.test")
def test_a_client_step_sends_the_contact_a_french_email_with_the_link(personas, flow):
    use_workflow(personas, CLIENT_STEP)
    sheet = submit(personas)
    outbox = OutboundEmail.objects.get(to_email="claire@client.test")
    assert "à approuver" in outbox.subject and "Bonjour Claire Client" in outbox.body
    assert "https://app.timetrack.test/approbation-client/" in outbox.body
    link = ClientApprovalLink.objects.get(timesheet=sheet)
    assert link.step == 1 and link.email == "claire@client.test"
    assert token_of(outbox) not in link.token_hash and len(link.token_hash) == 64
    assert sheet.route.steps[0]["approvers"] == []


def test_the_link_is_sent_when_an_approval_reaches_the_client_step(personas, flow):
    use_workflow(personas, {"rule": "manager"}, CLIENT_STEP)
    sheet = submit(personas)
    assert not ClientApprovalLink.objects.exists()
    services.approve_timesheet(actor=personas.manager, timesheet_id=sheet.pk)
    assert ClientApprovalLink.objects.get(timesheet=sheet).step == 2


def test_the_page_shows_the_cra_without_an_account(personas, flow, client):
    use_workflow(personas, CLIENT_STEP)
    submit(personas)
    response = client.get(f"/approbation-client/{last_token()}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert personas.consultant.user.get_full_name() in body and "mars 2026" in body
    assert len(response.context["entries"]) == 22
    assert response.context["total_days"] == 22


def test_the_client_approves_with_their_name_time_and_ip_in_the_history(personas, flow, client):
    use_workflow(personas, CLIENT_STEP)
    sheet = submit(personas)
    token = last_token()
    with time_machine.travel("2026-04-02 09:30 +0200", tick=False):
        response = client.post(
            f"/approbation-client/{token}/",
            {"name": "Claire Client", "decision": "approve", "comment": ""},
            REMOTE_ADDR="203.0.113.7",
        )
    assert response.status_code == 200 and "Merci" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.VALIDATED
    event = TimesheetEvent.objects.get(timesheet=sheet, action="approve")
    assert event.actor is None and event.actor_label == "Claire Client" and event.ip == "203.0.113.7"
    assert event.step == 1 and event.at.isoformat().startswith("2026-04-02T07:30")
    link = ClientApprovalLink.objects.get()
    assert link.used_at and link.decided_by_name == "Claire Client" and link.ip == "203.0.113.7"
    assert Notification.objects.filter(
        recipient=personas.consultant.user, event="timesheet_validated"
    ).exists()


def test_a_client_approval_moves_to_the_next_step(personas, flow):
    use_workflow(personas, CLIENT_STEP, {"rule": "manager"})
    sheet = submit(personas)
    services.client_decide(token=last_token(), name="Claire", approve=True, comment="", ip=None)
    sheet.refresh_from_db()
    assert (sheet.status, sheet.current_step) == (TimesheetStatus.SUBMITTED, 2)
    assert Notification.objects.filter(recipient=personas.manager.user, event="timesheet_to_approve").exists()


def test_the_client_rejects_with_a_required_comment(personas, flow, client):
    use_workflow(personas, CLIENT_STEP)
    sheet = submit(personas)
    url = f"/approbation-client/{last_token()}/"
    response = client.post(url, {"name": "Claire", "decision": "reject", "comment": ""})
    assert response.status_code == 200 and "commentaire est obligatoire" in response.content.decode()
    response = client.post(url, {"name": "", "decision": "approve"})
    assert "name" in response.context["form"].errors
    client.post(url, {"name": "Claire", "decision": "reject", "comment": "Le 12 était férié chez nous"})
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.REJECTED
    event = TimesheetEvent.objects.get(timesheet=sheet, action="reject")
    assert event.comment == "Le 12 était férié chez nous" and event.actor_label == "Claire"
    assert Notification.objects.filter(
        recipient=personas.consultant.user, event="timesheet_rejected"
    ).exists()


def test_a_link_cannot_be_reused_after_a_decision(personas, flow, client):
    use_workflow(personas, CLIENT_STEP)
    submit(personas)
    token = last_token()
    services.client_decide(token=token, name="Claire", approve=True, comment="", ip=None)
    with pytest.raises(StateConflict):
        services.client_decide(token=token, name="Claire", approve=False, comment="Non", ip=None)
    response = client.get(f"/approbation-client/{token}/")
    assert response.status_code == 410 and "déjà été prise" in response.content.decode()


def test_an_expired_link_is_refused(personas, flow, client):
    use_workflow(personas, CLIENT_STEP)
    with time_machine.travel("2026-04-01 10:00 +0200", tick=False):
        submit(personas)
    token = last_token()
    with time_machine.travel("2026-04-08 10:01 +0200", tick=False):
        response = client.get(f"/approbation-client/{token}/")
        assert response.status_code == 410 and "expiré" in response.content.decode()
        with pytest.raises(StateConflict):
            services.client_decide(token=token, name="Claire", approve=True, comment="", ip=None)
    with time_machine.travel("2026-04-08 09:59 +0200", tick=False):
        assert client.get(f"/approbation-client/{token}/").status_code == 200


def test_a_tampered_or_unknown_token_is_a_404(personas, flow, client):
    use_workflow(personas, CLIENT_STEP)
    submit(personas)
    token = last_token()
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get(f"/approbation-client/{tampered}/").status_code == 404
    assert (
        client.post(f"/approbation-client/{tampered}/", {"name": "X", "decision": "approve"}).status_code
        == 404
    )
    with pytest.raises(DomainError):
        services.client_decide(token=tampered, name="X", approve=True, comment="", ip=None)


def test_a_link_of_one_cra_cannot_act_on_another(personas, flow):
    """The token names its CRA: nothing in the request can point it at another one."""
    from timetrack.tests.factories import member

    use_workflow(personas, CLIENT_STEP)
    first = submit(personas)
    token = last_token()
    other = member(personas.org, "consultant", manager=personas.manager, user__email="carl@alpha.test")
    personas.org.require_complete_month = False
    personas.org.save()
    second = submit(personas, other)
    services.client_decide(token=token, name="Claire", approve=True, comment="", ip=None)
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == TimesheetStatus.VALIDATED and second.status == TimesheetStatus.SUBMITTED


def test_a_link_is_void_once_the_cra_has_moved_on(personas, flow, client):
    use_workflow(personas, CLIENT_STEP)
    sheet = submit(personas)
    old = last_token()
    services.recall_timesheet(actor=personas.consultant, timesheet_id=sheet.pk)
    assert client.get(f"/approbation-client/{old}/").status_code == 410
    submit(personas)
    assert client.get(f"/approbation-client/{old}/").status_code == 410
    assert client.get(f"/approbation-client/{last_token()}/").status_code == 200


def test_editing_the_workflow_keeps_the_contact_of_a_cra_in_validation(personas, flow):
    use_workflow(personas, {"rule": "manager"}, CLIENT_STEP)
    sheet = submit(personas)
    use_workflow(personas, {"rule": "manager"}, {**CLIENT_STEP, "client_email": "new@client.test"})
    services.approve_timesheet(actor=personas.manager, timesheet_id=sheet.pk)
    assert ClientApprovalLink.objects.get(timesheet=sheet).email == "claire@client.test"


def test_no_user_can_approve_the_client_step(personas, flow):
    from django.core.exceptions import PermissionDenied

    use_workflow(personas, CLIENT_STEP)
    sheet = submit(personas)
    for approver in (personas.admin, personas.manager):
        with pytest.raises(PermissionDenied):
            services.approve_timesheet(actor=approver, timesheet_id=sheet.pk)


def test_the_email_leaves_through_the_outbox(personas, flow, django_capture_on_commit_callbacks, mailoutbox):
    use_workflow(personas, CLIENT_STEP)
    with django_capture_on_commit_callbacks(execute=True):
        submit(personas)
    sent = [m for m in mailoutbox if "claire@client.test" in m.to]
    assert len(sent) == 1 and "/approbation-client/" in sent[0].body
    link = ClientApprovalLink.objects.get()
    assert abs(link.expires_at - link.created_at - timedelta(days=7)) < timedelta(seconds=5)
