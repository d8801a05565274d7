"""Writes on CRAs: one function per operation, shared by the grid, the API and the jobs."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from timetrack.lib.calendar import month_bounds
from timetrack.lib.errors import DomainError
from timetrack.orgs.models import Membership
from timetrack.projects.models import Assignment
from timetrack.timesheets import rules
from timetrack.timesheets.access import check_can_edit_for
from timetrack.timesheets.models import TimeEntry, Timesheet, TimesheetStatus
from timetrack.timesheets.selectors import timesheet_for
from timetrack.timesheets.units import day_max_hours, day_max_label, to_hours


@dataclass(frozen=True)
class Cell:
    """One cell of the grid: a day × an activity (× a project). ``quantity`` 0 clears the cell."""

    day: date
    activity_type: object
    project: object | None
    quantity: Decimal
    unit: str
    comment: str = ""


def save_entry(*, actor: Membership, person: Membership, cell: Cell) -> TimeEntry | None:
    """Create, update or clear one cell; returns the entry, or None when the cell is cleared."""
    return save_entries(actor=actor, person=person, cells=[cell])[0]


def save_entries(*, actor: Membership, person: Membership, cells: list[Cell]) -> list[TimeEntry | None]:
    """Upsert several cells of one person atomically: all are saved or none (the first error is raised)."""
    check_can_edit_for(actor, person)
    org = person.organization
    schedule = person.schedule()
    if not cells:
        return []
    first, last = min(c.day for c in cells), max(c.day for c in cells)
    assignments = list(
        Assignment.objects.for_org(org).filter(user_id=person.user_id).overlapping(first, last)
    )
    hours_of = {}
    for index, cell in enumerate(cells):
        try:
            _check_cell(cell, schedule, assignments)
            hours_of[cell] = to_hours(cell.quantity, unit=cell.unit, org=org)
            rules.check_daily_max(hours_of[cell], max_hours=day_max_hours(org), max_label=day_max_label(org))
        except DomainError as error:
            error.index = index  # which cell of a batch, for the API's error body
            raise
    with transaction.atomic():
        sheets = _lock_months(org, person.user_id, {c.day.replace(day=1) for c in cells})
        for sheet in sheets.values():
            rules.check_not_locked(sheet)
        results = _upsert_cells(org, person, sheets, cells, hours_of)
        _check_day_totals(org, person, {c.day for c in cells})
    return results


def _check_cell(cell: Cell, schedule, assignments) -> None:
    rules.check_not_negative(cell.quantity)
    rules.check_step(cell.quantity, unit=cell.unit)
    rules.check_activity_active(cell.activity_type)
    rules.check_project_matches(cell.activity_type, cell.project)
    rules.check_employed(schedule, cell.day)
    if cell.quantity:
        rules.check_assigned(cell.project, cell.day, assignments)


def _lock_months(org, user_id: int, months: set[date]) -> dict[date, Timesheet]:
    """Lock the CRAs of ``months`` (created if needed): saves of one person's month are serialised,
    so the day totals and the lock checks see every concurrent change."""
    for month in months:
        timesheet_for(org=org, user_id=user_id, month=month)
    locked = (
        Timesheet.objects.for_org(org).select_for_update().filter(user_id=user_id, month__in=sorted(months))
    )
    return {sheet.month: sheet for sheet in locked.order_by("month")}


def _cell_key(day, activity_type_id, project_id):
    return (day, activity_type_id, project_id)


def _upsert_cells(org, person, sheets, cells: list[Cell], hours_of) -> list[TimeEntry | None]:
    """Write the cells in a constant number of queries: one read, one insert, one update, one delete.

    A cell given twice keeps its last value, like two saves of the same cell.
    """
    days = {c.day for c in cells}
    existing = {
        _cell_key(e.date, e.activity_type_id, e.project_id): e
        for e in TimeEntry.objects.for_org(org).filter(user_id=person.user_id, date__in=days)
    }
    results: dict[tuple, TimeEntry | None] = {}
    to_create, to_update, to_delete = {}, {}, set()
    for cell in cells:
        key = _cell_key(cell.day, cell.activity_type.pk, cell.project.pk if cell.project else None)
        hours = hours_of[cell]
        entry = existing.get(key) or to_create.get(key)
        if not hours:
            to_create.pop(key, None)
            to_update.pop(key, None)
            if key in existing:
                to_delete.add(existing[key].pk)
            results[key] = None
            continue
        if entry is None:
            entry = TimeEntry(
                organization=org,
                user_id=person.user_id,
                timesheet=sheets[cell.day.replace(day=1)],
                date=cell.day,
                activity_type=cell.activity_type,
                project=cell.project,
            )
        entry.hours, entry.comment = hours, cell.comment
        if entry.pk is None:
            to_create[key] = entry
        else:
            to_update[key] = entry
            to_delete.discard(entry.pk)
        results[key] = entry
    if to_delete:
        TimeEntry.objects.for_org(org).filter(pk__in=to_delete).delete()
    if to_create:
        TimeEntry.objects.bulk_create(list(to_create.values()))
    if to_update:
        now = timezone.now()
        for entry in to_update.values():
            entry.updated_at = now
        TimeEntry.objects.bulk_update(list(to_update.values()), ["hours", "comment", "updated_at"])
    return [results[_cell_key(c.day, c.activity_type.pk, c.project.pk if c.project else None)] for c in cells]


def _check_day_totals(org, person, days: set[date]) -> None:
    totals = (
        TimeEntry.objects.for_org(org)
        .filter(user_id=person.user_id, date__in=days)
        .values("date")
        .annotate(total=Sum("hours"))
    )
    for row in totals:
        rules.check_daily_max(row["total"], max_hours=day_max_hours(org), max_label=day_max_label(org))


def delete_entry(*, actor: Membership, person: Membership, entry: TimeEntry) -> None:
    check_can_edit_for(actor, person)
    with transaction.atomic():
        sheet = _lock_months(person.organization, person.user_id, {entry.date.replace(day=1)})[
            entry.date.replace(day=1)
        ]
        rules.check_not_locked(sheet)
        TimeEntry.objects.for_org(person.organization).filter(pk=entry.pk).delete()


def missing_days(person: Membership, month: date) -> list[date]:
    """Worked days of the month on which nothing is entered."""
    first, last = month_bounds(month.year, month.month)
    filled = set(
        TimeEntry.objects.for_org(person.organization)
        .filter(user_id=person.user_id, date__range=(first, last))
        .values_list("date", flat=True)
    )
    return [day for day in person.schedule().worked_days(first, last) if day not in filled]


def part_time_days_off(person: Membership, month: date) -> int:
    """Worked days a part-time contract leaves empty in the month: ⌊worked days × (1 − ratio)⌋.

    A consultant at 80 % does not fill their weekly day off; the month is still complete.
    """
    first, last = month_bounds(month.year, month.month)
    worked = len(person.schedule().worked_days(first, last))
    return int(worked * (1 - person.contract_ratio))


def submit_timesheet(*, actor: Membership, person: Membership, month: date) -> Timesheet:
    """Move the CRA to ``submitted`` and lock it; by default every worked day must be filled."""
    check_can_edit_for(actor, person)
    org = person.organization
    with transaction.atomic():
        sheet = _lock_months(org, person.user_id, {month.replace(day=1)})[month.replace(day=1)]
        rules.check_submittable(sheet)
        if org.require_complete_month:
            rules.check_month_complete(
                missing_days(person, sheet.month), allowance=part_time_days_off(person, sheet.month)
            )
        sheet.status = TimesheetStatus.SUBMITTED
        sheet.submitted_at = timezone.now()
        sheet.save(update_fields=["status", "submitted_at", "updated_at"])
    return sheet


def update_entry(*, actor: Membership, person: Membership, entry: TimeEntry, cell: Cell) -> TimeEntry:
    """Change an entry, possibly moving it to another cell (day, activity or project), atomically."""
    same_cell = (cell.day, cell.activity_type.pk, cell.project.pk if cell.project else None) == (
        entry.date,
        entry.activity_type_id,
        entry.project_id,
    )
    if not cell.quantity:
        raise DomainError(rules.NOT_POSITIVE, field="quantity")
    with transaction.atomic():
        if not same_cell:
            rules.check_cell_free(person.organization, person.user_id, cell)
            delete_entry(actor=actor, person=person, entry=entry)
        return save_entries(actor=actor, person=person, cells=[cell])[0]


def cell_exists(person: Membership, cell: Cell) -> bool:
    return (
        TimeEntry.objects.for_org(person.organization)
        .filter(user_id=person.user_id, date=cell.day, activity_type=cell.activity_type, project=cell.project)
        .exists()
    )
