"""Writes of the KPI settings: TACE targets (admins only)."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from timetrack.kpis import rules
from timetrack.kpis.models import TaceTarget
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
