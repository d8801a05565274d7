from datetime import date
from decimal import Decimal

import pytest

from timetrack.projects.models import Assignment
from timetrack.tests.factories import AssignmentFactory, ProjectFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/v1/assignments"


def ids(response):
    return [row["id"] for row in response.json()["results"]]


def body(personas, **overrides):
    project = ProjectFactory(organization=personas.org)
    values = {
        "user": personas.consultant.user_id,
        "project": project.pk,
        "start_date": "2026-01-05",
        "end_date": "2026-06-30",
        "allocation_percent": "80",
        "daily_rate": "650",
    }
    return values | overrides


def test_it_shows_every_field_with_decimals_as_strings(personas):
    assignment = AssignmentFactory(
        person=personas.consultant, start_date=date(2026, 1, 5), daily_rate=Decimal("650")
    )
    row = personas.api(personas.manager).get(f"{URL}/{assignment.pk}").json()
    assert row == {
        "id": assignment.pk,
        "user": personas.consultant.user_id,
        "project": assignment.project_id,
        "start_date": "2026-01-05",
        "end_date": None,
        "allocation_percent": "100.00",
        "daily_rate": "650.00",
    }


def test_a_consultant_sees_their_own_assignments_without_the_daily_rate(personas):
    mine = AssignmentFactory(person=personas.consultant)
    theirs = AssignmentFactory(person=personas.colleague, project=mine.project)
    client = personas.api(personas.consultant)
    response = client.get(URL)
    assert ids(response) == [mine.pk]
    assert response.json()["results"][0]["daily_rate"] is None
    assert client.get(f"{URL}/{mine.pk}").json()["daily_rate"] is None
    assert client.get(f"{URL}/{theirs.pk}").status_code == 403


@pytest.mark.parametrize("persona", ["admin", "manager", "finance"])
def test_other_roles_read_every_assignment_with_the_daily_rate(personas, persona):
    a = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
    b = AssignmentFactory(person=personas.colleague, start_date=date(2026, 2, 1))
    AssignmentFactory(person=personas.other)
    response = personas.api(getattr(personas, persona)).get(URL)
    assert ids(response) == [a.pk, b.pk]
    assert response.json()["results"][0]["daily_rate"] == "600.00"


def test_it_filters_by_user_and_project(personas):
    a = AssignmentFactory(person=personas.consultant)
    b = AssignmentFactory(person=personas.colleague, project=a.project)
    c = AssignmentFactory(person=personas.consultant)
    client = personas.api(personas.admin)
    assert set(ids(client.get(URL, {"user": personas.consultant.user_id}))) == {a.pk, c.pk}
    assert set(ids(client.get(URL, {"project": a.project_id}))) == {a.pk, b.pk}
    both = {"user": personas.consultant.user_id, "project": a.project_id}
    assert ids(client.get(URL, both)) == [a.pk]


@pytest.mark.parametrize("param", ["user", "project"])
def test_a_bad_filter_is_a_400_naming_it(personas, param):
    response = personas.api(personas.admin).get(URL, {param: "me"})
    assert (response.status_code, list(response.json())) == (400, [param])


def test_it_paginates(personas):
    for _ in range(4):
        AssignmentFactory(person=personas.consultant)
    page = personas.api(personas.admin).get(URL, {"page_size": 3}).json()
    assert (page["count"], len(page["results"]), page["next"] is not None) == (4, 3, True)


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_admins_and_managers_staff_a_consultant(personas, persona):
    response = personas.api(getattr(personas, persona)).post(URL, body(personas), format="json")
    assert response.status_code == 201, response.json()
    row = response.json()
    assert (row["allocation_percent"], row["daily_rate"]) == ("80.00", "650.00")
    assignment = Assignment.objects.get(pk=row["id"])
    assert (assignment.organization, assignment.user) == (personas.org, personas.consultant.user)


def test_it_defaults_to_a_full_allocation_and_no_end(personas):
    values = body(personas)
    del values["allocation_percent"], values["end_date"], values["daily_rate"]
    row = personas.api(personas.admin).post(URL, values, format="json").json()
    assert (row["allocation_percent"], row["end_date"], row["daily_rate"]) == ("100.00", None, None)


