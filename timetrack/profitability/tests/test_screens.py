"""The profitability screens: the projects table, a project's page, the alerts and the cost rates.

The books: a time-and-materials project managed by the manager, budget 20 days, the consultant on it at
TJM 500 € and CJM 300 €; 10 days logged in March 2026 → revenue 5 000 €, cost 3 000 €, margin 2 000 €
(40 %), ROI 66.67 %, budget consumed 50 %. Today is 30 June 2026.
"""

import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timetrack.orgs.models import Role
from timetrack.profitability.models import Alert, AssignmentRate, CostRate
from timetrack.tests.factories import AgencyFactory, AssignmentFactory, ClientFactory, ProjectFactory, member

pytestmark = pytest.mark.django_db

TABLE = "/rentabilite/"
ALERTS = "/rentabilite/alertes/"
COSTS = "/rentabilite/cjm/"
NBSP = "\xa0"
REVENUE = f"5{NBSP}000,00 €"
COST = f"3{NBSP}000,00 €"
MARGIN = f"2{NBSP}000,00 €"
COST_WORDS = ("Coût", "Marge", "ROI", "CJM", COST, MARGIN)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 6, 30, 10, tzinfo=UTC), tick=False):
        yield


def page(books) -> str:
    return f"/rentabilite/projets/{books.project.pk}/"


@pytest.fixture
def march(books):
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 6)))
    books.log(books.weekdays(date(2026, 3, 16), date(2026, 3, 20)))
    return books


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def codes(response) -> list[str]:
    return [row.figures.project.code for row in response.context["table"].rows]


def another_project(books, code, days: dict, *, rate="500.00", **fields):
    """A second project of the consultant's, with days logged on it."""
    project = ProjectFactory(organization=books.org, code=code, **fields)
    AssignmentFactory(
        person=books.p.consultant, project=project, start_date=date(2026, 1, 1), daily_rate=Decimal(rate)
    )
    books.log(days, project=project)
    return project


# --- the projects table ---------------------------------------------------------------------------


def test_it_requires_login(client):
    for url in (TABLE, ALERTS, COSTS, "/rentabilite/projets/1/"):
        assert client.get(url)["Location"].startswith("/comptes/connexion/")


@pytest.mark.parametrize("persona", ["admin", "finance"])
def test_it_shows_every_figure_in_french_to_admin_and_finance(login, march, persona):
    html = html_of(login(getattr(march.p, persona)).get(TABLE))
    assert march.project.code in html and march.project.client.name in html and "Régie" in html
    for text in (REVENUE, COST, MARGIN, "40,00 %", "66,67 %", "50,00 %", "10,00 j", "Coût", "Marge brute"):
        assert text in html, text
    assert 'style="width: 50.0%"' in html


def test_it_defaults_to_the_year_to_date(login, march):
    response = login(march.p.admin).get(TABLE)
    assert response.context["table"].period == "01/01/2026 – 30/06/2026"


def test_a_project_manager_sees_the_revenue_and_nothing_derived_from_costs(login, march):
    html = html_of(login(march.p.manager).get(TABLE))
    assert REVENUE in html and "50,00 %" in html
    for text in COST_WORDS:
        assert text not in html, text


def test_a_project_manager_sees_only_the_projects_they_manage(login, march):
    another_project(march, "NOT-MINE", {date(2026, 3, 9): "1"})
    assert codes(login(march.p.manager).get(TABLE)) == [march.project.code]
    assert len(codes(login(march.p.admin).get(TABLE))) == 2


def test_whoever_manages_no_project_is_refused(login, march):
    assert login(march.p.consultant).get(TABLE).status_code == 403
    assert login(member(march.org, Role.MANAGER)).get(TABLE).status_code == 403


def test_a_consultant_managing_a_project_sees_it(login, march):
    march.project.project_manager = march.p.colleague.user
    march.project.save()
    html = html_of(login(march.p.colleague).get(TABLE))
    assert REVENUE in html and "Coût" not in html


