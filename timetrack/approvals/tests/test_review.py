"""Review one CRA: who may open it, the read-only grid, and the decisions with their comments."""

import pytest

from timetrack.approvals.models import ApproverRule, WorkflowStep
from timetrack.approvals.selectors import default_workflow
from timetrack.approvals.tests.helpers import submit
from timetrack.timesheets.models import Timesheet

pytestmark = pytest.mark.django_db


def url(sheet, action=""):
    return f"/validation/{sheet.pk}/{action}"


def test_it_requires_a_login(flow, client):
    sheet = submit(flow.p.consultant)
    assert client.get(url(sheet)).status_code == 302


@pytest.mark.parametrize(
    ("persona", "status"),
    [("manager", 200), ("admin", 200), ("finance", 200), ("colleague", 403), ("other", 404)],
)
def test_who_may_open_the_review(flow, login, persona, status):
    sheet = submit(flow.p.consultant)
    assert login(getattr(flow.p, persona)).get(url(sheet)).status_code == status


def test_an_approver_outside_the_hierarchy_can_open_it(flow, login):
    """The project manager step routes the CRA to the colleague, who is nobody's manager."""
    workflow = default_workflow(flow.org)
    WorkflowStep.objects.create(
        organization=flow.org, workflow=workflow, position=2, rule=ApproverRule.PROJECT_MANAGER
    )
    sheet = submit(flow.p.consultant)
    assert login(flow.p.colleague).get(url(sheet)).status_code == 200


def test_it_shows_the_grid_read_only_the_totals_and_the_decision_form(flow, login):
    sheet = submit(flow.p.consultant)
    html = login(flow.p.manager).get(url(sheet)).content.decode()
    assert 'id="review-grid"' in html
    assert " readonly" in html and 'hx-post="/cra/' not in html
    assert f"{flow.project.code}</span> · 22" in html
    assert 'id="decision"' in html
    assert 'id="timeline"' in html


def test_approving_with_a_comment_validates_it(flow, login):
    sheet = submit(flow.p.consultant)
    response = login(flow.p.manager).post(url(sheet, "decision/"), {"action": "approve", "comment": "RAS"})
    assert response.status_code == 302
    assert Timesheet.objects.get(pk=sheet.pk).status == "validated"
    assert sheet.events.last().comment == "RAS"


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_sending_back_needs_a_comment(flow, login, action):
    sheet = submit(flow.p.consultant)
    client = login(flow.p.manager)
    response = client.post(url(sheet, "decision/"), {"action": action, "comment": "  "})
    assert response.status_code == 400
    assert "Un commentaire est obligatoire" in response.content.decode()
    assert Timesheet.objects.get(pk=sheet.pk).status == "submitted"
    response = client.post(url(sheet, "decision/"), {"action": action, "comment": "Il manque le 12."})
    assert response.status_code == 302
    assert (
        Timesheet.objects.get(pk=sheet.pk).status
        == {
            "request_changes": "changes_requested",
            "reject": "rejected",
        }[action]
    )


def test_a_decision_already_taken_by_someone_else_says_so(flow, login):
    sheet = submit(flow.p.consultant)
    login(flow.p.manager).post(url(sheet, "decision/"), {"action": "approve"})
    response = login(flow.p.manager).post(url(sheet, "decision/"), {"action": "reject", "comment": "Non"})
    assert response.status_code == 409
    assert "déjà traité" in response.content.decode()


def test_an_admin_who_is_not_the_approver_is_told_so(flow, login):
    sheet = submit(flow.p.consultant)
    response = login(flow.p.admin).post(url(sheet, "decision/"), {"action": "approve"})
    assert response.status_code == 403
    assert "n&#x27;attend pas votre validation" in response.content.decode()
    assert Timesheet.objects.get(pk=sheet.pk).status == "submitted"


def test_another_organisation_cannot_decide(flow, login):
    sheet = submit(flow.p.consultant)
    response = login(flow.p.other).post(url(sheet, "decision/"), {"action": "approve"})
    assert response.status_code == 404
