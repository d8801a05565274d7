"""Writes on clients, projects and assignments: one function per operation, for the screens, the API and jobs.

Each takes the acting membership (admins and managers write), works in the actor's organisation, checks
the rules of ``timetrack.projects.rules`` and saves all or nothing.
"""

from copy import copy
from datetime import date
from decimal import Decimal

from django.db import transaction

from timetrack.orgs.models import Membership
from timetrack.profitability import rollup as project_rollup
from timetrack.projects import rules
from timetrack.projects.access import require_writer
from timetrack.projects.models import Assignment, BillingMode, Client, Project

CLIENT_FIELDS = ("name", "workflow")
PROJECT_FIELDS = (
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
    "workflow",
)
ASSIGNMENT_FIELDS = ("user", "project", "start_date", "end_date", "allocation_percent", "daily_rate")


def _check_known(values: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _check_same_org(actor: Membership, obj) -> None:
    # Callers fetch through the access helpers; this guards a service called with a foreign object.
    if obj.organization_id != actor.organization_id:
        raise type(obj).DoesNotExist(f"No {obj._meta.verbose_name} {obj.pk} in this organisation.")


# --- Clients ------------------------------------------------------------------------------------


def create_client(*, actor: Membership, name: str, workflow=None) -> Client:
    require_writer(actor)
    org = actor.organization
    name = name.strip()
    with transaction.atomic():
        rules.check_client_name_free(org, name)
        rules.check_workflow_in_org(org, workflow)
        return Client.objects.create(organization=org, name=name, workflow=workflow)


def update_client(*, actor: Membership, client: Client, **values) -> Client:
    require_writer(actor)
    _check_same_org(actor, client)
    _check_known(values, CLIENT_FIELDS)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        if "name" in values:
            client.name = values["name"].strip()
            rules.check_client_name_free(client.organization, client.name, exclude_pk=client.pk)
        if "workflow" in values:
            rules.check_workflow_in_org(client.organization, values["workflow"])
            client.workflow = values["workflow"]
        client.save()
    return client


def delete_client(*, actor: Membership, client: Client) -> None:
    require_writer(actor)
    _check_same_org(actor, client)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        rules.check_client_has_no_projects(client)
        client.delete()


# --- Projects -----------------------------------------------------------------------------------


def _check_project(org, values: dict, *, exclude_pk=None) -> None:
    rules.check_client_in_org(org, values["client"])
    rules.check_code_free(org, values["code"], exclude_pk=exclude_pk)
    rules.check_dates_ordered(values["start_date"], values["end_date"])
    for field in ("budget_days", "budget_amount", "fixed_price"):
        rules.check_not_negative(values[field], field=field)
    rules.check_project_manager_in_org(org, values["project_manager"])
    rules.check_workflow_in_org(org, values.get("workflow"))


def _clean_project(values: dict) -> dict:
    values = dict(values)
    values["name"] = values["name"].strip()
    values["code"] = values["code"].strip()
    return values


def create_project(
    *,
    actor: Membership,
    name: str,
    code: str,
    client: Client | None = None,
    billing_mode: str = BillingMode.TIME_AND_MATERIALS,
    start_date: date | None = None,
    end_date: date | None = None,
    budget_days: Decimal | None = None,
    budget_amount: Decimal | None = None,
    fixed_price: Decimal | None = None,
    project_manager=None,
    workflow=None,
) -> Project:
    require_writer(actor)
    org = actor.organization
    values = _clean_project(
        {
            "client": client,
            "name": name,
            "code": code,
            "billing_mode": billing_mode,
            "start_date": start_date,
            "end_date": end_date,
            "budget_days": budget_days,
            "budget_amount": budget_amount,
            "fixed_price": fixed_price,
            "project_manager": project_manager,
            "workflow": workflow,
        }
    )
    with transaction.atomic():
        _check_project(org, values)
        return Project.objects.create(organization=org, **values)


def update_project(*, actor: Membership, project: Project, **values) -> Project:
    """Change any of ``PROJECT_FIELDS``; the rules see the project as it will be."""
    require_writer(actor)
    _check_same_org(actor, project)
    _check_known(values, PROJECT_FIELDS)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        merged = _clean_project({f: getattr(project, f) for f in PROJECT_FIELDS} | values)
        _check_project(project.organization, merged, exclude_pk=project.pk)
        for field, value in merged.items():
            setattr(project, field, value)
        project.save()
        project_rollup.evaluate_later(project.organization, {project.pk})
    return project


# --- Assignments --------------------------------------------------------------------------------


def _check_assignment(org, values: dict) -> None:
    rules.check_user_in_org(org, values["user"])
    rules.check_project_in_org(org, values["project"])
    rules.check_dates_ordered(values["start_date"], values["end_date"])
    rules.check_allocation(values["allocation_percent"])
    rules.check_not_negative(values["daily_rate"], field="daily_rate")


def create_assignment(
    *,
    actor: Membership,
    user,
    project: Project,
    start_date: date,
    end_date: date | None = None,
    allocation_percent: Decimal = Decimal("100.00"),
    daily_rate: Decimal | None = None,
) -> Assignment:
    require_writer(actor)
    org = actor.organization
    values = {
        "user": user,
        "project": project,
        "start_date": start_date,
        "end_date": end_date,
        "allocation_percent": allocation_percent,
        "daily_rate": daily_rate,
    }
    with transaction.atomic():
        _check_assignment(org, values)
        assignment = Assignment.objects.create(organization=org, **values)
        # a later-started assignment takes over the TJM of the days it covers
        project_rollup.recompute_person(org, user.pk, since=start_date)
        return assignment


def update_assignment(*, actor: Membership, assignment: Assignment, **values) -> Assignment:
    """Change any of ``ASSIGNMENT_FIELDS``; time already entered on it must stay covered."""
    require_writer(actor)
    _check_same_org(actor, assignment)
    _check_known(values, ASSIGNMENT_FIELDS)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        before = copy(assignment)
        merged = {f: getattr(assignment, f) for f in ASSIGNMENT_FIELDS} | values
        _check_assignment(assignment.organization, merged)
        for field, value in merged.items():
            setattr(assignment, field, value)
        rules.check_entries_still_covered(before, assignment)
        assignment.save()
        if any(getattr(before, f) != getattr(assignment, f) for f in ASSIGNMENT_FIELDS):
            for user_id in {before.user_id, assignment.user_id}:  # TJMs of the days it covers change
                project_rollup.recompute_person(
                    assignment.organization, user_id, since=min(before.start_date, assignment.start_date)
                )
        else:
            project_rollup.evaluate_later(assignment.organization, {assignment.project_id})
    return assignment


def delete_assignment(*, actor: Membership, assignment: Assignment) -> None:
    require_writer(actor)
    _check_same_org(actor, assignment)
    with transaction.atomic():
        assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
        rules.check_assignment_has_no_entries(assignment)
        assignment.delete()
        # under the person's month locks: a save that raced the check values its days without it
        project_rollup.recompute_person(
            assignment.organization, assignment.user_id, since=assignment.start_date
        )
