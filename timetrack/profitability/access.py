"""Who sees what of profitability.

Cost rates and everything derived from them (cost, margin, margin rate, ROI) are for admin and finance
only. A project manager sees the revenue and the budget consumption of the projects they manage, nobody
else's. Everyone else has no access (403). Another organisation's object is a 404, as everywhere.
"""

from django.core.exceptions import PermissionDenied

from timetrack.orgs.access import require_role
from timetrack.orgs.models import Role
from timetrack.orgs.scoping import get_for_org
from timetrack.projects.models import Project

COST_ROLES = (Role.ADMIN, Role.FINANCE)
SELL_RATE_ROLES = (Role.ADMIN, Role.FINANCE, Role.MANAGER)


def sees_costs(membership) -> bool:
    return membership is not None and membership.role in COST_ROLES


def require_costs(membership) -> None:
    require_role(membership, *COST_ROLES)


def visible_projects(membership):
    """The projects whose profitability ``membership`` may read."""
    projects = Project.objects.for_org(membership.organization)
    if sees_costs(membership):
        return projects
    return projects.filter(project_manager_id=membership.user_id)


def require_access(membership) -> None:
    """Admin, finance, or the manager of at least one project."""
    if membership is None:
        raise PermissionDenied
    if not sees_costs(membership) and not visible_projects(membership).exists():
        raise PermissionDenied


def get_project_for(membership, pk) -> Project:
    project = get_for_org(
        Project.objects.select_related("client", "project_manager"), membership.organization, pk=pk
    )
    if not sees_costs(membership) and project.project_manager_id != membership.user_id:
        raise PermissionDenied
    return project
