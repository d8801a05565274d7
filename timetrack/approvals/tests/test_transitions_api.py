from datetime import date, timedelta

import pytest
from django.core import mail

from timetrack.approvals.models import ApproverRule, Delegation, Workflow, WorkflowStep
from timetrack.notifications.models import Notification
from timetrack.timesheets.models import TimeEntry, Timesheet

pytestmark = pytest.mark.django_db
URL = "/api/v1/timesheets"


def post(client, sheet_id, action, **body):
    return client.post(f"{URL}/{sheet_id}/{action}", body, format="json")


def test_submit_routes_to_the_n_plus_1_and_tells_them(flow, django_capture_on_commit_callbacks):
    sheet_id = flow.sheet_id()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(flow.api(flow.p.consultant), sheet_id, "submit")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["current_step"]) == ("submitted", 1)
    notes = Notification.objects.filter(recipient=flow.p.manager.user)
    assert [n.event for n in notes] == ["timesheet_to_approve"]
    assert [m.to for m in mail.outbox] == [["manager@alpha.test"]]


def test_the_manager_approves_and_the_consultant_is_told(flow):
    sheet_id = flow.sheet_id()
    post(flow.api(flow.p.consultant), sheet_id, "submit")
    response = post(flow.api(flow.p.manager), sheet_id, "approve")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "validated"
    assert body["validated_at"] is not None
    assert (
        Notification.objects.filter(recipient=flow.p.consultant.user, event="timesheet_validated").count()
        == 1
    )


def test_validated_and_submitted_months_are_read_only(flow):
    sheet_id = flow.sheet_id()
    client = flow.api(flow.p.consultant)
    post(client, sheet_id, "submit")
    entry = TimeEntry.objects.filter(user=flow.p.consultant.user).first()
    assert client.delete(f"/api/v1/time-entries/{entry.pk}").status_code == 409
    post(flow.api(flow.p.manager), sheet_id, "approve")
    assert client.patch(f"/api/v1/time-entries/{entry.pk}", {"days": "0.5"}, format="json").status_code == 409
    assert flow.api(flow.p.admin).delete(f"/api/v1/time-entries/{entry.pk}").status_code == 409


@pytest.mark.parametrize("persona", ["consultant", "colleague", "finance"])
def test_only_the_routed_approver_approves(flow, persona):
    sheet_id = flow.sheet_id()
    post(flow.api(flow.p.consultant), sheet_id, "submit")
    assert post(flow.api(getattr(flow.p, persona)), sheet_id, "approve").status_code == 403
    assert Timesheet.objects.get(pk=sheet_id).status == "submitted"


def test_reject_and_request_changes_need_a_comment_and_give_it_back(flow):
    sheet_id = flow.sheet_id()
    consultant, manager = flow.api(flow.p.consultant), flow.api(flow.p.manager)
    post(consultant, sheet_id, "submit")
    response = post(manager, sheet_id, "request-changes")
    assert response.status_code == 400
    assert "comment" in response.json()
    response = post(manager, sheet_id, "request-changes", comment="Il manque le 12.")
    assert response.json()["status"] == "changes_requested"
    entry = TimeEntry.objects.filter(user=flow.p.consultant.user).first()
    assert (
        consultant.patch(f"/api/v1/time-entries/{entry.pk}", {"days": "1"}, format="json").status_code == 200
    )
    post(consultant, sheet_id, "submit")
    response = post(manager, sheet_id, "reject", comment="Mauvais projet")
    assert response.json()["status"] == "rejected"
    assert Notification.objects.filter(recipient=flow.p.consultant.user, event="timesheet_rejected").exists()


def test_recall_until_the_first_approval(flow):
    director = flow.second_manager()
    workflow = Workflow.objects.create(organization=flow.org, name="Deux étapes")
    WorkflowStep.objects.create(
        organization=flow.org, workflow=workflow, position=1, rule=ApproverRule.MANAGER
    )
    WorkflowStep.objects.create(
        organization=flow.org, workflow=workflow, position=2, rule=ApproverRule.USER, user=director.user
    )
    flow.project.workflow = workflow
    flow.project.save()
    sheet_id = flow.sheet_id()
    consultant = flow.api(flow.p.consultant)
    post(consultant, sheet_id, "submit")
    assert post(consultant, sheet_id, "recall").json()["status"] == "draft"
    post(consultant, sheet_id, "submit")
    response = post(flow.api(flow.p.manager), sheet_id, "approve")
    assert (response.json()["status"], response.json()["current_step"]) == ("submitted", 2)
    assert post(consultant, sheet_id, "recall").status_code == 409
    assert post(flow.api(flow.p.manager), sheet_id, "approve").status_code == 403  # step 2 is not theirs
    assert post(flow.api(director), sheet_id, "approve").json()["status"] == "validated"


