"""``GET /api/v1/alerts``: the alerts on projects, open ones by default, margins for cost readers only."""

from datetime import date
from decimal import Decimal

import pytest

from timetrack.profitability import alerts
from timetrack.profitability.models import Alert, CostRate
from timetrack.tests.factories import AssignmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/alerts"


@pytest.fixture
def raised(books):
    """On the books' project (20 days sold, managed by the manager): 17 days logged (85 % of the budget),
    and a CJM of 480 € against a TJM of 500 € (a 4 % margin, under the 25 % target)."""
    CostRate.objects.filter(user=books.p.consultant.user).delete()
    response = books.p.api(books.p.finance).post(
        "/api/v1/cost-rates",
        {"user": books.p.consultant.user_id, "daily_cost": "480", "effective_from": "2026-01-01"},
    )
    assert response.status_code == 201
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 24)))  # 17 weekdays
    alerts.evaluate(books.org)
    return {a.kind: a for a in Alert.objects.all()}


def kinds(response):
    assert response.status_code == 200, response.json()
    return sorted(row["kind"] for row in response.json()["results"])


def test_it_lists_the_open_alerts_with_their_fields(books, raised):
    assert set(raised) == {"budget_warning", "margin_below_target"}
    response = books.p.api(books.p.admin).get(URL)
    assert kinds(response) == ["budget_warning", "margin_below_target"]
    budget = raised["budget_warning"]
    row = next(r for r in response.json()["results"] if r["id"] == budget.pk)
    assert row == {
        "id": budget.pk,
        "kind": "budget_warning",
        "severity": "warning",
        "project": books.project.pk,
        "project_name": books.project.name,
        "user": None,
        "message": budget.message,
        "created_at": row["created_at"],
        "resolved_at": None,
    }
    assert "85,00 %" in row["message"]
    assert set(response.json()) == {"count", "next", "previous", "results"}


def test_a_resolved_alert_leaves_the_default_list(books, raised):
    books.project.budget_days = Decimal("100")
    books.project.save()
    alerts.evaluate(books.org)
    finance = books.p.api(books.p.finance)
    assert kinds(finance.get(URL)) == ["margin_below_target"]
    resolved = finance.get(URL, {"status": "resolved"})
    assert kinds(resolved) == ["budget_warning"]
    assert resolved.json()["results"][0]["resolved_at"] is not None
    assert kinds(finance.get(URL, {"status": "all"})) == ["budget_warning", "margin_below_target"]
    assert kinds(finance.get(URL, {"status": "open"})) == ["margin_below_target"]


def test_a_project_manager_sees_the_alerts_of_their_projects_but_no_margin(books, raised):
    elsewhere = ProjectFactory(
        organization=books.org, budget_days=Decimal("1"), project_manager=books.p.admin.user
    )
    AssignmentFactory(person=books.p.colleague, project=elsewhere, start_date=date(2026, 1, 1))
    books.log({date(2026, 3, 2): "1"}, person=books.p.colleague, project=elsewhere)
    alerts.evaluate(books.org)
    manager = books.p.api(books.p.manager)
    response = manager.get(URL, {"status": "all"})
    assert kinds(response) == ["budget_warning"]
    assert {r["project"] for r in response.json()["results"]} == {books.project.pk}
    assert kinds(manager.get(URL, {"kind": "margin_below_target"})) == []
    assert manager.get(f"{URL}/{raised['budget_warning'].pk}").status_code == 200
    assert manager.get(f"{URL}/{raised['margin_below_target'].pk}").status_code == 403
    outside = Alert.objects.get(project=elsewhere, kind="budget_exceeded")
    assert manager.get(f"{URL}/{outside.pk}").status_code == 403
    # admin and finance see every project's alerts
    assert len(kinds(books.p.api(books.p.finance).get(URL))) == 4


@pytest.mark.parametrize("persona", ["consultant", "colleague"])
def test_people_who_manage_no_project_are_refused(books, raised, persona):
    client = books.p.api(getattr(books.p, persona))
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}/{raised['budget_warning'].pk}").status_code == 403


def test_it_filters_by_kind_project_and_user(books, raised):
    books.project.end_date = date(2026, 3, 20)
    books.project.save()
    alerts.evaluate(books.org)
    late = Alert.objects.get(kind="work_after_end")
    admin = books.p.api(books.p.admin)
    assert kinds(admin.get(URL, {"kind": "work_after_end"})) == ["work_after_end"]
    by_user = admin.get(URL, {"user": books.p.consultant.user_id}).json()["results"]
    assert [(r["id"], r["user"]) for r in by_user] == [(late.pk, books.p.consultant.user_id)]
    assert len(kinds(admin.get(URL, {"project": books.project.pk}))) == 3
    assert kinds(admin.get(URL, {"project": ProjectFactory(organization=books.org).pk})) == []


def test_entries_saved_through_the_api_raise_alerts_after_commit(books, django_capture_on_commit_callbacks):
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 23)))  # 16 days: 80 %, not evaluated yet
    assert not Alert.objects.exists()
    consultant = books.p.api(books.p.consultant)
    with django_capture_on_commit_callbacks(execute=True):
        response = consultant.post(
            "/api/v1/time-entries",
            {"date": "2026-03-24", "activity_type": "project", "project": books.project.pk, "days": "1"},
        )
    assert response.status_code == 201, response.json()
    assert kinds(books.p.api(books.p.manager).get(URL)) == ["budget_warning"]


def test_another_organisations_alerts_are_404_and_never_listed(books, raised):
    other = books.p.api(books.p.other)
    assert other.get(f"{URL}/{raised['budget_warning'].pk}").status_code == 404
    assert other.get(URL, {"status": "all"}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "budget"}, "kind"),
        ({"status": "closed"}, "status"),
        ({"project": "P1"}, "project"),
        ({"user": "alice"}, "user"),
    ],
)
def test_bad_filters_name_the_field(books, params, field):
    response = books.p.api(books.p.admin).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_login_is_required(client):
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}/1").status_code == 401
