"""The CRA screens: the month and week grids, and the htmx endpoints behind them.

Every endpoint parses, makes one service call and renders the fragment the page itself includes.
Refusals answer 400 (a rule) or 409 (a locked month) with a fragment: static/js/grid.js lets htmx swap
it, so a failed cell keeps what the user typed and says why.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from timetrack.approvals import services as approvals
from timetrack.approvals.selectors import history
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.orgs.access import get_member_for, member_required
from timetrack.orgs.scoping import get_for_org
from timetrack.projects.models import Project
from timetrack.timesheets import services
from timetrack.timesheets.access import can_edit_for
from timetrack.timesheets.forms import CellForm, DayForm, FillForm, HalfDayForm
from timetrack.timesheets.grid import Period, build_grid, describe_day, parse_row_slug
from timetrack.timesheets.models import ActivityType
from timetrack.timesheets.services import Cell


# --- Pages --------------------------------------------------------------------------------------------
@member_required()
def month(request, year=None, month=None):
    today = timezone.localdate()
    if year is None:
        year, month = today.year, today.month
    try:
        period = Period.month(year, month)
    except ValueError as exc:
        raise Http404("No such month.") from exc
    return _page(request, period)


@member_required()
def week(request, year, week):
    try:
        period = Period.week(year, week)
    except ValueError as exc:
        raise Http404("No such week.") from exc
    return _page(request, period)


def _page(request, period: Period):
    grid = _grid(request, _person(request), period)
    return render(request, "timesheets/month.html", _context(request, grid))


# --- htmx endpoints -----------------------------------------------------------------------------------
@require_POST
@member_required()
def save_cell(request, period: Period):
    person = _person(request)
    form = CellForm(request.POST, period=period)
    if form.errors.keys() - {"value"}:
        return _refused(request, form.first_error())
    key, day = form.cleaned_data["row"], form.cleaned_data["day"]
    activity_type, project = _row_objects(person, key)
    typed = request.POST.get("value", "")
    if "value" in form.errors:
        return _cell(request, person, period, key, day, typed=typed, error=form.errors["value"][0])
    cell = Cell(day, activity_type, project, form.cleaned_data["value"], person.organization.time_unit)
    try:
        services.save_entry(actor=request.membership, person=person, cell=cell)
    except DomainError as error:
        return _cell(request, person, period, key, day, typed=typed, error=error)
    return _cell(request, person, period, key, day)


@require_GET
@member_required()
def add_row(request, period: Period):
    person = _person(request)
    try:
        key = parse_row_slug(request.GET.get("row", ""))
    except ValueError as exc:
        raise Http404("No such row.") from exc
    grid = _grid(request, person, period, extra_rows=(key,))
    row = grid.row(key)
    if row is None:
        raise Http404("No such row.")
    return render(request, "timesheets/_row_added.html", _context(request, grid, row=row))


@require_POST
@member_required()
def copy_day(request, period: Period):
    person, form = _person(request), DayForm(request.POST, period=period)
    if not form.is_valid():
        return _refused(request, form.first_error())
    day = form.cleaned_data["day"]
    try:
        services.copy_previous_day(actor=request.membership, person=person, day=day)
    except DomainError as error:
        return _refused(request, error)
    return _done(
        request, person, period, _("La journée du %(day)s est recopiée.") % {"day": describe_day(day)}
    )


@require_POST
@member_required()
def copy_week(request, period: Period):
    person, form = _person(request), DayForm(request.POST, period=period)
    if not form.is_valid():
        return _refused(request, form.first_error())
    try:
        services.copy_previous_week(actor=request.membership, person=person, day=form.cleaned_data["day"])
    except DomainError as error:
        return _refused(request, error)
    return _done(request, person, period, _("La semaine précédente est recopiée."))


@require_POST
@member_required()
def fill(request, period: Period):
    person, form = _person(request), FillForm(request.POST)
    if not period.is_month:
        raise Http404("Fill a month, not a week.")
    if not form.is_valid():
        return _refused(request, form.first_error())
    activity_type, project = _row_objects(person, form.cleaned_data["row"])
    try:
        entries = services.fill_month(
            actor=request.membership,
            person=person,
            month=period.start,
            activity_type=activity_type,
            project=project,
        )
    except DomainError as error:
        return _refused(request, error)
    count = len(entries)
    message = _("%(count)s jour(s) rempli(s).") % {"count": count}
    return _done(request, person, period, message)


@require_POST
@member_required()
def half_day(request, period: Period):
    person, form = _person(request), HalfDayForm(request.POST, period=period)
    if not form.is_valid():
        return _refused(request, form.first_error())
    data = form.cleaned_data
    absence = get_for_org(ActivityType, person.organization, pk=data["absence"])
    try:
        services.add_half_day_absence(
            actor=request.membership, person=person, day=data["day"], activity_type=absence, half=data["half"]
        )
    except DomainError as error:
        return _refused(request, error)
    message = _("Demi-journée de « %(type)s » ajoutée le %(day)s.") % {
        "type": absence.name,
        "day": describe_day(data["day"]),
    }
    return _done(request, person, period, message)


@require_POST
@member_required()
def submit(request, period: Period):
    if not period.is_month:
        raise Http404("Submit a month, not a week.")
    person = _person(request)
    try:
        approvals.submit_timesheet(
            actor=request.membership, person=person, month=period.start, ip=request.META.get("REMOTE_ADDR")
        )
    except DomainError as error:
        missing = services.missing_days(person, period.start) if error.field == "month" else []
        return _refused(request, error, missing=missing)
    messages.success(
        request,
        _("Le CRA de %(month)s est soumis : il n'est plus modifiable.")
        % {"month": date_format(period.start, "F Y")},
    )
    url = _page_url(period, person, request.membership)
    if request.htmx:
        return HttpResponse(headers={"HX-Redirect": url})
    return redirect(url)


# --- Helpers ------------------------------------------------------------------------------------------
def _person(request):
    """Whose CRA: oneself, or ``?user=`` for a manager (their subtree) or an admin.

    Another organisation's person is a 404, someone outside the caller's scope a 403."""
    me = request.membership
    user_id = request.GET.get("user", "")
    if not user_id or user_id == str(me.user_id):
        return me
    person = get_member_for(me, user_id)
    if not can_edit_for(me, person):
        raise PermissionDenied
    return person


def _row_objects(person, key):
    type_id, project_id = key
    org = person.organization
    activity_type = get_for_org(ActivityType, org, pk=type_id)
    project = get_for_org(Project, org, pk=project_id) if project_id else None
    return activity_type, project


def _grid(request, person, period: Period, **kwargs):
    return build_grid(person, period, today=timezone.localdate(), **kwargs)


def _user_query(person, me) -> str:
    return "" if person.user_id == me.user_id else f"?user={person.user_id}"


def _page_url(period: Period, person, me) -> str:
    if period.is_month:
        url = reverse("timesheets:month", args=[period.start.year, period.start.month])
    else:
        url = reverse("timesheets:week", args=period.iso_week)
    return url + _user_query(person, me)


def _back_url(request) -> str:
    """The page an endpoint of ``period`` belongs to, for the plain (non-htmx) form posts."""
    period = request.resolver_match.kwargs["period"]
    if period.is_month:
        url = reverse("timesheets:month", args=[period.start.year, period.start.month])
    else:
        url = reverse("timesheets:week", args=period.iso_week)
    user_id = request.GET.get("user", "")
    return url + (f"?user={user_id}" if user_id.isdigit() else "")


def _context(request, grid, **extra) -> dict:
    period, person, me = grid.period, grid.person, request.membership
    today = timezone.localdate()
    focus = grid.default_day
    return {
        "grid": grid,
        "period": period,
        "person": person,
        "is_self": person.user_id == me.user_id,
        "user_query": _user_query(person, me),
        "previous_url": _page_url(period.previous, person, me),
        "next_url": _page_url(period.next, person, me),
        "today_url": _page_url(Period.of_day(today, period.kind), person, me),
        "month_url": _page_url(Period.of_day(focus, "month"), person, me),
        "week_url": _page_url(Period.of_day(focus, "week"), person, me),
        # The CRA's timeline, read only by the templates that show it (the page, not the htmx fragments).
        "events": SimpleLazyObject(lambda: list(history(grid.timesheet)) if grid.timesheet.pk else []),
        **extra,
    }


def _cell(request, person, period: Period, key, day, *, typed=None, error=None):
    """The saved (or refused) cell, and out of band the totals, warnings and counters it changes."""
    grid = _grid(request, person, period, extra_rows=(key,))
    cell = grid.cell(key, day)
    if cell is None:  # a row the person may not use (no assignment, inactive activity)
        return _refused(request, error or _("Cette ligne n'existe pas ou plus."))
    status = 200
    if error is not None:
        cell.raw, cell.error = typed, str(getattr(error, "message", error))
        status = 409 if isinstance(error, StateConflict) else 400
    view = "list" if request.POST.get("view") == "list" else "grid"
    where = f"{cell.row.label}, {describe_day(day)}"
    context = _context(request, grid, cell=cell, view=view, week=grid.week_of(day), where=where)
    return render(request, "timesheets/_cell_saved.html", context, status=status)


def _done(request, person, period: Period, message: str):
    """After a bulk action: the whole grid again, and the confirmation in the alert region."""
    if not request.htmx:
        messages.success(request, message)
        return redirect(_page_url(period, person, request.membership))
    context = _context(request, _grid(request, person, period), message=message, level="success")
    return render(request, "timesheets/_body_refreshed.html", context)


def _refused(request, error, *, missing=()):
    """A refusal in the alert region (htmx), or as a message on the page (plain form post)."""
    message = str(getattr(error, "message", error))
    status = 409 if isinstance(error, StateConflict) else 400
    if not request.htmx:
        messages.error(request, message)
        return redirect(_back_url(request))
    context = {"message": message, "level": "danger", "missing": missing}
    response = render(request, "timesheets/_alert.html", context, status=status)
    response["HX-Retarget"] = "#cra-alert"
    response["HX-Reswap"] = "outerHTML"
    return response
