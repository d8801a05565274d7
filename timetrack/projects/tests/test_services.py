"""The rules of clients, projects and assignments, through the services every adapter calls."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from timetrack.lib.errors import DomainError, StateConflict
from timetrack.projects import services
from timetrack.projects.models import Assignment, Client, Project
from timetrack.tests.factories import AssignmentFactory, ClientFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def field_of(call) -> str:
    with pytest.raises(DomainError) as error:
        call()
    return error.value.field


def new_project(personas, **values):
    return services.create_project(actor=personas.admin, **({"name": "Projet", "code": "P1"} | values))


def new_assignment(personas, **values):
    defaults = {
        "user": personas.consultant.user,
        "project": ProjectFactory(organization=personas.org),
        "start_date": date(2026, 1, 1),
    }
    return services.create_assignment(actor=personas.manager, **(defaults | values))


def test_it_creates_a_project_in_the_actors_organisation(personas):
    project = new_project(personas, code=" AZ ", name=" Azur ")
    assert (project.organization, project.code, project.name) == (personas.org, "AZ", "Azur")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"start_date": date(2026, 2, 1), "end_date": date(2026, 1, 31)}, "end_date"),
        ({"budget_days": Decimal("-1")}, "budget_days"),
        ({"budget_amount": Decimal("-1")}, "budget_amount"),
        ({"fixed_price": Decimal("-0.01")}, "fixed_price"),
    ],
)
def test_it_refuses_bad_project_values_naming_the_field(personas, values, field):
    assert field_of(lambda: new_project(personas, **values)) == field
    assert not Project.objects.exists()


def test_the_project_code_is_unique_in_the_organisation_whatever_the_case(personas):
    ProjectFactory(organization=personas.org, code="AZ")
    assert field_of(lambda: new_project(personas, code="az")) == "code"


def test_the_client_must_belong_to_the_organisation(personas):
    foreign = ClientFactory(organization=personas.other_org)
    assert field_of(lambda: new_project(personas, client=foreign)) == "client"


def test_the_project_manager_must_be_a_member(personas):
    assert field_of(lambda: new_project(personas, project_manager=personas.other.user)) == "project_manager"


def test_an_update_keeps_its_own_code(personas):
    project = ProjectFactory(organization=personas.org, code="AZ")
    services.update_project(actor=personas.admin, project=project, code="AZ", name="Renommé")
    assert Project.objects.get(pk=project.pk).name == "Renommé"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"end_date": date(2025, 12, 31)}, "end_date"),
        ({"allocation_percent": Decimal("0")}, "allocation_percent"),
        ({"allocation_percent": Decimal("100.01")}, "allocation_percent"),
        ({"daily_rate": Decimal("-1")}, "daily_rate"),
    ],
)
def test_it_refuses_bad_assignment_values_naming_the_field(personas, values, field):
    assert field_of(lambda: new_assignment(personas, **values)) == field
    assert not Assignment.objects.exists()


def test_the_consultant_must_be_a_member(personas):
    assert field_of(lambda: new_assignment(personas, user=personas.other.user)) == "user"


def test_the_project_must_belong_to_the_organisation(personas):
    foreign = ProjectFactory(organization=personas.other_org)
    assert field_of(lambda: new_assignment(personas, project=foreign)) == "project"


def test_a_full_allocation_is_allowed(personas):
    assert new_assignment(personas, allocation_percent=Decimal("100")).allocation_percent == 100


@pytest.mark.parametrize("persona", ["finance", "consultant"])
def test_only_admins_and_managers_write(personas, persona):
    actor = getattr(personas, persona)
    with pytest.raises(PermissionDenied):
        services.create_client(actor=actor, name="X")
    with pytest.raises(PermissionDenied):
        services.create_project(actor=actor, name="x", code="x")
    with pytest.raises(PermissionDenied):
        services.delete_assignment(actor=actor, assignment=AssignmentFactory(person=personas.consultant))


def test_a_service_refuses_an_object_of_another_organisation(personas):
    foreign = ClientFactory(organization=personas.other_org)
    with pytest.raises(Client.DoesNotExist):
        services.update_client(actor=personas.admin, client=foreign, name="X")


def test_a_client_name_is_unique_in_the_organisation(personas):
    ClientFactory(organization=personas.org, name="Azur")
    ClientFactory(organization=personas.other_org, name="Bleu")
    assert field_of(lambda: services.create_client(actor=personas.admin, name="AZUR ")) == "name"
    assert services.create_client(actor=personas.admin, name="Bleu").organization == personas.org


def test_deleting_a_client_with_projects_is_a_state_conflict(personas):
    project = ProjectFactory(organization=personas.org)
    with pytest.raises(StateConflict) as error:
        services.delete_client(actor=personas.admin, client=project.client)
    assert error.value.field == "non_field_errors"
    assert Client.objects.filter(pk=project.client_id).exists()


def test_deleting_an_assignment_with_time_is_a_state_conflict(personas, log_day):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
    log_day(assignment, personas.consultant)
    with pytest.raises(StateConflict):
        services.delete_assignment(actor=personas.admin, assignment=assignment)


def test_time_of_another_assignment_does_not_block_a_deletion(personas, log_day):
    logged = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
    log_day(logged, personas.consultant)
    later = AssignmentFactory(person=personas.consultant, project=logged.project, start_date=date(2026, 4, 1))
    services.delete_assignment(actor=personas.admin, assignment=later)
    assert not Assignment.objects.filter(pk=later.pk).exists()


@pytest.mark.parametrize(
    "values",
    [
        {"start_date": date(2026, 3, 3)},
        {"end_date": date(2026, 3, 1)},
        {"project": "another"},
    ],
)
def test_an_edit_cannot_leave_time_outside_the_assignment(personas, log_day, values):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
    log_day(assignment, personas.consultant)
    if values.get("project") == "another":
        values["project"] = ProjectFactory(organization=personas.org)
    with pytest.raises(StateConflict):
        services.update_assignment(actor=personas.admin, assignment=assignment, **values)


def test_an_edit_that_keeps_the_time_covered_is_fine(personas, log_day):
    assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
    log_day(assignment, personas.consultant)
    services.update_assignment(
        actor=personas.admin,
        assignment=assignment,
        start_date=date(2026, 3, 2),
        end_date=date(2026, 3, 2),
        daily_rate=Decimal("700"),
    )
    assert Assignment.objects.get(pk=assignment.pk).daily_rate == Decimal("700.00")
