from decimal import Decimal

import pytest

from timetrack.projects.models import Project
from timetrack.tests.factories import AssignmentFactory, ClientFactory, ProjectFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/v1/projects"
FIELDS = {
    "id",
    "client",
    "name",
    "code",
    "billing_mode",
    "start_date",
    "end_date",
    "budget_days",
    "budget_amount",
    "fixed_price",
    "project_manager",
}


def codes(response):
    return [row["code"] for row in response.json()["results"]]


def body(personas, **overrides):
    client = ClientFactory(organization=personas.org)
    values = {
        "client": client.pk,
        "name": "Refonte du SI",
        "code": "AZ-001",
        "billing_mode": "fixed_price",
        "start_date": "2026-01-05",
        "end_date": "2026-06-30",
        "budget_days": "120",
        "budget_amount": "78000.5",
        "fixed_price": "80000",
        "project_manager": personas.manager.user_id,
    }
    return values | overrides


def test_it_shows_every_field_with_decimals_as_strings(personas):
    project = ProjectFactory(
        organization=personas.org,
        code="AZ-001",
        budget_days=Decimal("12"),
        budget_amount=Decimal("7800.5"),
        project_manager=personas.manager.user,
    )
    response = personas.api(personas.admin).get(f"{URL}/{project.pk}")
    assert response.status_code == 200
    row = response.json()
    assert row.keys() == FIELDS
    assert row["budget_days"] == "12.00"
    assert row["budget_amount"] == "7800.50"
    assert row["fixed_price"] is None
    assert (row["client"], row["project_manager"]) == (project.client_id, personas.manager.user_id)
    assert row["billing_mode"] == "time_and_materials"


def test_it_lists_the_organisations_projects_filtered_by_client(personas):
    first = ProjectFactory(organization=personas.org, code="A")
    ProjectFactory(organization=personas.org, code="B")
    ProjectFactory(organization=personas.other_org, code="SECRET")
    client = personas.api(personas.manager)
    assert codes(client.get(URL)) == ["A", "B"]
    assert codes(client.get(URL, {"client": first.client_id})) == ["A"]
    assert codes(client.get(URL, {"client": 999})) == []


def test_it_filters_by_billing_mode(personas):
    ProjectFactory(organization=personas.org, code="A", billing_mode="internal")
    ProjectFactory(organization=personas.org, code="B")
    assert codes(personas.api(personas.admin).get(URL, {"billing_mode": "internal"})) == ["A"]


@pytest.mark.parametrize(
    ("param", "value"), [("client", "abc"), ("client", "-1"), ("client", 10**30), ("billing_mode", "barter")]
)
def test_a_bad_filter_is_a_400_naming_it(personas, param, value):
    response = personas.api(personas.admin).get(URL, {param: value})
    assert response.status_code == 400
    assert list(response.json()) == [param]


def test_it_paginates(personas):
    for n in range(5):
        ProjectFactory(organization=personas.org, code=f"P{n}")
    body_ = personas.api(personas.finance).get(URL, {"page_size": 3}).json()
    assert (body_["count"], len(body_["results"])) == (5, 3)


def test_a_consultant_sees_only_the_projects_they_are_assigned_to(personas):
    AssignmentFactory(person=personas.consultant, project__code="MINE")
    other = ProjectFactory(organization=personas.org, code="OTHER")
    client = personas.api(personas.consultant)
    assert codes(client.get(URL)) == ["MINE"]
    assert client.get(f"{URL}/{other.pk}").status_code == 403


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_admins_and_managers_create_a_project(personas, persona):
    response = personas.api(getattr(personas, persona)).post(URL, body(personas), format="json")
    assert response.status_code == 201, response.json()
    row = response.json()
    assert row["budget_days"] == "120.00"
    assert row["budget_amount"] == "78000.50"
    assert row["fixed_price"] == "80000.00"
    project = Project.objects.get(pk=row["id"])
    assert project.organization == personas.org
    assert project.project_manager == personas.manager.user


def test_a_project_needs_only_a_name_and_a_code(personas):
    response = personas.api(personas.admin).post(URL, {"name": "Interne", "code": "INT"}, format="json")
    assert response.status_code == 201
    assert response.json()["client"] is None
    assert response.json()["project_manager"] is None


