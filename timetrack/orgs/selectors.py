"""Reads of organisations and people, always scoped to one organisation."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db.models import Count

from timetrack.lib.calendar import WorkSchedule
from timetrack.orgs.models import Agency, Membership, Role, Team, work_schedule


def memberships_of(user):
    """The active memberships a user can switch between, organisation loaded."""
    return (
        Membership.objects.filter(user=user, is_active=True)
        .select_related("organization")
        .order_by("organization__name")
    )


def subtree_user_ids(org, manager_user_id: int) -> set[int]:
    """Everyone below ``manager_user_id`` in the N+1 hierarchy of ``org`` (not the manager)."""
    reports = defaultdict(list)
    for user_id, manager_id in Membership.objects.for_org(org).values_list("user_id", "manager_id"):
        if manager_id is not None:
            reports[manager_id].append(user_id)
    found: set[int] = set()
    stack = list(reports[manager_user_id])
    while stack:
        user_id = stack.pop()
        if user_id in found or user_id == manager_user_id:
            continue
        found.add(user_id)
        stack.extend(reports[user_id])
    return found


def visible_user_ids(membership) -> set[int] | None:
    """The users whose data ``membership`` may read; None means everyone of the organisation."""
    if membership.role in (Role.ADMIN, Role.FINANCE):
        return None
    if membership.role == Role.MANAGER:
        return subtree_user_ids(membership.organization, membership.user_id) | {membership.user_id}
    return {membership.user_id}


def visible_memberships(membership):
    """Members ``membership`` may see, with what lists and pages show of them."""
    queryset = (
        Membership.objects.for_org(membership.organization)
        .select_related("user", "manager", "team", "agency", "organization")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    visible = visible_user_ids(membership)
    if visible is not None:
        queryset = queryset.filter(user_id__in=visible)
    return queryset


def member_users(org):
    """Users with an active membership in ``org``: the choices for a manager or a team lead."""
    return (
        get_user_model()
        .objects.filter(memberships__organization=org, memberships__is_active=True)
        .order_by("last_name", "first_name", "email")
    )


def teams_with_counts(org):
    return (
        Team.objects.for_org(org)
        .select_related("agency", "lead")
        .annotate(member_count=Count("members", distinct=True))
    )


def agencies_with_counts(org):
    return Agency.objects.for_org(org).annotate(
        team_count=Count("teams", distinct=True), member_count=Count("members", distinct=True)
    )


def active_member_count(org) -> int:
    return Membership.objects.for_org(org).active().count()


def team_size(membership) -> int:
    """How many people report to ``membership``, directly or not."""
    return len(subtree_user_ids(membership.organization, membership.user_id))


def schedules_of(org, user_ids=None) -> dict[int, WorkSchedule]:
    """Each member's working calendar, read as plain values (no model instances): dashboards over
    thousands of people need them all at once. The rule itself is ``work_schedule``."""
    members = Membership.objects.for_org(org)
    if user_ids is not None:
        members = members.filter(user_id__in=user_ids)
    rows = members.values_list(
        "user_id", "calendar", "agency__calendar", "contract_ratio", "start_date", "end_date"
    )
    weekdays = org.weekdays  # parsed once for thousands of people
    return {
        user_id: work_schedule(
            org,
            calendar=calendar,
            agency_calendar=agency_calendar,
            ratio=ratio,
            employed_from=start,
            employed_until=end,
            weekdays=weekdays,
        )
        for user_id, calendar, agency_calendar, ratio, start, end in rows
    }
