"""The TACE dashboards: who sees what, the numbers against hand-computed months, the filters."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from timetrack.kpis.tests.test_tace import APRIL, fill, worked
from timetrack.orgs.models import Role
from timetrack.tests.factories import TeamFactory, member
from timetrack.timesheets.models import Timesheet, TimesheetStatus

pytestmark = pytest.mark.django_db
ORG_URL = reverse("kpis:organisation")
TEAM_URL = reverse("kpis:team")
APRIL_QUERY = {"period": "custom", "start": "2026-04-01", "end": "2026-04-30"}


@pytest.fixture(autouse=True)
def in_april():
    with time_machine.travel(date(2026, 4, 20), tick=False):
        yield


def brief_month(person):
    """The product brief's April 2026: 17 project days, 2 days of CP, 2 days on the bench."""
    days = worked(person, *APRIL)
    fill(person, days[:17], "project")
    fill(person, days[17:19], "paid_leave")
    fill(person, days[19:], "bench")


def alone(personas):
    """Everyone but the consultant left in 2025: the organisation's figures are hers."""
    for person in (personas.admin, personas.finance, personas.manager, personas.colleague):
        person.end_date = date(2025, 12, 31)
        person.save()


def test_it_requires_a_login(client):
    response = client.get(ORG_URL)
    assert response.status_code == 302 and "/comptes/connexion/" in response.url


@pytest.mark.parametrize("role", ["consultant", "manager"])
def test_it_refuses_the_organisation_dashboard_to_other_roles(personas, login, role):
    assert login(getattr(personas, role)).get(ORG_URL).status_code == 403


@pytest.mark.parametrize("role", ["admin", "finance"])
def test_it_opens_the_organisation_dashboard_to_admin_and_finance(personas, login, role):
    response = login(getattr(personas, role)).get(ORG_URL)
    assert response.status_code == 200
    assert b'id="trend-chart"' in response.content and b'id="dashboard-data"' in response.content


def test_it_refuses_the_team_dashboard_to_consultants_and_finance(personas, login):
    assert login(personas.consultant).get(TEAM_URL).status_code == 403
    assert login(personas.finance).get(TEAM_URL).status_code == 403


def test_it_shows_the_brief_example_in_french(personas, login):
    alone(personas)
    brief_month(personas.consultant)
    response = login(personas.admin).get(ORG_URL, APRIL_QUERY)
    content = response.content.decode()
    assert "89,47 %" in content  # 119 / 133
    assert "10,53 %" in content  # bench: 14 / 133
    assert "147,00 h" in content and "14,00 h" in content and "119,00 h" in content
    # The explanation carries the four numbers and the period.
    assert "dénominateur : 133,00 h" in content and "avril 2026" in content
    # The person links to the entries behind their figures.
    assert f"/cra/2026/4/?user={personas.consultant.user_id}" in content
    ranking = response.context["board"].people
    assert ranking[0].member == personas.consultant


def test_the_cards_give_the_month_quarter_and_year_to_date(personas, login):
    alone(personas)
    brief_month(personas.consultant)  # 17 project days: the 13 worked days up to 20 April, then 4 more
    board = login(personas.admin).get(ORG_URL, {"team": "", "validated": ""}).context["board"]
    month, quarter, year = (card.figures for card in board.cards)
    assert month.billable_hours == month.possible_hours == 91  # 13 days × 7 h, to today (20 April)
    assert month.tace == 100
    assert quarter.billable_hours == year.billable_hours == 91
    assert board.cards[0].period == "01/04/2026 – 20/04/2026"


def test_a_past_month_counts_whole(personas, login):
    alone(personas)
    brief_month(personas.consultant)
    with time_machine.travel(date(2026, 5, 4), tick=False):
        board = login(personas.admin).get(ORG_URL, APRIL_QUERY).context["board"]
    assert board.cards[0].figures.billable_hours == 119
    assert board.cards[0].period == "avril 2026"


def test_an_undefined_tace_shows_a_dash(personas, login):
    for person in (
        personas.admin,
        personas.finance,
        personas.manager,
        personas.consultant,
        personas.colleague,
    ):
        person.end_date = date(2025, 12, 31)
        person.save()
    response = login(personas.admin).get(ORG_URL, APRIL_QUERY)
    assert response.context["board"].overall.tace is None
    assert ">—<" in response.content.decode()


def test_a_manager_sees_only_their_subtree(personas, login):
    brief_month(personas.consultant)
    fill(personas.colleague, worked(personas.colleague, *APRIL)[:5], "project")
    response = login(personas.manager).get(TEAM_URL, APRIL_QUERY)
    assert response.status_code == 200
    board = response.context["board"]
    assert [row.member for row in board.people] == [personas.consultant]
    assert [row.member for row in board.glance] == [personas.consultant]
    assert "89,47 %" in response.content.decode()
    assert b"bob@alpha.test" not in response.content


def test_an_admin_looks_at_a_managers_subtree(personas, login):
    brief_month(personas.consultant)
    client = login(personas.admin)
    board = client.get(TEAM_URL, {"manager": personas.manager.user_id}).context["board"]
    assert [row.member for row in board.glance] == [personas.consultant]
    assert client.get(TEAM_URL, {"manager": personas.other.user_id}).status_code == 404
    assert client.get(TEAM_URL, {"manager": "x"}).status_code == 404