def test_it_edits_an_assignment(personas):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
    response = personas.api(personas.manager).patch(
        f"{URL}/{assignment.pk}", {"daily_rate": "700.5", "end_date": "2026-12-31"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["daily_rate"], response.json()["end_date"]) == ("700.50", "2026-12-31")
    assignment.refresh_from_db()
    assert assignment.daily_rate == Decimal("700.50")


@pytest.mark.parametrize("persona", ["finance", "consultant"])
def test_other_roles_cannot_write(personas, persona):
    assignment = AssignmentFactory(person=personas.consultant)
    client = personas.api(getattr(personas, persona))
    assert client.post(URL, body(personas), format="json").status_code == 403
    url = f"{URL}/{assignment.pk}"
    assert client.patch(url, {"daily_rate": "1"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    assert Assignment.objects.filter(pk=assignment.pk, daily_rate=Decimal("600")).exists()


def test_another_organisations_assignment_is_a_404(personas):
    foreign = AssignmentFactory(person=personas.other)
    for persona in ("admin", "consultant"):
        client = personas.api(getattr(personas, persona))
        assert client.get(f"{URL}/{foreign.pk}").status_code == 404
        assert client.patch(f"{URL}/{foreign.pk}", {"daily_rate": "1"}, format="json").status_code == 404
        assert client.delete(f"{URL}/{foreign.pk}").status_code == 404
    assert Assignment.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("field", ["user", "project"])
def test_a_key_of_another_organisation_is_a_400_naming_the_field(personas, field):
    foreign = {
        "user": personas.other.user_id,
        "project": ProjectFactory(organization=personas.other_org).pk,
    }
    client = personas.api(personas.admin)
    response = client.post(URL, body(personas, **{field: foreign[field]}), format="json")
    assert (response.status_code, list(response.json())) == (400, [field])
    assignment = AssignmentFactory(person=personas.consultant)
    response = client.patch(f"{URL}/{assignment.pk}", {field: foreign[field]}, format="json")
    assert (response.status_code, list(response.json())) == (400, [field])


def test_an_inactive_member_cannot_be_staffed(personas):
    gone = member(personas.org, is_active=False)
    response = personas.api(personas.admin).post(URL, body(personas, user=gone.user_id), format="json")
    assert list(response.json()) == ["user"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_date": None}, "start_date"),
        ({"start_date": "abc"}, "start_date"),
        ({"end_date": "2025-12-31"}, "end_date"),
        ({"end_date": "31/12/2026"}, "end_date"),
        ({"allocation_percent": "0"}, "allocation_percent"),
        ({"allocation_percent": "100.01"}, "allocation_percent"),
        ({"allocation_percent": "1e9"}, "allocation_percent"),
        ({"allocation_percent": "abc"}, "allocation_percent"),
        ({"daily_rate": "-650"}, "daily_rate"),
        ({"daily_rate": "999999999999"}, "daily_rate"),
        ({"daily_rate": "650.001"}, "daily_rate"),
        ({"user": None}, "user"),
        ({"user": "abc"}, "user"),
        ({"user": 10**30}, "user"),
        ({"project": None}, "project"),
        ({"project": 10**30}, "project"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(personas, overrides, field):
    response = personas.api(personas.admin).post(URL, body(personas, **overrides), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Assignment.objects.exists()


def test_it_deletes_an_assignment_without_time(personas):
    assignment = AssignmentFactory(person=personas.consultant)
    assert personas.api(personas.manager).delete(f"{URL}/{assignment.pk}").status_code == 204
    assert not Assignment.objects.exists()


def test_it_refuses_to_delete_an_assignment_with_time_entries_with_a_409(personas, log_day):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
    log_day(assignment, personas.consultant)
    response = personas.api(personas.admin).delete(f"{URL}/{assignment.pk}")
    assert response.status_code == 409
    assert response.json()["code"] == "assignment_has_entries"
    assert Assignment.objects.filter(pk=assignment.pk).exists()


def test_it_refuses_to_leave_time_entries_outside_the_assignment_with_a_409(personas, log_day):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
    log_day(assignment, personas.consultant)
    client = personas.api(personas.admin)
    url = f"{URL}/{assignment.pk}"
    assert client.patch(url, {"end_date": "2026-02-28"}, format="json").status_code == 409
    assert client.patch(url, {"user": personas.colleague.user_id}, format="json").status_code == 409
    assert client.patch(url, {"end_date": "2026-03-02"}, format="json").status_code == 200