def test_editing_a_workflow_does_not_change_a_cra_in_validation(flow):
    sheet_id = flow.sheet_id()
    post(flow.api(flow.p.consultant), sheet_id, "submit")
    step = WorkflowStep.objects.get(workflow__is_default=True, organization=flow.org)
    step.rule, step.user = ApproverRule.USER, flow.p.finance.user
    step.save()
    assert post(flow.api(flow.p.finance), sheet_id, "approve").status_code == 403
    assert post(flow.api(flow.p.manager), sheet_id, "approve").status_code == 200


def test_project_manager_rule(flow):
    workflow = Workflow.objects.create(organization=flow.org, name="Chef de projet")
    WorkflowStep.objects.create(
        organization=flow.org, workflow=workflow, position=1, rule=ApproverRule.PROJECT_MANAGER
    )
    flow.project.client.workflow = workflow
    flow.project.client.save()
    sheet_id = flow.sheet_id()
    post(flow.api(flow.p.consultant), sheet_id, "submit")
    assert post(flow.api(flow.p.manager), sheet_id, "approve").status_code == 403
    assert post(flow.api(flow.p.colleague), sheet_id, "approve").json()["status"] == "validated"


def test_a_delegate_acts_for_the_manager_and_the_history_says_so(flow):
    today = date.today()
    Delegation.objects.create(
        organization=flow.org,
        delegator=flow.p.manager.user,
        delegate=flow.p.finance.user,
        start_date=today - timedelta(days=1),
        end_date=today + timedelta(days=1),
    )
    sheet_id = flow.sheet_id()
    post(flow.api(flow.p.consultant), sheet_id, "submit")
    assert post(flow.api(flow.p.finance), sheet_id, "approve").json()["status"] == "validated"
    history = flow.api(flow.p.consultant).get(f"{URL}/{sheet_id}/history").json()
    assert history[-1]["actor"] == flow.p.finance.user_id
    assert history[-1]["on_behalf_of"] == flow.p.manager.user_id


def test_reopen_is_for_admins_with_a_reason(flow):
    sheet_id = flow.sheet_id()
    post(flow.api(flow.p.consultant), sheet_id, "submit")
    post(flow.api(flow.p.manager), sheet_id, "approve")
    assert post(flow.api(flow.p.manager), sheet_id, "reopen", reason="x").status_code == 403
    response = post(flow.api(flow.p.admin), sheet_id, "reopen")
    assert response.status_code == 400
    assert "reason" in response.json()
    assert (
        post(flow.api(flow.p.admin), sheet_id, "reopen", reason="Erreur de projet").json()["status"]
        == "draft"
    )


def test_the_history_is_complete_and_ordered(flow):
    sheet_id = flow.sheet_id()
    consultant = flow.api(flow.p.consultant)
    post(consultant, sheet_id, "submit")
    post(flow.api(flow.p.manager), sheet_id, "request-changes", comment="Précise le projet")
    post(consultant, sheet_id, "submit")
    post(flow.api(flow.p.manager), sheet_id, "approve", comment="OK")
    history = consultant.get(f"{URL}/{sheet_id}/history").json()
    assert [(h["action"], h["from_status"], h["to_status"]) for h in history] == [
        ("submit", "draft", "submitted"),
        ("request_changes", "submitted", "changes_requested"),
        ("submit", "changes_requested", "submitted"),
        ("approve", "submitted", "validated"),
    ]
    assert history[1]["comment"] == "Précise le projet"
    assert [h["step"] for h in history] == [1, 1, 1, 1]  # the step decided, even when the CRA leaves it
    assert history[0]["totals"]["total_hours"] == "154.00"
    assert [h["at"] for h in history] == sorted(h["at"] for h in history)


def test_another_organisation_gets_404_on_every_action(flow):
    sheet_id = flow.sheet_id()
    other = flow.api(flow.p.other)
    for action in ("submit", "approve", "reject", "request-changes", "recall", "reopen"):
        assert post(other, sheet_id, action, comment="x", reason="x").status_code == 404
    assert other.get(f"{URL}/{sheet_id}/history").status_code == 404


def test_an_already_decided_cra_answers_409(flow):
    sheet_id = flow.sheet_id()
    post(flow.api(flow.p.consultant), sheet_id, "submit")
    post(flow.api(flow.p.manager), sheet_id, "approve")
    response = post(flow.api(flow.p.manager), sheet_id, "approve")
    assert response.status_code == 409
    assert "Validé" in response.json()["detail"]
