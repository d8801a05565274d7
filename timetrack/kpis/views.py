"""The TACE dashboards: parse the filters, pick the people in scope, render the selector's figures."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from timetrack.kpis.forms import DashboardFilters
from timetrack.kpis.selectors import dashboard, scoped_members
from timetrack.orgs.access import get_member_for, member_required
from timetrack.orgs.models import Role
from timetrack.orgs.selectors import subtree_user_ids

RANKING_PAGE = 50


def _render(
    request, template: str, filters: DashboardFilters, members, person_id=None, whole_org=False, **context
):
    start, end = filters.bounds()
    board = dashboard(
        request.membership.organization,
        start,
        end,
        members=members,
        validated_only=bool(filters.value("validated")),
        links=request.GET.dict(),
        today=timezone.localdate(),
        team=filters.value("team"),
        person_id=person_id,
        whole_org=whole_org,
    )
    # thousands of people rank in the data, a page of them in the HTML
    ranking = Paginator(board.people, RANKING_PAGE).get_page(request.GET.get("page"))
    return render(request, template, {"filters": filters, "board": board, "ranking": ranking, **context})


def _filters(request) -> DashboardFilters:
    return DashboardFilters(request.GET, org=request.membership.organization, today=timezone.localdate())


@member_required(Role.ADMIN, Role.FINANCE)
def organisation(request):
    filters = _filters(request)
    members = scoped_members(
        request.membership.organization, team=filters.value("team"), agency=filters.value("agency")
    )
    whole_org = filters.value("team") is None and filters.value("agency") is None
    return _render(request, "kpis/organisation.html", filters, members, whole_org=whole_org)


@member_required(Role.ADMIN, Role.MANAGER)
def team(request):
    """A manager's whole subtree; an admin may look at any manager's with ``?manager=<user id>``."""
    me = request.membership
    manager = me
    if me.role == Role.ADMIN and request.GET.get("manager"):
        manager = get_member_for(me, request.GET["manager"])
    filters = _filters(request)
    members = scoped_members(
        me.organization,
        subtree_user_ids(me.organization, manager.user_id),
        team=filters.value("team"),
        agency=filters.value("agency"),
    )
    return _render(request, "kpis/team.html", filters, members, manager=manager)


@member_required()
def me(request):
    filters = _filters(request)
    members = scoped_members(request.membership.organization, [request.membership.user_id])
    return _render(request, "kpis/me.html", filters, members, person_id=request.membership.user_id)