def test_it_never_shows_another_organisations_projects(login, march):
    ProjectFactory(organization=march.p.other_org, code="SECRET")
    assert "SECRET" not in html_of(login(march.p.admin).get(TABLE))
    assert march.project.code not in html_of(login(march.p.other).get(TABLE))


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("-revenue", ["BIG", "P-MARCH", "SMALL"]),
        ("revenue", ["SMALL", "P-MARCH", "BIG"]),
        ("-margin", ["BIG", "P-MARCH", "SMALL"]),
        ("code", ["BIG", "P-MARCH", "SMALL"]),
        ("-code", ["SMALL", "P-MARCH", "BIG"]),
        ("DROP TABLE", ["BIG", "P-MARCH", "SMALL"]),
    ],
)
def test_it_sorts_on_a_whitelisted_column(login, march, sort, expected):
    march.project.code = "P-MARCH"
    march.project.save()
    another_project(march, "BIG", march.weekdays(date(2026, 4, 1), date(2026, 4, 30)), rate="900.00")
    another_project(march, "SMALL", {date(2026, 5, 4): "1"})
    response = login(march.p.admin).get(TABLE, {"sort": sort})
    assert codes(response) == expected


def test_a_project_manager_cannot_sort_on_a_cost_column(login, march):
    project = another_project(march, "A-FIRST", {date(2026, 5, 4): "1"})
    project.project_manager = march.p.manager.user
    project.save()
    response = login(march.p.manager).get(TABLE, {"sort": "-margin"})
    assert response.context["table"].sort == "code"
    assert codes(response) == ["A-FIRST", march.project.code]


def test_undefined_values_sort_last_both_ways(login, march):
    another_project(march, "A-NOBUDGET", {date(2026, 5, 4): "1"})  # no budget: no consumption
    for sort in ("consumed", "-consumed"):
        assert codes(login(march.p.admin).get(TABLE, {"sort": sort}))[-1] == "A-NOBUDGET"


def test_it_filters_by_client_mode_manager_and_agency(login, march):
    paris = AgencyFactory(organization=march.org, name="Paris")
    march.p.manager.agency = paris
    march.p.manager.save()
    other = another_project(
        march,
        "FIXED",
        {date(2026, 3, 9): "1"},
        billing_mode="fixed_price",
        project_manager=march.p.admin.user,
    )
    client = login(march.p.admin)
    assert codes(client.get(TABLE, {"client": other.client_id})) == ["FIXED"]
    assert codes(client.get(TABLE, {"billing_mode": "fixed_price"})) == ["FIXED"]
    assert codes(client.get(TABLE, {"manager": march.p.manager.user_id})) == [march.project.code]
    assert codes(client.get(TABLE, {"agency": paris.pk})) == [march.project.code]
    # a choice of another organisation is refused and ignored
    foreign = ClientFactory(organization=march.p.other_org)
    response = client.get(TABLE, {"client": foreign.pk})
    assert len(codes(response)) == 2 and "client" in response.context["filters"].errors


def test_it_filters_by_period(login, march):
    client = login(march.p.admin)
    april = client.get(TABLE, {"period": "custom", "start": "2026-04-01", "end": "2026-04-30"})
    assert april.context["table"].total.revenue == 0
    first_half = client.get(TABLE, {"start": "2026-03-01", "end": "2026-03-10"})
    assert first_half.context["table"].total.revenue == Decimal("2500.00")
    assert client.get(TABLE, {"period": "month"}).context["table"].period == "juin 2026"
    assert client.get(TABLE, {"period": "quarter"}).context["table"].period == "01/04/2026 – 30/06/2026"


def test_the_table_links_its_excel_export(login, march):
    response = login(march.p.admin).get(TABLE, {"period": "quarter", "billing_mode": "fixed_price"})
    assert (
        response.context["export_url"]
        == "/rentabilite/export.xlsx?from=2026-04-01&to=2026-06-30&mode=fixed_price"
    )
    assert login(march.p.manager).get(response.context["export_url"]).status_code == 200


def test_bad_dates_are_reported_and_the_default_period_used(login, march):
    response = login(march.p.admin).get(TABLE, {"start": "2026-02-30", "end": "2026-03-31"})
    html = html_of(response)
    assert "Date invalide" in html and REVENUE in html


