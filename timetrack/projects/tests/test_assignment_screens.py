from datetime import date
from decimal import Decimal

import pytest

from timetrack.projects.models import Assignment
from timetrack.tests.factories import AssignmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def form_data(personas, **overrides):
    data = {
        "user": personas.consultant.user_id,
        "start_date": "2026-01-05",
        "end_date": "",
        "allocation_percent": "80",
        "daily_rate": "650,50",
    }
    return data | overrides


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_it_staffs_a_consultant_from_the_project_page(login, personas, persona):
    project = ProjectFactory(organization=personas.org)
    client = login(getattr(personas, persona))
    url = f"/projets/{project.pk}/affectations/nouvelle/"
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(personas))
    assert response["Location"] == f"/projets/{project.pk}/"
    assignment = Assignment.objects.get()
    assert (assignment.project, assignment.user, assignment.organization) == (
        project,
        personas.consultant.user,
        personas.org,
    )
    assert (assignment.allocation_percent, assignment.daily_rate) == (Decimal("80"), Decimal("650.50"))
    assert assignment.end_date is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": "2025-12-31"}, "end_date"),
        ({"allocation_percent": "0"}, "allocation_percent"),
        ({"allocation_percent": "150"}, "allocation_percent"),
        ({"daily_rate": "-1"}, "daily_rate"),
        ({"daily_rate": "beaucoup"}, "daily_rate"),
        ({"start_date": ""}, "start_date"),
    ],
)
def test_it_refuses_bad_input_on_the_field(login, personas, overrides, field):
    project = ProjectFactory(organization=personas.org)
    url = f"/projets/{project.pk}/affectations/nouvelle/"
    response = login(personas.admin).post(url, form_data(personas, **overrides))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Assignment.objects.exists()


def test_consultants_come_from_the_organisation_only(login, personas):
    project = ProjectFactory(organization=personas.org)
    client = login(personas.admin)
    url = f"/projets/{project.pk}/affectations/nouvelle/"
    assert personas.other.user.email not in client.get(url).content.decode()
    response = client.post(url, form_data(personas, user=personas.other.user_id))
    assert list(response.context["form"].errors) == ["user"]


def test_it_edits_an_assignment(login, personas):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 5))
    url = f"/projets/affectations/{assignment.pk}/modifier/"
    client = login(personas.manager)
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(personas, daily_rate="700", end_date="2026-12-31"))
    assert response["Location"] == f"/projets/{assignment.project_id}/"
    assignment.refresh_from_db()
    assert (assignment.daily_rate, assignment.end_date) == (Decimal("700"), date(2026, 12, 31))


def test_an_edit_leaving_time_outside_is_refused_above_the_form(login, personas, log_day):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 5))
    log_day(assignment, personas.consultant)
    url = f"/projets/affectations/{assignment.pk}/modifier/"
    response = login(personas.admin).post(url, form_data(personas, end_date="2026-02-01"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Assignment.objects.get(pk=assignment.pk).end_date is None


def test_it_deletes_an_assignment_after_confirmation(login, personas):
    assignment = AssignmentFactory(person=personas.consultant)
    url = f"/projets/affectations/{assignment.pk}/supprimer/"
    client = login(personas.admin)
    assert "Supprimer l'affectation ?" in client.get(url).content.decode()
    assert Assignment.objects.exists()
    assert client.post(url)["Location"] == f"/projets/{assignment.project_id}/"
    assert not Assignment.objects.exists()


def test_it_refuses_to_delete_an_assignment_with_time_and_says_why(login, personas, log_day):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 5))
    log_day(assignment, personas.consultant)
    response = login(personas.admin).post(f"/projets/affectations/{assignment.pk}/supprimer/", follow=True)
    assert "Du temps a déjà été saisi" in response.content.decode()
    assert Assignment.objects.exists()


@pytest.mark.parametrize("persona", ["finance", "consultant"])
def test_readers_cannot_write(login, personas, persona):
    assignment = AssignmentFactory(person=personas.consultant)
    client = login(getattr(personas, persona))
    project_url = f"/projets/{assignment.project_id}/affectations/nouvelle/"
    assert client.post(project_url, form_data(personas)).status_code == 403
    assert (
        client.post(f"/projets/affectations/{assignment.pk}/modifier/", form_data(personas)).status_code
        == 403
    )
    assert client.post(f"/projets/affectations/{assignment.pk}/supprimer/").status_code == 403
    assert Assignment.objects.count() == 1


def test_another_organisations_assignment_is_not_found(login, personas):
    foreign = AssignmentFactory(person=personas.other)
    client = login(personas.admin)
    assert client.get(f"/projets/{foreign.project_id}/affectations/nouvelle/").status_code == 404
    assert client.get(f"/projets/affectations/{foreign.pk}/modifier/").status_code == 404
    assert client.post(f"/projets/affectations/{foreign.pk}/supprimer/").status_code == 404
    assert Assignment.objects.filter(pk=foreign.pk).exists()
