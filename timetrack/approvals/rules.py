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