def test_the_total_is_a_ratio_of_sums(login, march):
    # a second project: 1 day at 1 000 € with the CJM of 300 € → margin 700 €
    another_project(march, "SMALL", {date(2026, 5, 4): "1"}, rate="1000.00")
    response = login(march.p.admin).get(TABLE)
    total = response.context["table"].total
    assert (total.revenue, total.cost) == (Decimal("6000.00"), Decimal("3300.00"))
    assert total.margin_rate == Decimal("45.00")  # 2 700 / 6 000, not the mean of 40 % and 70 %
    assert "45,00 %" in html_of(response)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def staffed_project(books, code):
    """A project with its own consultant, who worked on it in March and yesterday (a partial month)."""
    person = member(books.org)
    project = ProjectFactory(organization=books.org, code=code, budget_days=Decimal("10"))
    AssignmentFactory(
        person=person, project=project, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)
    )
    books.log({date(2026, 3, 9): "1", date(2026, 6, 29): "0.5"}, person=person, project=project)


def test_the_table_takes_a_bounded_number_of_queries(login, march, django_assert_max_num_queries):
    client = login(march.p.admin)
    for n in range(2):
        staffed_project(march, f"Q{n}")
    with time_machine.travel(datetime(2026, 6, 29, 10, tzinfo=UTC), tick=False):  # a partial month too
        few = _count(client, TABLE)
        for n in range(2, 10):
            staffed_project(march, f"Q{n}")
        assert _count(client, TABLE) == few
        with django_assert_max_num_queries(20):
            client.get(TABLE)


# --- a project's page -----------------------------------------------------------------------------


def test_the_project_page_shows_the_figures_and_the_charts(login, march):
    response = login(march.p.admin).get(page(march), {"start": "2026-01-01", "end": "2026-06-30"})
    html = html_of(response)
    for text in (REVENUE, COST, MARGIN, "40,00 %", "66,67 %", "50,00 %", "20,00 j", "10,00 j", "500,00 €"):
        assert text in html, text
    charts = response.context["charts"]
    assert charts["money"]["revenue"][2] == 5000.0 and charts["money"]["cost"][2] == 3000.0
    assert charts["consumption"]["consumed"][:6] == [0.0, 0.0, 10.0, 10.0, 10.0, 10.0]
    assert charts["consumption"]["budget"][0] == 20.0
    assert 'id="profitability-data"' in html and "chart.umd.min.js" in html


def test_the_project_page_defaults_to_the_projects_life(login, march):
    march.project.start_date = date(2026, 2, 10)
    march.project.save()
    response = login(march.p.admin).get(page(march))
    assert response.context["period_label"] == "10/02/2026 – 30/06/2026"


def test_the_forecast_is_drawn_to_the_projects_end(login, march):
    march.project.end_date = date(2026, 8, 31)
    march.project.save()
    march.assignment.end_date = date(2026, 8, 31)
    march.assignment.save()
    charts = login(march.p.admin).get(page(march), {"period": "year"}).context["charts"]["consumption"]
    assert charts["labels"][-2:] == ["juil. 2026", "août 2026"]
    assert charts["forecast"][5] == charts["consumed"][5] == 10.0
    assert charts["forecast"][-1] > 10.0 and charts["consumed"][-1] is None


def test_a_project_manager_sees_no_cost_on_the_project_page(login, march):
    response = login(march.p.manager).get(page(march))
    html = html_of(response)
    assert REVENUE in html
    for text in (*COST_WORDS, "300,00"):
        assert text not in html, text
    assert set(response.context["charts"]["money"]) == {"labels", "revenue"}


def test_the_project_page_warns_of_days_without_rates(login, march):
    CostRate.objects.all().delete()
    march.assignment.daily_rate = None
    march.assignment.save()
    from timetrack.profitability import rollup

    rollup.recompute_person(march.org, march.p.consultant.user_id)
    html = html_of(login(march.p.admin).get(page(march)))
    assert "facturables sans TJM" in html and "sans CJM" in html
    html = html_of(login(march.p.manager).get(page(march)))
    assert "facturables sans TJM" in html and "CJM" not in html


