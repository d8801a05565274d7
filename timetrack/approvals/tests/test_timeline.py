"""The CRA's timeline on the month page, and the recall and reopen buttons there."""

import pytest

from timetrack.approvals.tests.helpers import submit
from timetrack.timesheets.models import Timesheet

pytestmark = pytest.mark.django_db
MONTH = "/cra/2026/3/"


def test_the_timeline_shows_both_steps_in_order(flow, login):
    sheet = submit(flow.p.consultant)
    login(flow.p.manager).post(f"/validation/{sheet.pk}/decision/", {"action": "approve", "comment": "OK"})
    html = login(flow.p.consultant).get(MONTH).content.decode()
    assert 'id="timeline"' in html
    assert html.index('data-action="submit"') < html.index('data-action="approve"')
    assert "Soumission" in html and "Approbation" in html
    assert "Soumis → Validé" in html
    assert "22 j saisis" in html


def test_the_timeline_says_for_whom_a_delegate_acted(flow, login):
    from datetime import date, timedelta

    from timetrack.approvals.models import Delegation
    from timetrack.core.templatetags.timetrack import person_name

    Delegation.objects.create(
        organization=flow.org,
        delegator=flow.p.manager.user,
        delegate=flow.p.colleague.user,
        start_date=date.today() - timedelta(days=1),
        end_date=date.today() + timedelta(days=1),
    )
    sheet = submit(flow.p.consultant)
    login(flow.p.colleague).post(f"/validation/{sheet.pk}/approuver/")
    html = login(flow.p.consultant).get(MONTH).content.decode()
    assert f"pour {person_name(flow.p.manager.user)}" in html


def test_a_draft_month_shows_no_timeline(flow, login):
    html = login(flow.p.consultant).get(MONTH).content.decode()
    assert 'id="timeline"' not in html


def test_the_consultant_recalls_a_submitted_month(flow, login):
    sheet = submit(flow.p.consultant)
    client = login(flow.p.consultant)
    assert 'id="cra-recall"' in client.get(MONTH).content.decode()
    response = client.post(f"/validation/{sheet.pk}/rappeler/", follow=True)
    assert "Le CRA est rappelé" in response.content.decode()
    assert Timesheet.objects.get(pk=sheet.pk).status == "draft"


def test_someone_else_cannot_recall(flow, login):
    sheet = submit(flow.p.consultant)
    response = login(flow.p.manager).post(f"/validation/{sheet.pk}/rappeler/", follow=True)
    assert "Seul le consultant peut rappeler son CRA." in response.content.decode()
    assert Timesheet.objects.get(pk=sheet.pk).status == "submitted"


def test_an_admin_reopens_a_validated_month_with_a_reason(flow, login):
    sheet = submit(flow.p.consultant)
    login(flow.p.manager).post(f"/validation/{sheet.pk}/approuver/")
    client = login(flow.p.admin)
    page = client.get(f"{MONTH}?user={flow.p.consultant.user_id}").content.decode()
    assert 'id="cra-reopen"' in page
    response = client.post(f"/validation/{sheet.pk}/rouvrir/", {"reason": " "}, follow=True)
    assert "Indiquez le motif de la réouverture." in response.content.decode()
    client.post(f"/validation/{sheet.pk}/rouvrir/", {"reason": "Erreur de projet"})
    assert Timesheet.objects.get(pk=sheet.pk).status == "draft"
    assert 'data-action="reopen"' in client.get(f"{MONTH}?user={flow.p.consultant.user_id}").content.decode()


def test_only_an_admin_reopens(flow, login):
    sheet = submit(flow.p.consultant)
    login(flow.p.manager).post(f"/validation/{sheet.pk}/approuver/")
    assert (
        'id="cra-reopen"'
        not in login(flow.p.manager).get(f"{MONTH}?user={flow.p.consultant.user_id}").content.decode()
    )
    login(flow.p.manager).post(f"/validation/{sheet.pk}/rouvrir/", {"reason": "x"})
    assert Timesheet.objects.get(pk=sheet.pk).status == "validated"
