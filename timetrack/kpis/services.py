"""Writes of the KPI settings: TACE targets and TACE policies (admins only)."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from timetrack.kpis import rules
from timetrack.kpis.models import TacePolicy, TaceTarget
from timetrack.lib.errors import DomainError
from timetrack.orgs.access import require_admin
from timetrack.orgs.models import Membership


def set_target(
    *, actor: Membership, team=None, user=None, target: Decimal, effective_from: date
) -> TaceTarget:
    """The target of a scope (organisation, ``team`` or ``user``) from ``effective_from`` on.

    A second target of the same scope on the same date corrects it; any other date adds a row, so that
    earlier dates keep the target they had.
    """
    require_admin(actor)
    org = actor.organization
    rules.check_one_scope(team=team, user=user)
    rules.check_target_range(target)
    rules.check_effective_from(effective_from)
    rules.check_team_of_org(org, team)
    rules.check_member_of_org(org, user)
    with transaction.atomic():
        row, _created = TaceTarget.objects.select_for_update().update_or_create(
            organization=org,
            team=team,
            user=user,
            effective_from=effective_from,
            defaults={"target_percent": Decimal(target)},
        )
    return row


def delete_target(*, actor: Membership, target: TaceTarget) -> None:
    """Remove a target entered by mistake; the previous one of its scope is in force again."""
    require_admin(actor)
    if target.organization_id != actor.organization_id:
        raise TaceTarget.DoesNotExist
    with transaction.atomic():
        target.delete()


def add_policy(
    *,
    actor: Membership,
    effective_from: date,
    billable_types,
    leave_types,
    note: str = "",
    confirm_past: bool = False,
    today: date | None = None,
) -> TacePolicy:
    """A new TACE policy of the actor's organisation from ``effective_from`` (the 1st of a month) on.

    Earlier months keep the policy they had. A date in a month already begun recalculates the TACE since
    then, so it needs ``confirm_past``; a date already taken is refused (policies are never edited)."""
    require_admin(actor)
    org = actor.organization
    today = today or timezone.localdate()
    billable_types, leave_types = list(billable_types), list(leave_types)
    rules.check_first_of_month(effective_from)
    rules.check_types_of_org(org, billable_types, field="billable_types")
    rules.check_types_of_org(org, leave_types, field="leave_types")
    rules.check_always_leave(leave_types)
    rules.check_billable_not_leave(billable_types, leave_types)
    rules.check_date_free(org, effective_from)
    rules.check_past_confirmed(effective_from, confirm_past, today)
    try:
        with transaction.atomic():
            policy = TacePolicy.objects.create(
                organization=org, effective_from=effective_from, note=note.strip(), created_by=actor.user
            )
            policy.billable_types.set(billable_types)
            policy.leave_types.set(leave_types)
    except IntegrityError as exc:  # the same date added at the same moment by someone else
        raise DomainError(rules.DATE_TAKEN, field="effective_from") from exc
    return policy


def delete_policy(*, actor: Membership, policy: TacePolicy, today: date | None = None) -> None:
    """Remove a policy not yet in force; one whose month has started stays in the history."""
    require_admin(actor)
    if policy.organization_id != actor.organization_id:
        raise TacePolicy.DoesNotExist
    rules.check_not_in_force(policy, today or timezone.localdate())
    with transaction.atomic():
        policy.delete()