def test_the_project_page_refuses_outsiders(login, march):
    assert login(march.p.consultant).get(page(march)).status_code == 403
    assert login(member(march.org, Role.MANAGER)).get(page(march)).status_code == 403
    assert login(march.p.other).get(page(march)).status_code == 404
    assert login(march.p.admin).get("/rentabilite/projets/999999/").status_code == 404


def test_the_project_page_takes_a_bounded_number_of_queries(login, march, django_assert_max_num_queries):
    client = login(march.p.admin)
    few = _count(client, page(march))
    for _ in range(5):
        person = member(march.org)
        AssignmentFactory(person=person, project=march.project, start_date=date(2026, 1, 1))
        march.log({date(2026, 3, 10): "1", date(2026, 6, 29): "0.5"}, person=person)
    assert _count(client, page(march)) == few
    with django_assert_max_num_queries(30):
        client.get(page(march))


# --- the TJM form ---------------------------------------------------------------------------------


def rate_data(books, **overrides):
    data = {
        "rate-assignment": books.assignment.pk,
        "rate-daily_rate": "650,50",
        "rate-effective_from": "2026-03-16",
    }
    return data | overrides


@pytest.mark.parametrize("persona", ["admin", "finance", "manager"])
def test_it_changes_a_tjm_from_a_date(login, march, persona):
    client = login(getattr(march.p, persona))
    response = client.post(page(march) + "?period=year", rate_data(march))
    assert response.status_code == 302 and response["Location"] == page(march) + "?period=year"
    rate = AssignmentRate.objects.get()
    assert (rate.daily_rate, rate.effective_from) == (Decimal("650.50"), date(2026, 3, 16))
    html = html_of(client.get(response["Location"]))
    assert "Le nouveau TJM est enregistré." in html
    assert f"5{NBSP}752,50 €" in html  # 5 × 500 + 5 × 650.50


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"rate-daily_rate": "-5"}, "daily_rate", "ne peut pas être négatif"),
        ({"rate-daily_rate": "beaucoup"}, "daily_rate", "nombre"),
        ({"rate-effective_from": "2025-12-01"}, "effective_from", "période de l'affectation"),
        ({"rate-effective_from": ""}, "effective_from", "obligatoire"),
        ({"rate-assignment": "999999"}, "assignment", "choix valide"),
    ],
)
def test_the_tjm_form_names_the_faulty_field(login, march, overrides, field, message):
    response = login(march.p.admin).post(page(march), rate_data(march, **overrides))
    assert response.status_code == 200
    errors = response.context["rate_form"].errors
    assert list(errors) == [field] and message in " ".join(errors[field])
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not AssignmentRate.objects.exists()


def test_the_tjm_form_refuses_the_same_day_twice(login, march):
    client = login(march.p.admin)
    client.post(page(march), rate_data(march))
    response = client.post(page(march), rate_data(march, **{"rate-daily_rate": "700"}))
    assert list(response.context["rate_form"].errors) == ["effective_from"]
    assert AssignmentRate.objects.count() == 1


def test_the_tjm_form_offers_only_the_projects_assignments(login, march):
    elsewhere = AssignmentFactory(person=march.p.colleague, start_date=date(2026, 1, 1))
    response = login(march.p.admin).post(page(march), rate_data(march, **{"rate-assignment": elsewhere.pk}))
    assert list(response.context["rate_form"].errors) == ["assignment"]


def test_a_consultant_managing_a_project_cannot_change_a_tjm(login, march):
    march.project.project_manager = march.p.colleague.user
    march.project.save()
    client = login(march.p.colleague)
    assert "rate-form" not in html_of(client.get(page(march)))
    assert client.post(page(march), rate_data(march)).status_code == 403
    assert not AssignmentRate.objects.exists()


# --- alerts ---------------------------------------------------------------------------------------


def alert(books, kind, *, resolved=False, project=None):
    return Alert.objects.create(
        organization=books.org,
        project=project or books.project,
        kind=kind,
        severity="warning",
        message="(stored text)",
        value=Decimal("12.50"),
        threshold=Decimal("30.00"),
        resolved_at=datetime(2026, 6, 1, tzinfo=UTC) if resolved else None,
    )


