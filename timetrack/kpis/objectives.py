"""TACE targets in force, and how an actual TACE compares with its target.

Precedence: the person's own target, else their team's, else the organisation's. Each target is in force
from its ``effective_from`` until the next target of the same scope, so that a change never rewrites an
earlier date: asking for a past date answers the target of that date.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Q

from timetrack.kpis.models import TaceTarget
from timetrack.orgs.models import Membership

# A TACE at or above its target is "above"; within NEAR_MARGIN points below it, "near"; lower, "below".
NEAR_MARGIN = Decimal("5")
ABOVE, NEAR, BELOW = "above", "near", "below"


def _in_force(org, on: date, scopes: Q) -> tuple[dict, dict, Decimal | None]:
    """(targets by user, targets by team, the organisation's) in force on ``on``, in one query."""
    rows = (
        TaceTarget.objects.for_org(org)
        .filter(effective_from__lte=on)
        .filter(scopes | Q(team__isnull=True, user__isnull=True))
        .order_by("effective_from")
        .values_list("user_id", "team_id", "target_percent")
    )
    by_user, by_team, organisation = {}, {}, None
    for user_id, team_id, target in rows:  # ascending dates: the latest of each scope wins
        if user_id is not None:
            by_user[user_id] = target
        elif team_id is not None:
            by_team[team_id] = target
        else:
            organisation = target
    return by_user, by_team, organisation


def target_for(org, *, user_id: int | None = None, team_id: int | None = None, on: date) -> Decimal | None:
    """The target of a person (their own, else their team's, else the organisation's), of a team (its
    own, else the organisation's) or of the organisation (neither given), in force on ``on``."""
    if user_id is not None and team_id is None:
        team_id = (
            Membership.objects.for_org(org).filter(user_id=user_id).values_list("team_id", flat=True).first()
        )
    scopes = Q(pk__in=[])
    if user_id is not None:
        scopes |= Q(user_id=user_id)
    if team_id is not None:
        scopes |= Q(team_id=team_id, user__isnull=True)
    by_user, by_team, organisation = _in_force(org, on, scopes)
    return by_user.get(user_id, by_team.get(team_id, organisation))


def targets_for_people(org, user_ids, on: date) -> dict[int, Decimal | None]:
    """{user_id: target in force on ``on``} for many people, in two queries whatever their number."""
    teams = dict(
        Membership.objects.for_org(org).filter(user_id__in=list(user_ids)).values_list("user_id", "team_id")
    )
    team_ids = {t for t in teams.values() if t is not None}
    scopes = Q(user_id__in=list(teams)) | Q(team_id__in=team_ids, user__isnull=True)
    by_user, by_team, organisation = _in_force(org, on, scopes)
    return {
        user_id: by_user.get(user_id, by_team.get(team_id, organisation))
        for user_id, team_id in teams.items()
    }


def targets_for_teams(org, team_ids, on: date) -> dict[int, Decimal | None]:
    """{team_id: its target (else the organisation's)} in force on ``on``, in one query."""
    team_ids = list(team_ids)
    _by_user, by_team, organisation = _in_force(org, on, Q(team_id__in=team_ids, user__isnull=True))
    return {team_id: by_team.get(team_id, organisation) for team_id in team_ids}


def rating(tace: Decimal | None, target: Decimal | None) -> str | None:
    """ "above" (≥ target), "near" (less than NEAR_MARGIN points below), "below", or None when either
    number is undefined."""
    if tace is None or target is None:
        return None
    if tace >= target:
        return ABOVE
    return NEAR if tace >= target - NEAR_MARGIN else BELOW
