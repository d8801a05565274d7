"""Reads of clients, projects and assignments, scoped to one organisation and to the caller's role.

A consultant sees the projects they are assigned to (and their clients) and only their own assignments;
managers, finance and admins read everything of the organisation.
"""

from django.db.models import Count

from timetrack.orgs.models import Role
from timetrack.projects.models import Assignment, Client, Project


def _sees_all(membership) -> bool:
    return membership.role != Role.CONSULTANT


def _own_project_ids(membership):
    return (
        Assignment.objects.for_org(membership.organization)
        .filter(user_id=membership.user_id)
        .values("project_id")
    )


def visible_clients(membership):
    clients = Client.objects.for_org(membership.organization)
    if _sees_all(membership):
        return clients
    return clients.filter(projects__in=_own_project_ids(membership)).distinct()


def visible_projects(membership, *, client_id: int | None = None, billing_mode: str | None = None):
    """The projects the caller may read, with what lists show of them, optionally filtered."""
    projects = Project.objects.for_org(membership.organization).select_related("client", "project_manager")
    if not _sees_all(membership):
        projects = projects.filter(pk__in=_own_project_ids(membership))
    if client_id is not None:
        projects = projects.filter(client_id=client_id)
    if billing_mode:
        projects = projects.filter(billing_mode=billing_mode)
    return projects.order_by("code", "id")


def project_list(membership, *, client_id: int | None = None, billing_mode: str | None = None):
    """``visible_projects`` with the number of assignments of each, for the projects screen."""
    projects = visible_projects(membership, client_id=client_id, billing_mode=billing_mode)
    return projects.annotate(assignment_count=Count("assignments"))


def visible_assignments(membership, *, user_id: int | None = None, project_id: int | None = None):
    """The assignments the caller may read (a consultant: their own), optionally filtered."""
    assignments = Assignment.objects.for_org(membership.organization).select_related(
        "user", "project", "project__client"
    )
    if not _sees_all(membership):
        assignments = assignments.filter(user_id=membership.user_id)
    if user_id is not None:
        assignments = assignments.filter(user_id=user_id)
    if project_id is not None:
        assignments = assignments.filter(project_id=project_id)
    return assignments.order_by("start_date", "id")


def my_assignments(membership):
    """The caller's own missions, the most recent first."""
    return (
        Assignment.objects.for_org(membership.organization)
        .filter(user_id=membership.user_id)
        .select_related("project", "project__client", "project__project_manager")
        .order_by("-start_date", "-id")
    )


def project_assignments(project):
    return (
        Assignment.objects.for_org(project.organization_id)
        .filter(project=project)
        .select_related("user")
        .order_by("start_date", "user__last_name", "id")
    )


def clients_with_counts(org):
    return Client.objects.for_org(org).annotate(project_count=Count("projects")).order_by("name", "id")