def test_the_team_filter_narrows_everything(personas, login):
    team = TeamFactory(organization=personas.org)
    personas.colleague.team = team
    personas.colleague.save()
    brief_month(personas.consultant)
    fill(personas.colleague, worked(personas.colleague, *APRIL)[:5], "project")
    response = login(personas.admin).get(ORG_URL, {**APRIL_QUERY, "team": team.pk})
    board = response.context["board"]
    assert [row.member for row in board.people] == [personas.colleague]
    assert board.overall.billable_hours == 35
    assert [row.label for row in board.teams] == [team.name]
    assert f"team={team.pk}" in board.teams[0].url


def test_another_organisations_team_is_ignored(personas, login):
    foreign = TeamFactory(organization=personas.other_org)
    brief_month(personas.consultant)
    response = login(personas.admin).get(ORG_URL, {**APRIL_QUERY, "team": foreign.pk})
    assert response.status_code == 200
    people = response.context["board"].people
    assert people[0].member == personas.consultant and len(people) == 5  # the whole organisation
    assert 'id="filter-errors"' in response.content.decode()


def test_validated_only_counts_validated_months(personas, login):
    brief_month(personas.consultant)
    client = login(personas.admin)
    query = {**APRIL_QUERY, "validated": "on"}
    assert client.get(ORG_URL, query).context["board"].overall.billable_hours == 0
    Timesheet.objects.filter(user=personas.consultant.user, month=date(2026, 4, 1)).update(
        status=TimesheetStatus.VALIDATED
    )
    assert client.get(ORG_URL, query).context["board"].overall.billable_hours == 119


@pytest.mark.parametrize(
    "query, message",
    [
        ({"period": "custom", "start": "2026-13-01", "end": "2026-04-30"}, "Date invalide"),
        ({"period": "custom", "start": "2026-04-30", "end": "2026-04-01"}, "La date de fin doit suivre"),
        ({"period": "custom", "start": "2026-04-01"}, "Indiquez les deux dates"),
        ({"period": "custom", "start": "2020-01-01", "end": "2026-04-01"}, "trois ans"),
    ],
)
def test_bad_dates_get_a_french_message(personas, login, query, message):
    response = login(personas.admin).get(ORG_URL, query)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["board"].start == date(2026, 4, 1)  # back to the current month


@pytest.mark.parametrize(
    "period, start", [("month", date(2026, 4, 1)), ("quarter", date(2026, 4, 1)), ("year", date(2026, 1, 1))]
)
def test_the_periods(personas, login, period, start):
    board = login(personas.admin).get(ORG_URL, {"period": period}).context["board"]
    assert (board.start, board.end) == (start, date(2026, 4, 30))


@pytest.mark.parametrize("role, url", [("admin", ORG_URL), ("manager", TEAM_URL)])
def test_the_query_count_does_not_grow_with_people(personas, login, django_assert_max_num_queries, role, url):
    client = login(getattr(personas, role))
    brief_month(personas.consultant)
    team = TeamFactory(organization=personas.org)
    # 16, plus 7 for the targets (three queries) and the month's forecast (four), plus the TACE policies
    # (one, for every figure of the page), plus the current month to date (one read of its entries): a
    # fixed amount.
    with django_assert_max_num_queries(25) as few:
        client.get(url, APRIL_QUERY)
    for _i in range(6):
        brief_month(member(personas.org, Role.CONSULTANT, team=team, manager=personas.manager.user))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, APRIL_QUERY)
    assert len(response.context["board"].people) >= 7


def test_the_home_page_shows_my_tace(personas, login):
    brief_month(personas.consultant)
    content = login(personas.consultant).get(reverse("core:home")).content.decode()
    assert "Mon TACE du mois" in content and "89,47 %" in content
    assert reverse("kpis:me") in content


def test_my_page_shows_my_trend(personas, login):
    brief_month(personas.consultant)
    with time_machine.travel(date(2026, 5, 4), tick=False):  # April over: counted whole
        response = login(personas.consultant).get(reverse("kpis:me"), APRIL_QUERY)
    assert response.status_code == 200
    assert "89,47 %" in response.content.decode()
    labels = response.context["board"].chart_data()["trend"]
    assert len(labels["labels"]) == 12 and labels["tace"][-1] == 89.47


@pytest.mark.parametrize(
    "role, url", [("admin", "kpis:organisation"), ("finance", "kpis:organisation"), ("manager", "kpis:team")]
)
def test_the_navbar_links_the_dashboards(personas, login, role, url):
    content = login(getattr(personas, role)).get(reverse("core:home")).content.decode()
    assert f'href="{reverse(url)}"' in content


def test_consultants_have_no_indicateurs_menu(personas, login):
    assert "Indicateurs" not in login(personas.consultant).get(reverse("core:home")).content.decode()


def test_the_ranking_is_paged_keeping_the_filters(personas, login):
    for n in range(52):  # with the five personas: 57 people with possible hours in April
        member(personas.org, Role.CONSULTANT, user__first_name="Zoé", user__last_name=f"N{n:02d}")
    client = login(personas.admin)
    first = client.get(ORG_URL, APRIL_QUERY)
    assert len(first.context["ranking"]) == 50
    assert "57 personnes" in first.content.decode()
    assert "page=2" in first.content.decode() and "start=2026-04-01" in first.content.decode()
    second = client.get(ORG_URL, APRIL_QUERY | {"page": "2"})
    rows = second.content.decode().split('data-user="')[1:]
    assert len(rows) == 7
    assert "<td>51</td>" in rows[0]  # the numbering goes on from the first page
