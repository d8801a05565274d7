"""``GET /api/v1/reports/profitability`` against values computed by hand (organisation of 7 h days)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timetrack.orgs.models import Role
from timetrack.tests.factories import AssignmentFactory, ClientFactory, ProjectFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/profitability"
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
COST_KEYS = {"cost", "gross_margin", "margin_rate", "roi"}


def report(api, **params):
    response = api.get(URL, params)
    assert response.status_code == 200, response.json()
    return response.json()


def row_of(body, project):
    return next(r for r in body["results"] if r["project"] == project.pk)


def test_it_values_a_tjm_change_posted_through_the_api(books):
    # 5 days at 500 € (2–6 March), then 5.5 days at 600 € (16–20 and half of 23 March); CJM 300 €
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 6)))
    books.log(books.weekdays(date(2026, 3, 16), date(2026, 3, 20)) | {date(2026, 3, 23): "0.5"})
    change = {"assignment": books.assignment.pk, "daily_rate": "600", "effective_from": "2026-03-16"}
    assert books.p.api(books.p.manager).post("/api/v1/assignment-rates", change).status_code == 201
    body = report(books.p.api(books.p.finance), **MARCH)
    assert row_of(body, books.project) == {
        "project": books.project.pk,
        "project_code": books.project.code,
        "project_name": books.project.name,
        "client": books.project.client_id,
        "billing_mode": "time_and_materials",
        "from": "2026-03-01",
        "to": "2026-03-31",
        "billable_days": "10.50",
        "worked_days": "10.50",
        "revenue": "5800.00",  # 5 × 500 + 5.5 × 600
        "cost": "3150.00",  # 10.5 × 300
        "gross_margin": "2650.00",
        "margin_rate": "45.69",  # 2650 / 5800
        "roi": "84.13",  # 2650 / 3150
        "budget_days": "20.00",
        "consumed_days": "10.50",
        "consumed_amount": "5800.00",
        "budget_consumed_percent": "52.50",
        "remaining_days": "9.50",
        # the 8.5 days of the 4 weeks ending on 31 March (at most today) / 4
        "burn_days_per_week": "2.13",
        "forecast_at_completion_days": None,  # an assignment without end cannot be forecast
        "runs_out_on": "2026-05-02",  # 9.5 days left at 2.125 a week: 31.3 days after 31 March
        "status": "ok",
    }
    # a partial period reads the entries of the days it covers, at the rate of each day
    part = row_of(
        report(books.p.api(books.p.admin), **{"from": "2026-03-05", "to": "2026-03-17"}), books.project
    )
    assert (part["revenue"], part["cost"], part["billable_days"]) == ("2200.00", "1200.00", "4.00")


def test_a_cjm_posted_through_the_api_changes_the_cost(books):
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 6)))
    books.log(books.weekdays(date(2026, 3, 16), date(2026, 3, 20)) | {date(2026, 3, 23): "0.5"})
    finance = books.p.api(books.p.finance)
    change = {"user": books.p.consultant.user_id, "daily_cost": "350", "effective_from": "2026-03-16"}
    assert finance.post("/api/v1/cost-rates", change).status_code == 201
    row = row_of(report(finance, **MARCH), books.project)
    assert row["revenue"] == "5250.00"  # 10.5 × 500
    assert row["cost"] == "3425.00"  # 5 × 300 + 5.5 × 350
    assert row["gross_margin"] == "1825.00"
    assert row["margin_rate"] == "34.76"
    assert row["roi"] == "53.28"  # 1825 / 3425


@time_machine.travel(date(2026, 6, 30), tick=False)
def test_budget_burn_and_forecast_over_the_whole_life(books):
    books.project.end_date = date(2026, 7, 31)
    books.project.save()
    # 8 days, 7 of them over the 4 weeks ending today: 2 days a week
    books.log(books.weekdays(date(2026, 6, 22), date(2026, 6, 30)) | {date(2026, 6, 3): "1"})
    body = report(books.p.api(books.p.admin))
    row = row_of(body, books.project)
    assert (row["from"], row["to"]) == (None, None)
    assert row["revenue"] == "4000.00" and row["cost"] == "2400.00" and row["roi"] == "66.67"
    assert row["consumed_days"] == "8.00"
    assert row["budget_consumed_percent"] == "40.00"
    assert row["remaining_days"] == "12.00"
    assert row["burn_days_per_week"] == "2.00"
    # July 2026: 22 working days (14 July is a holiday) at 100 %
    assert row["forecast_at_completion_days"] == "30.00"
    assert row["runs_out_on"] == "2026-08-11"  # 12 days left at 2 a week
    assert row["status"] == "warning"  # the forecast exceeds the 20 days sold


def test_undefined_figures_are_null(books):
    free = ProjectFactory(organization=books.org, billing_mode="time_and_materials")
    AssignmentFactory(person=books.p.colleague, project=free, start_date=date(2026, 1, 1), daily_rate=None)
    books.log({date(2026, 3, 2): "1"}, person=books.p.colleague, project=free)
    row = row_of(report(books.p.api(books.p.admin), **MARCH), free)
    assert (row["revenue"], row["cost"], row["gross_margin"]) == ("0.00", "0.00", "0.00")
    assert row["margin_rate"] is None and row["roi"] is None
    assert row["budget_days"] is None and row["remaining_days"] is None
    assert row["budget_consumed_percent"] is None
    assert row["forecast_at_completion_days"] is None


def test_the_total_is_a_ratio_of_sums(books):
    other = ProjectFactory(organization=books.org, client=books.project.client)
    AssignmentFactory(
        person=books.p.colleague, project=other, start_date=date(2026, 1, 1), daily_rate=Decimal("1000")
    )
    books.log({date(2026, 3, 2): "1", date(2026, 3, 3): "1"})  # 1000 € revenue, 600 € cost: 40 %
    books.log({date(2026, 3, 2): "1"}, person=books.p.colleague, project=other)  # 1000 €, no cost
    body = report(books.p.api(books.p.finance), **MARCH)
    assert body["total"] == {
        "from": "2026-03-01",
        "to": "2026-03-31",
        "billable_days": "3.00",
        "worked_days": "3.00",
        "revenue": "2000.00",
        "cost": "600.00",
        "gross_margin": "1400.00",
        "margin_rate": "70.00",  # not the mean of 40 % and undefined
        "roi": "233.33",
    }


def test_it_filters_by_project_and_client(books):
    elsewhere = ProjectFactory(organization=books.org, client=ClientFactory(organization=books.org))
    same_client = ProjectFactory(organization=books.org, client=books.project.client)
    finance = books.p.api(books.p.finance)
    assert {r["project"] for r in report(finance)["results"]} == {
        books.project.pk,
        elsewhere.pk,
        same_client.pk,
    }
    assert [r["project"] for r in report(finance, project=books.project.pk)["results"]] == [books.project.pk]
    by_client = report(finance, client=books.project.client_id)["results"]
    assert {r["project"] for r in by_client} == {books.project.pk, same_client.pk}


def test_a_project_manager_sees_their_projects_without_cost_figures(books):
    theirs = ProjectFactory(organization=books.org, project_manager=books.p.admin.user)
    books.log({date(2026, 3, 2): "1", date(2026, 3, 3): "1"})
    manager = books.p.api(books.p.manager)
    body = report(manager, **MARCH)
    assert [r["project"] for r in body["results"]] == [books.project.pk]
    row = body["results"][0]
    assert row["revenue"] == "1000.00" and row["billable_days"] == "2.00"
    assert row["budget_consumed_percent"] == "10.00"
    assert not COST_KEYS & set(row)
    assert not COST_KEYS & set(body["total"])
    assert body["total"]["revenue"] == "1000.00"
    # a project they do not manage is out of reach, by name too
    assert manager.get(URL, {"project": theirs.pk}).status_code == 403
    # finance sees every project and every figure
    full = report(books.p.api(books.p.finance), **MARCH)
    assert {r["project"] for r in full["results"]} == {books.project.pk, theirs.pk}
    assert set(row_of(full, books.project)) >= COST_KEYS and set(full["total"]) >= COST_KEYS
    assert row_of(full, books.project)["cost"] == "600.00"


def test_a_managers_status_ignores_the_margin(books):
    # revenue 500 €, cost 480 €: 4 % is under the 25 % target, which only cost readers may see
    books.log({date(2026, 3, 2): "1"})
    change = {"user": books.p.consultant.user_id, "daily_cost": "480", "effective_from": "2026-03-01"}
    assert books.p.api(books.p.admin).post("/api/v1/cost-rates", change).status_code == 201
    books.project.budget_days = None
    books.project.save()
    assert row_of(report(books.p.api(books.p.finance), **MARCH), books.project)["status"] == "warning"
    assert row_of(report(books.p.api(books.p.manager), **MARCH), books.project)["status"] == "ok"


@pytest.mark.parametrize("persona", ["consultant", "colleague", "manager without projects"])
def test_people_who_manage_no_project_are_refused(books, persona):
    if persona == "manager without projects":
        membership = member(books.org, Role.MANAGER)
    else:
        membership = getattr(books.p, persona)
    assert books.p.api(membership).get(URL).status_code == 403


def test_another_organisations_project_or_client_is_a_404(books):
    other = books.p.api(books.p.other)
    assert other.get(URL, {"project": books.project.pk}).status_code == 404
    assert other.get(URL, {"client": books.project.client_id}).status_code == 404
    assert report(other)["results"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "mars"}, "from"),
        ({"to": "2026-02-30"}, "to"),
        ({"to": "0001-01-01"}, "to"),  # the engine cannot step before year 1
        ({"from": "9999-12-31"}, "from"),
        ({"from": "2026-04-01", "to": "2026-03-31"}, "to"),
        ({"project": "P0001"}, "project"),
        ({"client": "-1"}, "client"),
    ],
)
def test_bad_parameters_name_the_field(books, params, field):
    response = books.p.api(books.p.admin).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_login_is_required(client):
    assert client.get(URL).status_code == 401


def _staff(books, indices):
    """One project per index, half a day on it on the index-th weekday of March and of April."""
    march = sorted(books.weekdays(date(2026, 3, 2), date(2026, 3, 31)))
    april = sorted(books.weekdays(date(2026, 4, 1), date(2026, 4, 30)))
    for i in indices:
        project = ProjectFactory(
            organization=books.org, budget_days=Decimal("10"), end_date=date(2026, 12, 31)
        )
        AssignmentFactory(
            person=books.p.consultant,
            project=project,
            start_date=date(2026, 1, 1),
            end_date=date(2026, 12, 31),
        )
        books.log({march[i]: "0.5", april[i]: "0.5"}, project=project)


def test_the_number_of_queries_does_not_grow_with_the_projects(books, django_assert_max_num_queries):
    finance = books.p.api(books.p.finance)
    params = {"from": "2026-03-05", "to": "2026-04-30"}  # a partial month and a whole one
    _staff(books, range(2))
    with CaptureQueriesContext(connection) as few:
        report(finance, **params)
    _staff(books, range(2, 10))
    with django_assert_max_num_queries(len(few)):
        body = report(finance, **params)
    assert len(body["results"]) == 11
    # 10 half days in April, 7 in March: the 2nd, 3rd and 4th are before the period
    assert body["total"]["billable_days"] == "8.50"


def test_the_openapi_document_describes_profitability(client):
    response = client.get("/api/v1/schema", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/reports/profitability",
        "/api/v1/assignment-rates",
        "/api/v1/assignment-rates/{id}",
        "/api/v1/cost-rates",
        "/api/v1/cost-rates/{id}",
        "/api/v1/alerts",
        "/api/v1/alerts/{id}",
    ):
        assert path in paths, path
    report_params = {p["name"] for p in paths["/api/v1/reports/profitability"]["get"]["parameters"]}
    assert report_params == {"from", "to", "project", "client"}