def test_the_alerts_screen_lists_open_and_resolved_alerts(login, march):
    alert(march, "budget_warning")
    alert(march, "margin_below_target")
    alert(march, "budget_exceeded", resolved=True)
    html = html_of(login(march.p.admin).get(ALERTS))
    assert "Budget bientôt consommé" in html and "Marge sous l'objectif" in html.replace("&#x27;", "'")
    assert "Budget dépassé" in html and page(march) in html
    assert "12,50 %" in html  # the message, rebuilt in the reader's language
    assert 'id="open-count">2<' in html


def test_a_project_manager_sees_no_margin_alert(login, march):
    alert(march, "budget_warning")
    alert(march, "margin_below_target")
    for url in (ALERTS, page(march)):
        html = html_of(login(march.p.manager).get(url))
        assert "Budget bientôt consommé" in html and "Marge" not in html, url
    response = login(march.p.manager).get(ALERTS, {"kind": "margin_below_target"})
    assert response.context["kind"] == "" and len(response.context["open_alerts"]) == 1


def test_a_project_manager_sees_only_their_projects_alerts(login, march):
    other = another_project(march, "OTHER", {date(2026, 3, 9): "1"})
    alert(march, "budget_warning", project=other)
    assert "OTHER" not in html_of(login(march.p.manager).get(ALERTS))
    assert "OTHER" in html_of(login(march.p.admin).get(ALERTS))


def test_the_alerts_filter_by_kind(login, march):
    alert(march, "budget_warning")
    alert(march, "forecast_over_budget")
    response = login(march.p.admin).get(ALERTS, {"kind": "forecast_over_budget"})
    assert [a.kind for a in response.context["open_alerts"]] == ["forecast_over_budget"]


def test_the_table_counts_the_open_alerts(login, march):
    alert(march, "budget_warning")
    alert(march, "margin_below_target")
    alert(march, "budget_exceeded", resolved=True)
    assert login(march.p.admin).get(TABLE).context["open_alerts"] == 2
    assert login(march.p.manager).get(TABLE).context["open_alerts"] == 1


def test_the_alerts_screen_refuses_outsiders(login, march):
    assert login(march.p.consultant).get(ALERTS).status_code == 403
    alert(march, "budget_warning")
    assert march.project.code not in html_of(login(march.p.other).get(ALERTS))


# --- cost rates -----------------------------------------------------------------------------------


def cost_data(books, **overrides):
    data = {
        "cost-user": books.p.consultant.user_id,
        "cost-daily_cost": "320",
        "cost-effective_from": "2026-04-01",
    }
    return data | overrides


@pytest.mark.parametrize("persona", ["admin", "finance"])
def test_the_cost_rates_show_each_persons_current_cjm_and_history(login, march, persona):
    CostRate.objects.create(
        organization=march.org, user=march.p.consultant.user, daily_cost=350, effective_from=date(2026, 9, 1)
    )
    response = login(getattr(march.p, persona)).get(COSTS)
    html = html_of(response)
    row = next(r for r in response.context["rows"] if r["member"].user_id == march.p.consultant.user_id)
    assert row["current"].daily_cost == Decimal("300.00") and len(row["rates"]) == 2
    assert "300,00 €" in html and "350,00 €" in html and "à venir" in html


@pytest.mark.parametrize("persona", ["manager", "consultant"])
def test_the_cost_rates_are_refused_to_others(login, march, persona):
    client = login(getattr(march.p, persona))
    assert client.get(COSTS).status_code == 403
    assert client.post(COSTS, cost_data(march)).status_code == 403
    assert CostRate.objects.count() == 1


def test_it_adds_a_cjm_from_a_date(login, march):
    client = login(march.p.finance)
    response = client.post(COSTS, cost_data(march))
    assert response.status_code == 302
    assert CostRate.objects.filter(daily_cost=320, effective_from=date(2026, 4, 1)).exists()
    assert "Le CJM est enregistré." in html_of(client.get(response["Location"]))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"cost-daily_cost": "-1"}, "daily_cost"),
        ({"cost-daily_cost": ""}, "daily_cost"),
        ({"cost-effective_from": "2026-01-01"}, "effective_from"),  # the day of the existing CJM
        ({"cost-effective_from": "31/02/2026"}, "effective_from"),
    ],
)
def test_the_cjm_form_names_the_faulty_field(login, march, overrides, field):
    response = login(march.p.admin).post(COSTS, cost_data(march, **overrides))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert CostRate.objects.count() == 1


