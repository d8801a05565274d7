"""Writes of profitability: rate changes. Each re-derives the rollup of the people it concerns from the
rate's date on, in the same transaction, so every figure read afterwards uses the new rate."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from timetrack.lib.errors import DomainError
from timetrack.orgs.access import require_role
from timetrack.orgs.models import Membership
from timetrack.profitability import rollup
from timetrack.profitability.access import COST_ROLES, SELL_RATE_ROLES
from timetrack.profitability.models import AssignmentRate, CostRate
from timetrack.projects.models import Assignment

NEGATIVE = _("Le montant ne peut pas être négatif.")
OUTSIDE = _(
    "La date d'effet doit être dans la période de l'affectation, après son début (du %(start)s au %(end)s) : "
    "le TJM de son premier jour est celui de l'affectation."
)
OUTSIDE_OPEN = _(
    "La date d'effet doit être dans la période de l'affectation, après son début le %(start)s : le TJM de "
    "son premier jour est celui de l'affectation."
)
OUT_OF_RANGE = _("Date attendue entre le 01/01/1900 et le 31/12/2999.")
SAME_DAY_SELL = _("Un TJM prend déjà effet à cette date pour cette affectation.")
SAME_DAY_COST = _("Un CJM prend déjà effet à cette date pour cette personne.")
NOT_A_MEMBER = _("Cette personne n'appartient pas à l'organisation.")


def _check_amount(value: Decimal, field: str) -> None:
    if value is None or value < 0:
        raise DomainError(NEGATIVE, field=field)


def add_assignment_rate(
    *, actor: Membership, assignment: Assignment, daily_rate: Decimal, effective_from: date
) -> AssignmentRate:
    """The assignment's TJM becomes ``daily_rate`` from ``effective_from`` on."""
    require_role(actor, *SELL_RATE_ROLES)
    org = actor.organization
    if assignment.organization_id != org.pk:
        raise DomainError(NOT_A_MEMBER, field="assignment")
    _check_amount(daily_rate, "daily_rate")
    if effective_from <= assignment.start_date or (
        assignment.end_date and effective_from > assignment.end_date
    ):
        dates = {"start": _day(assignment.start_date), "end": _day(assignment.end_date)}
        message = OUTSIDE % dates if assignment.end_date else OUTSIDE_OPEN % dates
        raise DomainError(message, field="effective_from")
    rate = AssignmentRate(assignment=assignment, daily_rate=daily_rate)
    return _save_rate(actor, rate, effective_from, user_id=assignment.user_id, same_day=SAME_DAY_SELL)


def _day(day: date | None) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT") if day else ""


def add_cost_rate(*, actor: Membership, user_id: int, daily_cost: Decimal, effective_from: date) -> CostRate:
    """The person's CJM becomes ``daily_cost`` from ``effective_from`` on."""
    require_role(actor, *COST_ROLES)
    org = actor.organization
    if not Membership.objects.for_org(org).filter(user_id=user_id).exists():
        raise DomainError(NOT_A_MEMBER, field="user")
    _check_amount(daily_cost, "daily_cost")
    if not date(1900, 1, 1) <= effective_from <= date(2999, 12, 31):
        raise DomainError(OUT_OF_RANGE, field="effective_from")
    rate = CostRate(user_id=user_id, daily_cost=daily_cost)
    return _save_rate(actor, rate, effective_from, user_id=user_id, same_day=SAME_DAY_COST)


def _save_rate(actor: Membership, rate, effective_from: date, *, user_id: int, same_day):
    """Write a rate change and re-derive the person's rollup from its date, all or nothing; a second
    change on the same day (even a concurrent one) is refused on ``effective_from``."""
    rate.organization, rate.effective_from, rate.created_by = actor.organization, effective_from, actor.user
    with transaction.atomic():
        try:
            with transaction.atomic():
                rate.save()
        except IntegrityError as error:
            raise DomainError(same_day, field="effective_from") from error
        rollup.recompute_person(actor.organization, user_id, since=effective_from)
    return rate


def delete_cost_rate(*, actor: Membership, rate: CostRate) -> None:
    require_role(actor, *COST_ROLES)
    with transaction.atomic():
        CostRate.objects.for_org(actor.organization).filter(pk=rate.pk).delete()
        rollup.recompute_person(actor.organization, rate.user_id, since=rate.effective_from)


def delete_assignment_rate(*, actor: Membership, rate: AssignmentRate) -> None:
    require_role(actor, *SELL_RATE_ROLES)
    with transaction.atomic():
        AssignmentRate.objects.for_org(actor.organization).filter(pk=rate.pk).delete()
        rollup.recompute_person(actor.organization, rate.assignment.user_id, since=rate.effective_from)
