"""``/api/v1/kpis/tace-policies``: read by admin, finance and managers, written by admins only."""

from datetime import date

import pytest
import time_machine

from timetrack.kpis.models import TacePolicy
from timetrack.kpis.tests.test_policy_rules import LEAVE, TODAY, policy
from timetrack.timesheets.models import ActivityType

pytestmark = pytest.mark.django_db
URL = "/api/v1/kpis/tace-policies"


@pytest.fixture(autouse=True)
def mid_april():
    with time_machine.travel(TODAY, tick=False):
        yield


def body(**changes) -> dict:
    return {
        "effective_from": "2026-05-01",
        "billable_types": ["project", "training"],
        "leave_types": list(LEAVE),
        "note": "La formation devient facturable",
        **changes,
    }


def test_login_is_required(client):
    assert client.get(URL).status_code == 401


@pytest.mark.parametrize("role", ["admin", "finance", "manager"])
def test_it_lists_the_policies_to_admin_finance_and_managers(personas, role):
    row = policy(personas, billable=("project", "training"))
    policy(personas, on=date(2027, 1, 1))
    response = personas.api(getattr(personas, role)).get(URL)
    assert response.status_code == 200
    first = response.json()["results"][0]
    assert first == {
        **first,
        "id": row.pk,
        "effective_from": "2026-05-01",
        "billable_types": ["project", "training"],
        "started": False,
        "created_by": personas.admin.user_id,
    }
    assert set(first["leave_types"]) == set(LEAVE)
    assert "confirm_past" not in first


def test_a_consultant_may_not_read_them(personas):
    assert personas.api(personas.consultant).get(URL).status_code == 403


def test_an_admin_adds_a_policy(personas):
    response = personas.api(personas.admin).post(URL, body(), format="json")
    assert response.status_code == 201
    assert response.json()["billable_types"] == ["project", "training"]
    row = TacePolicy.objects.get()
    assert (row.organization, row.effective_from, row.created_by) == (
        personas.org,
        date(2026, 5, 1),
        personas.admin.user,
    )


@pytest.mark.parametrize("role", ["consultant", "manager", "finance"])
def test_only_admins_add_one(personas, role):
    response = personas.api(getattr(personas, role)).post(URL, body(), format="json")
    assert response.status_code == 403
    assert not TacePolicy.objects.exists()


def test_a_past_month_needs_confirm_past(personas):
    api = personas.api(personas.admin)
    response = api.post(URL, body(effective_from="2026-03-01"), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["confirm_past"]
    assert "recalcule les TACE depuis le 1 mars 2026" in response.json()["confirm_past"][0]
    assert not TacePolicy.objects.exists()
    response = api.post(URL, body(effective_from="2026-03-01", confirm_past=True), format="json")
    assert response.status_code == 201
    assert response.json()["started"] is True


def test_paid_leave_cannot_leave_the_leave_set(personas):
    leave = [c for c in LEAVE if c != "paid_leave"]
    response = personas.api(personas.admin).post(URL, body(leave_types=leave), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["leave_types"]
    assert not TacePolicy.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"effective_from": "2026-05-15"}, "effective_from"),
        ({"effective_from": "mai"}, "effective_from"),
        ({"billable_types": ["nope"]}, "billable_types"),
        ({"billable_types": ["project", "rtt"]}, "billable_types"),
        ({"leave_types": []}, "leave_types"),
    ],
)
def test_bad_input_names_the_field(personas, changes, field):
    response = personas.api(personas.admin).post(URL, body(**changes), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_another_organisations_activity_type_code_is_unknown(personas):
    ActivityType.objects.create(organization=personas.other_org, code="astreinte", name="Astreinte")
    response = personas.api(personas.admin).post(URL, body(billable_types=["astreinte"]), format="json")
    assert response.status_code == 400
    assert "billable_types" in response.json()


def test_a_future_policy_is_deleted_and_one_in_force_is_a_409(personas):
    api = personas.api(personas.admin)
    future = policy(personas)
    assert api.delete(f"{URL}/{future.pk}").status_code == 204
    started = policy(personas, on=date(2026, 4, 1), confirm_past=True)
    response = api.delete(f"{URL}/{started.pk}")
    assert response.status_code == 409
    assert "en vigueur depuis le" in response.json()["detail"]
    assert TacePolicy.objects.filter(pk=started.pk).exists()


def test_a_consultant_may_not_delete(personas):
    row = policy(personas)
    assert personas.api(personas.consultant).delete(f"{URL}/{row.pk}").status_code == 403
    assert personas.api(personas.manager).delete(f"{URL}/{row.pk}").status_code == 403
    assert TacePolicy.objects.filter(pk=row.pk).exists()


def test_another_organisations_policy_is_a_404(personas):
    foreign = TacePolicy.objects.create(organization=personas.other_org, effective_from=date(2026, 6, 1))
    api = personas.api(personas.admin)
    assert api.get(f"{URL}/{foreign.pk}").status_code == 404
    assert api.delete(f"{URL}/{foreign.pk}").status_code == 404
    assert foreign.pk not in {row["id"] for row in api.get(URL).json()["results"]}
    assert TacePolicy.objects.filter(pk=foreign.pk).exists()


def test_the_schema_documents_the_routes(personas):
    schema = personas.api(personas.admin).get("/api/v1/schema").content.decode()
    assert "/api/v1/kpis/tace-policies/{id}" in schema
    assert "confirm_past" in schema