def test_the_cjm_form_offers_the_organisations_people_only(login, march):
    response = login(march.p.admin).post(COSTS, cost_data(march, **{"cost-user": march.p.other.user_id}))
    assert list(response.context["form"].errors) == ["user"]


def test_it_deletes_a_future_cjm_only(login, march):
    future = CostRate.objects.create(
        organization=march.org, user=march.p.consultant.user, daily_cost=350, effective_from=date(2026, 9, 1)
    )
    past = CostRate.objects.get(effective_from=date(2026, 1, 1))
    client = login(march.p.admin)
    response = client.post(COSTS, {"delete": past.pk})
    assert response.status_code == 302 and CostRate.objects.filter(pk=past.pk).exists()
    assert "pas encore pris effet" in html_of(client.get(COSTS)).replace("&#x27;", "'")
    assert client.post(COSTS, {"delete": future.pk}).status_code == 302
    assert not CostRate.objects.filter(pk=future.pk).exists()


def test_another_organisations_cjm_cannot_be_deleted(login, march):
    future = CostRate.objects.create(
        organization=march.org, user=march.p.consultant.user, daily_cost=350, effective_from=date(2026, 9, 1)
    )
    assert login(march.p.other).post(COSTS, {"delete": future.pk}).status_code == 404
    assert CostRate.objects.filter(pk=future.pk).exists()


def test_the_cost_rates_page_is_paged_and_searchable(login, march):
    client = login(march.p.admin)
    response = client.get(COSTS, {"q": "alice"})
    assert [r["member"].user.email for r in response.context["rows"]] == ["alice@alpha.test"]


# --- the navbar -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "shown"), [("admin", True), ("finance", True), ("manager", True), ("consultant", False)]
)
def test_the_navbar_offers_profitability_to_whoever_may_read_it(login, march, persona, shown):
    html = html_of(login(getattr(march.p, persona)).get("/"))
    assert ('href="/rentabilite/"' in html) is shown


def test_the_navbar_hides_profitability_from_a_manager_without_projects(login, march):
    assert 'href="/rentabilite/"' not in html_of(login(member(march.org, Role.MANAGER)).get("/"))


def test_charts_json_is_valid(login, march):
    html = html_of(login(march.p.admin).get(page(march)))
    start = html.index('id="profitability-data"')
    payload = html[html.index(">", start) + 1 : html.index("</script>", start)]
    assert json.loads(payload)["money"]["labels"]


def test_the_navbar_entry_costs_no_query(login, march):
    managing = _count(login(march.p.manager), "/notifications/")
    assert _count(login(member(march.org, Role.MANAGER)), "/notifications/") == managing


def test_the_table_is_paged_with_totals_over_every_project(login, march):
    for n in range(54):  # with the fixture's project: 55 projects
        ProjectFactory(organization=march.org, code=f"Z{n:03d}")
    client = login(march.p.admin)
    first = client.get(TABLE, {"sort": "code"})
    assert len(first.context["page"]) == 50
    content = html_of(first)
    assert "Total (55 projets)" in content and "page=2" in content and "sort=code" in content
    second = client.get(TABLE, {"sort": "code", "page": "2"})
    assert [row.figures.project.code for row in second.context["page"]] == [
        f"Z{n:03d}" for n in range(49, 54)
    ]
    assert REVENUE in html_of(second)  # the totals row counts the first page's project too


@pytest.mark.parametrize("start, end", [("0001-01-01", "0001-01-31"), ("9999-12-01", "9999-12-31")])
def test_dates_beyond_the_calendar_are_refused_not_a_crash(login, march, start, end):
    query = {"period": "custom", "start": start, "end": end}
    client = login(march.p.admin)
    for url in (TABLE, page(march)):
        assert "Date attendue entre le 01/01/1900 et le 31/12/2999." in html_of(client.get(url, query))


def test_the_export_ignores_a_client_number_too_big_for_the_database(login, march):
    response = login(march.p.admin).get("/rentabilite/export.xlsx", {"client": "9" * 30})
    assert response.status_code == 200
