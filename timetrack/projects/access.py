"""Who may read and write clients, projects and assignments.

Admins and managers write; finance reads everything; a consultant reads only the projects they are
assigned to and their own assignments. Another organisation's object is a 404, a missing role a 403.
"""

from django.core.exceptions import PermissionDenied

from timetrack.orgs.access import require_role
from timetrack.orgs.models import Role
from timetrack.orgs.scoping import get_for_org
from timetrack.projects import selectors
from timetrack.projects.models import Assignment, Client, Project

WRITE_ROLES = (Role.ADMIN, Role.MANAGER)
READ_ALL_ROLES = (Role.ADMIN, Role.MANAGER, Role.FINANCE)


def can_write(membership) -> bool:
    return membership is not None and membership.role in WRITE_ROLES


def require_writer(membership) -> None:
    require_role(membership, *WRITE_ROLES)


def _fetch(queryset, visible, membership, pk, *, write: bool):
    """The object ``pk`` of the caller's organisation (404 elsewhere), then the role and scope checks."""
    obj = get_for_org(queryset, membership.organization, pk=pk)
    if write:
        require_writer(membership)
    elif not visible.filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


def get_client_for(membership, pk, *, write: bool = False) -> Client:
    return _fetch(Client.objects, selectors.visible_clients(membership), membership, pk, write=write)


def get_project_for(membership, pk, *, write: bool = False) -> Project:
    queryset = Project.objects.select_related("client", "project_manager", "organization")
    return _fetch(queryset, selectors.visible_projects(membership), membership, pk, write=write)


def get_assignment_for(membership, pk, *, write: bool = False) -> Assignment:
    queryset = Assignment.objects.select_related("user", "project", "project__client", "organization")
    return _fetch(queryset, selectors.visible_assignments(membership), membership, pk, write=write)
