"""The month and week grids: what they show, who may open them, and what opening them costs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timetrack.orgs.models import Role
from timetrack.tests.factories import AssignmentFactory, member
from timetrack.timesheets.models import TimesheetStatus
from timetrack.timesheets.selectors import timesheet_for
from timetrack.timesheets.services import Cell, save_entries

pytestmark = pytest.mark.django_db
MARCH = "/cra/2026/3/"


def put(cra, day, quantity, code="project", person=None):
    """Enter ``quantity`` days of ``code`` on ``day`` for the consultant through the one write path."""
    person = person or cra.p.consultant
    project = cra.project if code == "project" else None
    cell = Cell(day, cra.types[code], project, Decimal(quantity), "days")
    save_entries(actor=person, person=person, cells=[cell])


def row(cra, code="project") -> str:
    return f"{cra.types[code].pk}-{cra.project.pk if code == 'project' else 0}"


def lock(cra, month=date(2026, 3, 1)):
    sheet = timesheet_for(org=cra.org, user_id=cra.p.consultant.user_id, month=month)
    sheet.status = TimesheetStatus.SUBMITTED
    sheet.save()


def test_it_requires_login(client, cra):
    assert client.get(MARCH)["Location"].startswith("/comptes/connexion/")


def test_it_shows_the_days_with_weekends_and_named_holidays(login, cra):
    content = login(cra.p.consultant).get("/cra/2026/4/").content.decode()
    assert "Avril 2026" in content
    assert 'class="cra-day-head cra-holiday" title="Lundi de Pâques"' in content
    assert 'class="cra-day-head cra-weekend"' in content  # Saturday 4 April
    assert f'id="g-{row(cra)}-2026-04-30"' in content
    assert "2026-04-31" not in content
    assert content.count('class="cra-day-head') == 30


def test_its_rows_are_the_assignments_and_the_activities_used(login, cra):
    put(cra, date(2026, 3, 2), "0.5", code="training")
    content = login(cra.p.consultant).get(MARCH).content.decode()
    assert f'data-row="{row(cra)}"' in content
    assert cra.project.code in content
    assert f'data-row="{row(cra, "training")}"' in content
    assert f'data-row="{row(cra, "paid_leave")}"' not in content


def test_it_shows_the_totals_per_row_day_week_and_month(login, cra):
    put(cra, date(2026, 3, 2), "1")
    put(cra, date(2026, 3, 3), "0.5")
    put(cra, date(2026, 3, 3), "0.5", code="training")
    put(cra, date(2026, 3, 9), "1")
    content = login(cra.p.consultant).get(MARCH).content.decode()
    assert f'id="g-{row(cra)}-2026-03-03" value="0,5"' in content
    assert f'<span id="rt-{row(cra)}">2,5</span>' in content
    assert f'<span id="rt-{row(cra, "training")}">0,5</span>' in content
    assert '<span id="dt-2026-03-03" class="cra-day-total">1</span>' in content
    assert '<span id="wt-2026-10" class="fw-semibold">2</span>' in content
    assert '<span id="wt-2026-11" class="fw-semibold">1</span>' in content
    assert '<span id="pt" class="fw-semibold">3</span>' in content


def test_it_warns_about_an_incomplete_worked_day(login, cra):
    put(cra, date(2026, 3, 4), "0.5")
    content = login(cra.p.consultant).get(MARCH).content.decode()
    assert "Journée incomplète : 0,5\u00a0j sur 1\u00a0j." in content


def test_in_hours_it_warns_about_a_day_above_the_contract(login, cra):
    cra.org.time_unit = "hours"
    cra.org.save()
    person = cra.p.consultant
    person.refresh_from_db()
    save_entries(
        actor=person,
        person=person,
        cells=[Cell(date(2026, 3, 4), cra.types["project"], cra.project, 9, "hours")],
    )
    content = login(person).get(MARCH).content.decode()
    assert f'id="g-{row(cra)}-2026-03-04" value="9"' in content
    assert "Au-delà de la journée de travail : 9\u00a0h pour 7\u00a0h." in content
    assert "en heures" in content
    assert "7 h sur chaque jour ouvré encore vide du mois." in content


def test_it_lists_the_days_still_missing(login, cra):
    put(cra, date(2026, 3, 2), "1")
    content = login(cra.p.consultant).get(MARCH).content.decode()
    assert "21 jours ouvrés à remplir" in content
    assert '<span id="dt-2026-03-03" class="cra-day-total cra-missing"' in content


def test_a_locked_month_is_read_only(login, cra):
    put(cra, date(2026, 3, 2), "1")
    lock(cra)
    content = login(cra.p.consultant).get(MARCH).content.decode()
    assert "lecture seule" in content
    assert "Soumis" in content
    assert "/cellule/" not in content
    assert "Copier la veille" not in content
    assert f'id="g-{row(cra)}-2026-03-02" value="1"' in content


def test_the_phone_layout_lists_the_days(login, cra):
    content = login(cra.p.consultant).get("/cra/2026/4/").content.decode()
    assert 'id="cra-days"' in content
    assert '<section class="card mb-2 cra-day cra-holiday" id="ld-2026-04-06"' in content
    assert f'id="li-{row(cra)}-2026-04-07"' in content
    assert 'inputmode="decimal"' in content


@time_machine.travel("2026-03-18 10:00 +01:00")
def test_the_current_month_opens_at_cra_and_highlights_today(login, cra):
    content = login(cra.p.consultant).get("/cra/").content.decode()
    assert "Mars 2026" in content
    assert 'class="cra-day-head cra-today"' in content
    assert 'data-day="2026-03-18"' in content


def test_it_links_the_previous_and_next_months(login, cra):
    content = login(cra.p.consultant).get("/cra/2026/1/").content.decode()
    assert 'href="/cra/2025/12/" rel="prev"' in content
    assert 'href="/cra/2026/2/" rel="next"' in content


@pytest.mark.parametrize(
    "url", ["/cra/2026/13/", "/cra/2026/0/", "/cra/semaine/2026/54/", "/cra/2026-13/ligne/"]
)
def test_an_impossible_period_is_not_found(login, cra, url):
    assert login(cra.p.consultant).get(url).status_code == 404


def test_the_week_view_shows_the_seven_days_of_the_iso_week(login, cra):
    put(cra, date(2026, 3, 2), "1")
    content = login(cra.p.consultant).get("/cra/semaine/2026/10/").content.decode()
    assert "Semaine 10 · du 2 mars au 8 mars 2026" in content
    assert content.count('class="cra-day-head') == 7
    assert f'id="g-{row(cra)}-2026-03-02" value="1"' in content
    assert "/cra/2026-S10/cellule/" in content
    assert 'href="/cra/semaine/2026/9/" rel="prev"' in content


def test_a_week_across_two_months_shows_both(login, cra):
    content = login(cra.p.consultant).get("/cra/semaine/2026/14/").content.decode()
    assert f'id="g-{row(cra)}-2026-03-30"' in content
    assert f'id="g-{row(cra)}-2026-04-05"' in content


# --- Whose CRA -----------------------------------------------------------------------------------------
def test_a_manager_opens_a_team_members_month(login, cra):
    put(cra, date(2026, 3, 2), "1")
    response = login(cra.p.manager).get(f"{MARCH}?user={cra.p.consultant.user_id}")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Compte rendu d'activité de" in content
    assert f"/cra/2026-03/cellule/?user={cra.p.consultant.user_id}" in content
    assert f'id="g-{row(cra)}-2026-03-02" value="1"' in content


def test_an_admin_opens_anyones_month(login, cra):
    assert login(cra.p.admin).get(f"{MARCH}?user={cra.p.colleague.user_id}").status_code == 200


@pytest.mark.parametrize(
    ("viewer", "target"),
    [("consultant", "colleague"), ("manager", "colleague"), ("finance", "consultant")],
)
def test_it_refuses_a_month_outside_the_viewers_scope(login, cra, viewer, target):
    client = login(getattr(cra.p, viewer))
    assert client.get(f"{MARCH}?user={getattr(cra.p, target).user_id}").status_code == 403


def test_another_organisations_person_is_not_found(login, cra):
    assert login(cra.p.admin).get(f"{MARCH}?user={cra.p.other.user_id}").status_code == 404
    assert login(cra.p.admin).get(f"{MARCH}?user=abc").status_code == 404


def test_a_user_without_organisation_is_refused(client, cra):
    from timetrack.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(MARCH).status_code == 403


# --- Forfait-jours -------------------------------------------------------------------------------------
@time_machine.travel("2026-03-04 12:00 +01:00")
def test_a_forfait_jours_consultant_sees_the_days_worked_and_the_projection(login, cra):
    person = cra.p.consultant
    person.forfait_jours = True
    person.save()
    put(cra, date(2026, 3, 2), "1")
    put(cra, date(2026, 3, 3), "0.5")
    put(cra, date(2026, 3, 3), "0.5", code="paid_leave")  # leave is not work
    put(cra, date(2026, 3, 5), "1")  # after today: not yet worked
    content = login(person).get(MARCH).content.decode()
    # 1.5 days so far + 208 worked days from 5 March to 31 December 2026.
    assert "<strong>Forfait-jours 2026</strong> : 1,5 j travaillés au 4 mars" in content
    assert "209,5 j sur 218 j" in content
    assert "dépasse le plafond" not in content


@time_machine.travel("2026-03-04 12:00 +01:00")
def test_it_warns_when_the_projection_exceeds_the_forfait(login, cra):
    cra.org.forfait_days_per_year = 200
    cra.org.save()
    person = cra.p.consultant
    person.forfait_jours = True
    person.save()
    content = login(person).get(MARCH).content.decode()
    assert "La projection dépasse le plafond de 200 jours" in content


def test_others_see_no_forfait_counter(login, cra):
    assert "Forfait-jours" not in login(cra.p.consultant).get(MARCH).content.decode()


# --- Cost ----------------------------------------------------------------------------------------------
def test_the_month_opens_in_a_number_of_queries_independent_of_the_entries(login, cra):
    client = login(cra.p.consultant)
    put(cra, date(2026, 3, 2), "1")
    client.get(MARCH)  # the built-in activity types are installed on first use
    with CaptureQueriesContext(connection) as one_entry:
        assert client.get(MARCH).status_code == 200

    person = cra.p.consultant
    cells = [
        Cell(date(2026, 3, 1) + timedelta(days=n), cra.types[code], None, Decimal("0.25"), "days")
        for n in range(31)
        for code in ("training", "paid_leave")
        if n != 1  # 2 March already holds a full day
    ]
    save_entries(actor=person, person=person, cells=cells[:59])
    with CaptureQueriesContext(connection) as sixty_entries:
        assert client.get(MARCH).status_code == 200
    assert len(sixty_entries) == len(one_entry) <= 15, [q["sql"] for q in sixty_entries]


def test_a_manager_opening_a_members_month_stays_bounded(login, cra, django_assert_max_num_queries):
    client = login(cra.p.manager)
    client.get(f"{MARCH}?user={cra.p.consultant.user_id}")
    with django_assert_max_num_queries(18):
        client.get(f"{MARCH}?user={cra.p.consultant.user_id}")


def test_each_consultant_gets_the_row_of_their_own_assignment(login, cra):
    other = member(cra.org, Role.CONSULTANT)
    AssignmentFactory(person=other, start_date=date(2026, 1, 1), project=cra.project)
    content = login(other).get(MARCH).content.decode()
    assert f'data-row="{row(cra)}"' in content


def test_the_navigation_and_the_home_page_lead_to_my_cra(login, cra):
    client = login(cra.p.consultant)
    home = client.get("/").content.decode()
    assert 'href="/cra/">Mon CRA</a>' in home
    assert "Mon CRA du mois" in home
    page = client.get(MARCH).content.decode()
    assert 'class="nav-link active" aria-current="page" href="/cra/">Mon CRA</a>' in page
