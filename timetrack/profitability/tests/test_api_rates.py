"""``/api/v1/assignment-rates`` (TJM changes) and ``/api/v1/cost-rates`` (CJM), with the figures they move."""

from datetime import date
from decimal import Decimal

import pytest

from timetrack.profitability import engine
from timetrack.profitability.models import AssignmentRate, CostRate
from timetrack.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
SELL = "/api/v1/assignment-rates"
COST = "/api/v1/cost-rates"
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def march_money(books):
    return engine.project(books.org, books.project, *MARCH).money


def sell_rate(books, day=date(2026, 3, 16), rate="650.00"):
    return AssignmentRate.objects.create(
        organization=books.org, assignment=books.assignment, daily_rate=Decimal(rate), effective_from=day
    )


# ---------------------------------------------------------------------------------------------- TJM


@pytest.mark.parametrize("persona", ["admin", "finance", "manager"])
def test_it_adds_a_tjm_change_that_values_the_days_after_it(books, persona):
    books.log(books.weekdays(date(2026, 3, 9), date(2026, 3, 20)))  # 10 days
    response = books.p.api(getattr(books.p, persona)).post(
        SELL,
        {"assignment": books.assignment.pk, "daily_rate": "600", "effective_from": "2026-03-16"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    rate = AssignmentRate.objects.get()
    assert response.json() == {
        "id": rate.pk,
        "assignment": books.assignment.pk,
        "daily_rate": "600.00",
        "effective_from": "2026-03-16",
        "created_at": response.json()["created_at"],
    }
    assert rate.created_by == getattr(books.p, persona).user
    assert march_money(books).revenue == Decimal("5500.00")  # 5 × 500 + 5 × 600


def test_it_lists_reads_and_filters_the_tjm_changes(books):
    mine = sell_rate(books)
    other_assignment = AssignmentFactory(
        person=books.p.colleague, project=books.project, start_date=date(2026, 1, 1)
    )
    theirs = AssignmentRate.objects.create(
        organization=books.org,
        assignment=other_assignment,
        daily_rate=Decimal("700"),
        effective_from=date(2026, 2, 1),
    )
    elsewhere = AssignmentRate.objects.create(
        organization=books.org,
        assignment=AssignmentFactory(person=books.p.consultant, start_date=date(2026, 1, 1)),
        daily_rate=Decimal("800"),
        effective_from=date(2026, 2, 1),
    )
    client = books.p.api(books.p.manager)
    assert set(ids(client.get(SELL))) == {mine.pk, theirs.pk, elsewhere.pk}
    assert ids(client.get(SELL, {"assignment": books.assignment.pk})) == [mine.pk]
    assert set(ids(client.get(SELL, {"user": books.p.consultant.user_id}))) == {mine.pk, elsewhere.pk}
    assert set(ids(client.get(SELL, {"project": books.project.pk}))) == {mine.pk, theirs.pk}
    assert client.get(f"{SELL}/{mine.pk}").json()["daily_rate"] == "650.00"


def test_deleting_a_tjm_change_restores_the_previous_rate(books):
    books.log(books.weekdays(date(2026, 3, 16), date(2026, 3, 20)))
    client = books.p.api(books.p.admin)
    created = client.post(
        SELL,
        {"assignment": books.assignment.pk, "daily_rate": "650", "effective_from": "2026-03-16"},
        format="json",
    ).json()
    assert march_money(books).revenue == Decimal("3250.00")
    assert client.delete(f"{SELL}/{created['id']}").status_code == 204
    assert not AssignmentRate.objects.exists()
    assert march_money(books).revenue == Decimal("2500.00")


def test_a_consultant_never_sees_nor_writes_sell_rates(books):
    rate = sell_rate(books)
    client = books.p.api(books.p.consultant)
    assert client.get(SELL).status_code == 403
    assert client.get(f"{SELL}/{rate.pk}").status_code == 403
    assert client.delete(f"{SELL}/{rate.pk}").status_code == 403
    body = {"assignment": books.assignment.pk, "daily_rate": "1", "effective_from": "2026-03-02"}
    assert client.post(SELL, body, format="json").status_code == 403
    assert AssignmentRate.objects.count() == 1


def test_another_organisations_assignment_is_named_in_the_400(books):
    theirs = AssignmentFactory(person=books.p.other, start_date=date(2026, 1, 1))
    response = books.p.api(books.p.other).post(
        SELL, {"assignment": books.assignment.pk, "daily_rate": "1", "effective_from": "2026-03-02"}
    )
    assert response.status_code == 400
    assert "assignment" in response.json()
    response = books.p.api(books.p.admin).post(
        SELL, {"assignment": theirs.pk, "daily_rate": "1", "effective_from": "2026-03-02"}
    )
    assert response.status_code == 400
    assert "assignment" in response.json()
    assert not AssignmentRate.objects.exists()


def test_another_organisations_tjm_change_is_a_404(books):
    rate = sell_rate(books)
    client = books.p.api(books.p.other)
    assert client.get(f"{SELL}/{rate.pk}").status_code == 404
    assert client.delete(f"{SELL}/{rate.pk}").status_code == 404
    assert ids(client.get(SELL)) == []
    assert AssignmentRate.objects.filter(pk=rate.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"daily_rate": "-1"}, "daily_rate"),
        ({"daily_rate": "cher"}, "daily_rate"),
        ({"daily_rate": "500.123"}, "daily_rate"),
        ({"effective_from": "2025-12-31"}, "effective_from"),  # before the assignment
        ({"effective_from": "16/03/2026"}, "effective_from"),
        ({"effective_from": "2026-03-16"}, "effective_from"),  # a change already on that day
        ({"assignment": "999999999999999999999"}, "assignment"),
        ({"assignment": None}, "assignment"),
    ],
)
def test_a_bad_tjm_change_is_a_400_naming_the_field(books, overrides, field):
    sell_rate(books)
    body = {"assignment": books.assignment.pk, "daily_rate": "600", "effective_from": "2026-04-01"}
    response = books.p.api(books.p.admin).post(SELL, body | overrides, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert AssignmentRate.objects.count() == 1


@pytest.mark.parametrize("param", ["assignment", "user", "project"])
def test_a_bad_tjm_filter_is_a_400_naming_it(books, param):
    response = books.p.api(books.p.admin).get(SELL, {param: "moi"})
    assert response.status_code == 400
    assert param in response.json()


# ---------------------------------------------------------------------------------------------- CJM


@pytest.mark.parametrize("persona", ["admin", "finance"])
def test_it_adds_a_cjm_that_changes_the_cost(books, persona):
    books.log(books.weekdays(date(2026, 3, 9), date(2026, 3, 20)))  # 10 days at 300 €
    assert march_money(books).cost == Decimal("3000.00")
    response = books.p.api(getattr(books.p, persona)).post(
        COST,
        {"user": books.p.consultant.user_id, "daily_cost": "350", "effective_from": "2026-03-16"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    rate = CostRate.objects.get(effective_from=date(2026, 3, 16))
    assert response.json() == {
        "id": rate.pk,
        "user": books.p.consultant.user_id,
        "daily_cost": "350.00",
        "effective_from": "2026-03-16",
        "created_at": response.json()["created_at"],
    }
    assert march_money(books).cost == Decimal("3250.00")  # 5 × 300 + 5 × 350


def test_it_lists_filters_and_deletes_the_cjm(books):
    colleague = CostRate.objects.create(
        organization=books.org,
        user=books.p.colleague.user,
        daily_cost=Decimal("280"),
        effective_from=date(2026, 1, 1),
    )
    CostRate.objects.create(
        organization=books.p.other_org,
        user=books.p.other.user,
        daily_cost=Decimal("1"),
        effective_from=date(2026, 1, 1),
    )
    consultant = CostRate.objects.get(user=books.p.consultant.user)
    client = books.p.api(books.p.finance)
    assert ids(client.get(COST)) == [consultant.pk, colleague.pk]  # by person, then date
    assert ids(client.get(COST, {"user": books.p.colleague.user_id})) == [colleague.pk]
    assert client.get(f"{COST}/{colleague.pk}").json()["daily_cost"] == "280.00"
    books.log({date(2026, 3, 2): "1"})
    assert client.delete(f"{COST}/{consultant.pk}").status_code == 204
    assert march_money(books).cost == Decimal("0.00")


@pytest.mark.parametrize("persona", ["manager", "consultant", "colleague"])
def test_only_admin_and_finance_see_cost_rates(books, persona):
    rate = CostRate.objects.get()
    client = books.p.api(getattr(books.p, persona))
    assert client.get(COST).status_code == 403
    assert client.get(f"{COST}/{rate.pk}").status_code == 403
    assert client.delete(f"{COST}/{rate.pk}").status_code == 403
    body = {"user": books.p.consultant.user_id, "daily_cost": "1", "effective_from": "2026-03-02"}
    assert client.post(COST, body, format="json").status_code == 403
    assert CostRate.objects.count() == 1


def test_another_organisations_cjm_is_a_404_and_its_people_a_400(books):
    rate = CostRate.objects.get()
    client = books.p.api(books.p.other)
    assert client.get(f"{COST}/{rate.pk}").status_code == 404
    assert client.delete(f"{COST}/{rate.pk}").status_code == 404
    assert ids(client.get(COST)) == []
    body = {"user": books.p.consultant.user_id, "daily_cost": "1", "effective_from": "2026-03-02"}
    response = client.post(COST, body, format="json")
    assert response.status_code == 400
    assert "user" in response.json()
    assert CostRate.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"daily_cost": "-0.01"}, "daily_cost"),
        ({"daily_cost": ""}, "daily_cost"),
        ({"effective_from": "2026-01-01"}, "effective_from"),  # the consultant's CJM already starts then
        ({"effective_from": "2026-13-01"}, "effective_from"),
        ({"user": "alice"}, "user"),
        ({"user": 99999999999999999999}, "user"),
    ],
)
def test_a_bad_cjm_is_a_400_naming_the_field(books, overrides, field):
    body = {"user": books.p.consultant.user_id, "daily_cost": "350", "effective_from": "2026-04-01"}
    response = books.p.api(books.p.admin).post(COST, body | overrides, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert CostRate.objects.count() == 1


def test_login_is_required(client):
    for url in (SELL, COST, f"{SELL}/1", f"{COST}/1"):
        assert client.get(url).status_code == 401


def test_a_tjm_change_on_the_first_day_is_refused_the_assignment_holds_it(books):
    response = books.p.api(books.p.admin).post(
        SELL,
        {"assignment": books.assignment.pk, "daily_rate": "650", "effective_from": "2026-01-01"},
        format="json",
    )
    assert response.status_code == 400
    assert "effective_from" in response.json()
