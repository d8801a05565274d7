"""The rules TACE targets and TACE policies obey: one function each, raising a DomainError that names the
faulty field (a StateConflict for a policy already in force)."""

from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from timetrack.kpis.models import TacePolicy
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.orgs.models import Membership, Team

MAX_TARGET = Decimal("150")


def check_one_scope(*, team, user) -> None:
    """A target is the organisation's, a team's or a person's: never a team's and a person's at once."""
    if team is not None and user is not None:
        raise DomainError(
            _("Un objectif vise une équipe ou une personne, pas les deux à la fois."), field="user"
        )


def check_target_range(target) -> None:
    if target is None or not (Decimal("0") < Decimal(target) <= MAX_TARGET):
        raise DomainError(_("L'objectif doit être compris entre 0 (exclu) et 150 %."), field="target")


def check_team_of_org(org, team) -> None:
    if team is not None and not Team.objects.for_org(org).filter(pk=team.pk).exists():
        raise DomainError(_("Cette équipe n'appartient pas à l'organisation."), field="team")


def check_member_of_org(org, user) -> None:
    if user is not None and not Membership.objects.for_org(org).filter(user_id=user.pk).exists():
        raise DomainError(_("Cette personne n'est pas membre de l'organisation."), field="user")


def check_effective_from(effective_from) -> None:
    if effective_from is None:
        raise DomainError(_("Indiquez la date d'entrée en vigueur."), field="effective_from")


# TACE policies

ALWAYS_LEAVE = ("paid_leave", "rtt")  # built-in codes every policy removes from the denominator
NOT_FIRST_OF_MONTH = _("La date d'entrée en vigueur doit être le 1er d'un mois.")
ALWAYS_LEAVE_REMOVED = _(
    "Les congés payés et les RTT sont toujours retirés du TACE : "
    "gardez-les parmi les types comptés comme congés."
)
BILLABLE_AND_LEAVE = _("Un type d'activité ne peut pas compter à la fois comme facturable et comme congé.")
FOREIGN_TYPE = _("Ce type d'activité n'appartient pas à l'organisation.")
DATE_TAKEN = _(
    "Une politique TACE commence déjà à cette date : choisissez un autre mois "
    "(une politique qui n'est pas encore en vigueur peut être supprimée)."
)


def check_first_of_month(effective_from) -> None:
    """A policy classifies whole months: it starts on the 1st of one."""
    check_effective_from(effective_from)
    if effective_from.day != 1:
        raise DomainError(NOT_FIRST_OF_MONTH, field="effective_from")


def check_types_of_org(org, activity_types, *, field: str) -> None:
    if any(t.organization_id != org.pk for t in activity_types):
        raise DomainError(FOREIGN_TYPE, field=field)


def check_always_leave(leave_types) -> None:
    """Paid leave and RTT are leave under every policy; sick leave, parental leave, training… are choices."""
    codes = {t.code for t in leave_types if t.is_builtin}
    if not set(ALWAYS_LEAVE) <= codes:
        raise DomainError(ALWAYS_LEAVE_REMOVED, field="leave_types")


def check_billable_not_leave(billable_types, leave_types) -> None:
    if {t.pk for t in billable_types} & {t.pk for t in leave_types}:
        raise DomainError(BILLABLE_AND_LEAVE, field="billable_types")


def check_date_free(org, effective_from: date) -> None:
    if TacePolicy.objects.for_org(org).filter(effective_from=effective_from).exists():
        raise DomainError(DATE_TAKEN, field="effective_from")


def check_past_confirmed(effective_from: date, confirmed: bool, today: date) -> None:
    """A policy starting in a month already begun recalculates the TACE shown since then: only on purpose."""
    if effective_from <= today and not confirmed:
        raise DomainError(
            gettext("Ce changement recalcule les TACE depuis le %(date)s : confirmez-le pour l'appliquer.")
            % {"date": date_format(effective_from, "DATE_FORMAT")},
            field="confirm_past",
        )


def check_not_in_force(policy: TacePolicy, today: date) -> None:
    """A policy whose month has started is history: it is neither edited nor deleted, a new one follows it."""
    if policy.effective_from <= today:
        raise StateConflict(
            gettext(
                "Cette politique TACE est en vigueur depuis le %(date)s : elle ne peut plus être supprimée ; "
                "ajoutez-en une nouvelle."
            )
            % {"date": date_format(policy.effective_from, "DATE_FORMAT")},
            field="effective_from",
        )
