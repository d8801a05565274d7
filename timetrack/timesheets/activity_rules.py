"""One function per rule on activity types; each raises a DomainError naming the field at fault."""

from django.utils.translation import gettext_lazy as _

from timetrack.lib.errors import DomainError
from timetrack.timesheets.models import ActivityType

CODE_TAKEN = _("Ce code est déjà utilisé par un autre type d'activité de l'organisation.")
BUILTIN_CODE = _("Le code d'un type d'activité prédéfini ne peut pas être changé.")
BUILTIN_PROJECT = _("Un type d'activité prédéfini garde son exigence de projet.")
BILLABLE_LEAVE = _("Une absence comptée comme congé ne peut pas être facturable.")


def check_code_free(org, code: str, *, exclude_pk=None) -> None:
    clash = ActivityType.objects.for_org(org).filter(code__iexact=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(CODE_TAKEN, field="code")


def check_builtin_code_kept(activity_type: ActivityType, code: str) -> None:
    """The built-in codes are part of the public API: ``project``, ``paid_leave``… never change."""
    if activity_type.is_builtin and code != activity_type.code:
        raise DomainError(BUILTIN_CODE, field="code")


def check_builtin_project_requirement_kept(activity_type: ActivityType, requires_project: bool) -> None:
    """Mission work is entered on a project, and leave never is: the CRA rules rely on it."""
    if activity_type.is_builtin and requires_project != activity_type.requires_project:
        raise DomainError(BUILTIN_PROJECT, field="requires_project")


def check_leave_not_billable(*, billable: bool, counts_as_leave: bool) -> None:
    # The TACE would count the same hours as billed and as leave.
    if billable and counts_as_leave:
        raise DomainError(BILLABLE_LEAVE, field="counts_as_leave")
