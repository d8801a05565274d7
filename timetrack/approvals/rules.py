"""The state machine of a CRA and its rules, one function each (DomainError 400, StateConflict 409,
PermissionDenied 403)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from timetrack.lib.errors import DomainError, StateConflict
from timetrack.timesheets.models import TimesheetStatus as S

# action → the states it starts from. Where it leads is decided by the service (approve: next step
# or validated).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "submit": (S.DRAFT, S.CHANGES_REQUESTED, S.REJECTED),
    "approve": (S.SUBMITTED,),
    "reject": (S.SUBMITTED,),
    "request_changes": (S.SUBMITTED,),
    "recall": (S.SUBMITTED,),
    "reopen": (S.VALIDATED,),
}

WRONG_STATE = _(
    "Ce CRA est « %(status)s » : cette action n'est plus possible (quelqu'un l'a peut-être déjà traité)."
)
COMMENT_REQUIRED = _("Un commentaire est obligatoire pour expliquer la décision.")
REASON_REQUIRED = _("Indiquez le motif de la réouverture.")
NOT_APPROVER = _("Ce CRA n'attend pas votre validation.")
OWN_TIMESHEET = _("Personne ne valide son propre CRA.")
ALREADY_APPROVED = _("Une validation a déjà été donnée : le CRA ne peut plus être rappelé.")
NOT_OWNER = _("Seul le consultant peut rappeler son CRA.")


def check_transition(timesheet, action: str) -> None:
    if timesheet.status not in TRANSITIONS[action]:
        raise StateConflict(WRONG_STATE % {"status": timesheet.get_status_display()}, code="wrong_state")


def check_comment(comment: str) -> None:
    if not (comment or "").strip():
        raise DomainError(COMMENT_REQUIRED, field="comment")


def check_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise DomainError(REASON_REQUIRED, field="reason")


def check_not_own(actor, timesheet) -> None:
    if actor.user_id == timesheet.user_id:
        raise PermissionDenied(OWN_TIMESHEET)


def check_is_approver(acting_for: int | None) -> None:
    if acting_for is None:
        raise PermissionDenied(NOT_APPROVER)


def check_recallable(actor, timesheet, route) -> None:
    if actor.user_id != timesheet.user_id:
        raise PermissionDenied(NOT_OWNER)
    if route is not None and route.approvals:
        raise StateConflict(ALREADY_APPROVED, code="already_approved")


# --- Workflows, delegations and client links ---------------------------------------------------------
NO_STEP = _("Ajoutez au moins une étape au circuit de validation.")
WORKFLOW_NAME_REQUIRED = _("Donnez un nom au circuit.")
WORKFLOW_NAME_TAKEN = _("Un circuit porte déjà ce nom.")
ROLE_REQUIRED = _("Choisissez le rôle qui valide cette étape.")
USER_REQUIRED = _("Choisissez la personne qui valide cette étape.")
USER_NOT_MEMBER = _("Cette personne ne fait pas partie de l'organisation.")
CLIENT_NAME_REQUIRED = _("Indiquez le nom du contact client.")
CLIENT_EMAIL_REQUIRED = _("Indiquez l'e-mail du contact client.")
DEFAULT_NOT_DELETABLE = _("Le circuit par défaut ne peut pas être supprimé.")
DELEGATE_REQUIRED = _("Choisissez un membre actif de l'organisation comme délégué.")
DELEGATE_SELF = _("On ne se délègue pas à soi-même.")
DELEGATION_DATES = _("La date de fin doit suivre la date de début.")
LINK_UNKNOWN = _("Ce lien d'approbation n'existe pas.")
LINK_EXPIRED = _("Ce lien d'approbation a expiré. Demandez-en un nouveau à votre interlocuteur.")
LINK_USED = _("Une décision a déjà été prise avec ce lien.")
LINK_STALE = _("Ce CRA n'attend plus votre approbation : ce lien n'est plus valable.")
NAME_REQUIRED = _("Indiquez votre nom.")


def check_has_steps(steps: list) -> None:
    if not steps:
        raise DomainError(NO_STEP, field="steps")


def check_workflow_name(org, name: str, *, exclude_pk=None) -> None:
    from timetrack.approvals.models import Workflow

    if not name.strip():
        raise DomainError(WORKFLOW_NAME_REQUIRED, field="name")
    taken = Workflow.objects.for_org(org).filter(name__iexact=name.strip()).exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(WORKFLOW_NAME_TAKEN, field="name")


def check_step_complete(org, step: dict) -> None:
    """Each rule needs its own detail: a role, a member of the organisation, a client contact."""
    from timetrack.approvals.models import ApproverRule
    from timetrack.orgs.models import Membership

    rule = step.get("rule")
    if rule == ApproverRule.ROLE and not step.get("role"):
        raise DomainError(ROLE_REQUIRED, field="role")
    if rule == ApproverRule.USER:
        user = step.get("user")
        if user is None:
            raise DomainError(USER_REQUIRED, field="user")
        if not Membership.objects.for_org(org).active().filter(user_id=user.pk).exists():
            raise DomainError(USER_NOT_MEMBER, field="user")
    if rule == ApproverRule.CLIENT:
        if not (step.get("client_name") or "").strip():
            raise DomainError(CLIENT_NAME_REQUIRED, field="client_name")
        if not (step.get("client_email") or "").strip():
            raise DomainError(CLIENT_EMAIL_REQUIRED, field="client_email")


def check_deletable(workflow) -> None:
    if workflow.is_default:
        raise DomainError(DEFAULT_NOT_DELETABLE, code="default_workflow")


def check_delegate(org, delegator_id: int, delegate) -> None:
    from timetrack.orgs.models import Membership

    if delegate is None or not Membership.objects.for_org(org).active().filter(user_id=delegate.pk).exists():
        raise DomainError(DELEGATE_REQUIRED, field="delegate")
    if delegate.pk == delegator_id:
        raise DomainError(DELEGATE_SELF, field="delegate")


def check_delegation_dates(start, end) -> None:
    if start and end and end < start:
        raise DomainError(DELEGATION_DATES, field="end_date")


def check_link_usable(link, now) -> None:
    if link.used_at is not None:
        raise StateConflict(LINK_USED, code="link_used")
    if link.expires_at <= now:
        raise StateConflict(LINK_EXPIRED, code="link_expired")


def check_link_current(link, timesheet, latest_link_id: int) -> None:
    """The link decides only the step it was sent for, in the submission it was sent for."""
    from timetrack.timesheets.models import TimesheetStatus

    if (
        timesheet.status != TimesheetStatus.SUBMITTED
        or timesheet.current_step != link.step
        or latest_link_id != link.pk
    ):
        raise StateConflict(LINK_STALE, code="link_stale")


def check_name(name: str) -> None:
    if not (name or "").strip():
        raise DomainError(NAME_REQUIRED, field="name")
