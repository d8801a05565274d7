"""The approver's inbox: my routed CRAs (and my delegators'), their totals and anomalies, approve one."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from timetrack.approvals.models import Delegation
from timetrack.approvals.tests.helpers import filled_consultant, submit
from timetrack.core.templatetags.timetrack import person_name
from timetrack.projects.models import Project
from timetrack.tests.factories import member
from timetrack.timesheets.models import TimeEntry, Timesheet
from timetrack.timesheets.selectors import activity_type_by_code

pytestmark = pytest.mark.django_db
URL = "/validation/"


def test_it_requires_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/comptes/connexion/" in response["Location"]


def test_it_lists_only_the_cras_routed_to_me(flow, login):
    sheet = submit(flow.p.consultant)
    other_manager = flow.second_manager()
    carol = filled_consultant(flow.p, "carol@alpha.test", manager=other_manager)
    html = login(flow.p.manager).get(URL).content.decode()
    assert f'id="inbox-{sheet.pk}"' in html
    assert person_name(flow.p.consultant.user) in html
    assert f'id="inbox-{carol.pk}"' not in html
    assert "Mars 2026" in html
    assert "Manager (N+1) du consultant" in html
    assert flow.project.code in html


def test_a_delegate_sees_the_cras_of_the_person_they_stand_in_for(flow, login):
    sheet = submit(flow.p.consultant)
    Delegation.objects.create(
        organization=flow.org,
        delegator=flow.p.manager.user,
        delegate=flow.p.colleague.user,
        start_date=date.today() - timedelta(days=1),
        end_date=date.today() + timedelta(days=5),
    )
    html = login(flow.p.colleague).get(URL).content.decode()
    assert f'id="inbox-{sheet.pk}"' in html
    assert "pour " in html
    assert 'href="/validation/"' in html  # the navbar offers the inbox to a delegate


def test_a_consultant_without_delegation_has_an_empty_inbox_and_no_menu(flow, login):
    submit(flow.p.consultant)
    html = login(flow.p.colleague).get(URL).content.decode()
    assert "Aucun CRA n&#x27;attend votre validation." in html or "Aucun CRA n'attend" in html
    assert 'href="/validation/"' not in html


def test_a_complete_month_has_no_anomaly(flow, login):
    submit(flow.p.consultant)
    html = login(flow.p.manager).get(URL).content.decode()
    assert "data-anomaly" not in html


def test_it_highlights_a_missing_day_a_saturday_and_a_project_day_outside_the_assignment(flow, login):
    sheet = submit(flow.p.consultant)
    entries = TimeEntry.objects.filter(timesheet=sheet)
    entries.filter(date=date(2026, 3, 10)).delete()  # a Tuesday left empty
    mission = activity_type_by_code(flow.org, "project")
    common = {"organization": flow.org, "user": flow.p.consultant.user, "timesheet": sheet}
    TimeEntry.objects.create(
        **common, date=date(2026, 3, 7), activity_type=mission, project=flow.project, hours=7
    )
    elsewhere = Project.objects.create(
        organization=flow.org, client=flow.project.client, code="HORS", name="Hors"
    )
    entries.filter(date=date(2026, 3, 12)).update(project=elsewhere)
    html = login(flow.p.manager).get(URL).content.decode()
    assert 'data-anomaly="missing"' in html and "mar 10" in html
    assert 'data-anomaly="off-days"' in html and "sam 7" in html
    assert 'data-anomaly="unassigned"' in html and "HORS jeu 12" in html


def test_a_part_time_consultant_may_leave_their_days_off_empty(flow, login):
    flow.p.consultant.contract_ratio = Decimal("0.80")
    flow.p.consultant.save()
    sheet = submit(flow.p.consultant)
    TimeEntry.objects.filter(timesheet=sheet, date__in=[date(2026, 3, 6), date(2026, 3, 13)]).delete()
    html = login(flow.p.manager).get(URL).content.decode()
    assert 'data-anomaly="missing"' not in html


def test_totals_are_in_the_organisations_unit(flow, login):
    submit(flow.p.consultant)
    html = login(flow.p.manager).get(URL).content.decode()
    assert f"{flow.project.code}</span> · 22" in html  # 22 worked days in March 2026
    flow.org.time_unit = "hours"
    flow.org.save()
    html = login(flow.p.manager).get(URL).content.decode()
    assert f"{flow.project.code}</span> · 154" in html


def test_it_approves_one_cra_from_the_list(flow, login):
    sheet = submit(flow.p.consultant)
    response = login(flow.p.manager).post(f"{URL}{sheet.pk}/approuver/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "validé" in response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == "validated"


def test_approving_a_cra_already_processed_says_so(flow, login):
    sheet = submit(flow.p.consultant)
    client = login(flow.p.manager)
    client.post(f"{URL}{sheet.pk}/approuver/")
    response = client.post(f"{URL}{sheet.pk}/approuver/", HTTP_HX_REQUEST="true")
    assert "déjà traité" in response.content.decode()
    response = client.post(f"{URL}{sheet.pk}/approuver/", follow=True)
    assert "déjà traité" in response.content.decode()


def test_someone_elses_cra_cannot_be_approved_from_the_list(flow, login):
    sheet = submit(flow.p.consultant)
    response = login(flow.p.colleague).post(f"{URL}{sheet.pk}/approuver/")
    assert response.status_code == 403
    assert Timesheet.objects.get(pk=sheet.pk).status == "submitted"


def test_the_inbox_reads_a_bounded_number_of_queries(flow, login, django_assert_max_num_queries):
    client = login(flow.p.manager)
    submit(flow.p.consultant)
    with django_assert_max_num_queries(14) as one:
        client.get(URL)
    for n in range(4):
        filled_consultant(flow.p, f"extra{n}@alpha.test")
    with django_assert_max_num_queries(len(one.captured_queries)):
        html = client.get(URL).content.decode()
    assert html.count('name="ids"') == 5


def test_the_home_page_counts_the_cras_to_approve(flow, login):
    submit(flow.p.consultant)
    html = login(flow.p.manager).get("/").content.decode()
    assert 'id="home-to-approve"' in html
    assert "CRA à valider" in html
    html = login(member(flow.org, "consultant")).get("/").content.decode()
    assert 'id="home-to-approve"' not in html
