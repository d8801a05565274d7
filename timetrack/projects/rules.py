"""One function per rule on clients, projects and assignments; each raises a DomainError or a StateConflict.

Messages are constant and translatable; ``field`` names the input at fault, as the API and forms show it.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from timetrack.lib.errors import DomainError, StateConflict
from timetrack.orgs.models import Membership
from timetrack.projects.models import Client, Project
from timetrack.timesheets.models import TimeEntry

DATES_REVERSED = _("La date de fin doit être postérieure ou égale à la date de début.")
CODE_TAKEN = _("Ce code de projet est déjà utilisé dans l'organisation.")
CLIENT_NAME_TAKEN = _("Ce client existe déjà dans l'organisation.")
CLIENT_OTHER_ORG = _("Ce client n'existe pas dans l'organisation.")
WORKFLOW_OTHER_ORG = _("Ce circuit de validation n'existe pas dans l'organisation.")
PROJECT_OTHER_ORG = _("Ce projet n'existe pas dans l'organisation.")
MANAGER_NOT_MEMBER = _("Le chef de projet doit être membre de l'organisation.")
USER_NOT_MEMBER = _("Le consultant doit être membre de l'organisation.")
ALLOCATION_RANGE = _("L'allocation doit être supérieure à 0 et au plus égale à 100 %.")
NEGATIVE = _("Ce montant ne peut pas être négatif.")
CLIENT_HAS_PROJECTS = _(
    "Ce client a des projets : supprimez-les ou rattachez-les à un autre client avant de le supprimer."
)
ASSIGNMENT_HAS_ENTRIES = _(
    "Du temps a déjà été saisi sur cette affectation : elle ne peut pas être supprimée. "
    "Raccourcissez-la plutôt en changeant sa date de fin."
)
ENTRIES_LEFT_OUTSIDE = _(
    "Du temps a été saisi sur cette affectation en dehors de la nouvelle période, "
    "ou pour un autre consultant ou projet : modifiez d'abord ces saisies."
)


def check_dates_ordered(start_date, end_date) -> None:
    if start_date and end_date and end_date < start_date:
        raise DomainError(DATES_REVERSED, field="end_date")


def check_code_free(org, code: str, *, exclude_pk=None) -> None:
    clash = Project.objects.for_org(org).filter(code__iexact=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(CODE_TAKEN, field="code")


def check_client_name_free(org, name: str, *, exclude_pk=None) -> None:
    clash = Client.objects.for_org(org).filter(name__iexact=name)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(CLIENT_NAME_TAKEN, field="name")


def check_client_in_org(org, client) -> None:
    if client is not None and client.organization_id != org.id:
        raise DomainError(CLIENT_OTHER_ORG, field="client")


def check_workflow_in_org(org, workflow) -> None:
    if workflow is not None and workflow.organization_id != org.id:
        raise DomainError(WORKFLOW_OTHER_ORG, field="workflow")


def check_project_in_org(org, project) -> None:
    if project is None or project.organization_id != org.id:
        raise DomainError(PROJECT_OTHER_ORG, field="project")


def _is_active_member(org, user) -> bool:
    return Membership.objects.for_org(org).filter(user=user, is_active=True).exists()


def check_project_manager_in_org(org, user) -> None:
    if user is not None and not _is_active_member(org, user):
        raise DomainError(MANAGER_NOT_MEMBER, field="project_manager")


def check_user_in_org(org, user) -> None:
    if user is None or not _is_active_member(org, user):
        raise DomainError(USER_NOT_MEMBER, field="user")


def check_allocation(percent: Decimal) -> None:
    if percent is None or not Decimal("0") < percent <= Decimal("100"):
        raise DomainError(ALLOCATION_RANGE, field="allocation_percent")


def check_not_negative(value: Decimal | None, *, field: str) -> None:
    if value is not None and value < 0:
        raise DomainError(NEGATIVE, field=field)


def check_client_has_no_projects(client: Client) -> None:
    if client.projects.exists():
        raise StateConflict(CLIENT_HAS_PROJECTS, code="client_has_projects")


def _entries_of(assignment):
    """The time entries an assignment covers: its person, on its project, within its period."""
    entries = TimeEntry.objects.for_org(assignment.organization_id).filter(
        user_id=assignment.user_id, project_id=assignment.project_id, date__gte=assignment.start_date
    )
    if assignment.end_date is not None:
        entries = entries.filter(date__lte=assignment.end_date)
    return entries


def check_assignment_has_no_entries(assignment) -> None:
    if _entries_of(assignment).exists():
        raise StateConflict(ASSIGNMENT_HAS_ENTRIES, code="assignment_has_entries")


def check_entries_still_covered(before, after) -> None:
    """An edit of an assignment must keep covering the time already entered on it."""
    entries = _entries_of(before)
    if (before.user_id, before.project_id) != (after.user_id, after.project_id):
        left_out = entries.exists()
    else:
        outside = entries.filter(date__lt=after.start_date)
        if after.end_date is not None:
            outside = outside | entries.filter(date__gt=after.end_date)
        left_out = outside.exists()
    if left_out:
        raise StateConflict(ENTRIES_LEFT_OUTSIDE, code="entries_left_outside")