def test_it_edits_a_project(personas):
    project = ProjectFactory(organization=personas.org)
    response = personas.api(personas.manager).patch(
        f"{URL}/{project.pk}", {"name": "Nouveau nom", "budget_days": "10.5"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["budget_days"]) == ("Nouveau nom", "10.50")
    project.refresh_from_db()
    assert project.budget_days == Decimal("10.50")


@pytest.mark.parametrize("persona", ["finance", "consultant"])
def test_other_roles_cannot_write(personas, persona):
    project = ProjectFactory(organization=personas.org)
    AssignmentFactory(person=personas.consultant, project=project)
    client = personas.api(getattr(personas, persona))
    assert client.post(URL, body(personas), format="json").status_code == 403
    assert client.patch(f"{URL}/{project.pk}", {"name": "x"}, format="json").status_code == 403


def test_projects_cannot_be_deleted_through_the_api(personas):
    project = ProjectFactory(organization=personas.org)
    assert personas.api(personas.admin).delete(f"{URL}/{project.pk}").status_code == 405


def test_another_organisations_project_is_a_404(personas):
    foreign = ProjectFactory(organization=personas.other_org)
    client = personas.api(personas.admin)
    assert client.get(f"{URL}/{foreign.pk}").status_code == 404
    assert client.patch(f"{URL}/{foreign.pk}", {"name": "x"}, format="json").status_code == 404
    assert personas.api(personas.finance).patch(f"{URL}/{foreign.pk}", {}, format="json").status_code == 404
    assert client.get(f"{URL}/{10**30}").status_code == 404


@pytest.mark.parametrize("field", ["client", "project_manager"])
def test_a_key_of_another_organisation_is_a_400_naming_the_field(personas, field):
    foreign = {
        "client": ClientFactory(organization=personas.other_org).pk,
        "project_manager": personas.other.user_id,
    }
    client = personas.api(personas.admin)
    response = client.post(URL, body(personas, **{field: foreign[field]}), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    project = ProjectFactory(organization=personas.org)
    response = client.patch(f"{URL}/{project.pk}", {field: foreign[field]}, format="json")
    assert list(response.json()) == [field]


def test_an_inactive_member_cannot_manage_a_project(personas):
    gone = member(personas.org, is_active=False)
    response = personas.api(personas.admin).post(
        URL, body(personas, project_manager=gone.user_id), format="json"
    )
    assert list(response.json()) == ["project_manager"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": "2025-12-31"}, "end_date"),
        ({"start_date": "abc"}, "start_date"),
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"budget_days": "abc"}, "budget_days"),
        ({"budget_days": "1e40"}, "budget_days"),
        ({"budget_amount": "99999999999999999999"}, "budget_amount"),
        ({"fixed_price": "1.234"}, "fixed_price"),
        ({"fixed_price": "-1"}, "fixed_price"),
        ({"billing_mode": "barter"}, "billing_mode"),
        ({"code": ""}, "code"),
        ({"code": "x" * 41}, "code"),
        ({"client": "abc"}, "client"),
        ({"client": 10**30}, "client"),
        ({"project_manager": 10**30}, "project_manager"),
        ({"name": None}, "name"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(personas, overrides, field):
    response = personas.api(personas.admin).post(URL, body(personas, **overrides), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Project.objects.exists()


def test_the_code_is_unique_in_the_organisation(personas):
    ProjectFactory(organization=personas.org, code="AZ-001")
    ProjectFactory(organization=personas.other_org, code="AZ-002")
    client = personas.api(personas.admin)
    response = client.post(URL, body(personas, code="az-001"), format="json")
    assert (response.status_code, list(response.json())) == (400, ["code"])
    assert client.post(URL, body(personas, code="AZ-002"), format="json").status_code == 201


def test_a_patch_sees_the_project_as_it_will_be(personas):
    project = ProjectFactory(organization=personas.org)
    client = personas.api(personas.admin)
    url = f"{URL}/{project.pk}"
    assert client.patch(url, {"start_date": "2026-03-01"}, format="json").status_code == 200
    response = client.patch(url, {"end_date": "2026-02-01"}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["end_date"])
