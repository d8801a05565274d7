"""Writes on CRAs: one function per operation, shared by the grid, the API and the jobs."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from timetrack.lib.calendar import month_bounds
from timetrack.lib.errors import DomainError
from timetrack.orgs.models import Membership
from timetrack.profitability import rollup as project_rollup
from timetrack.projects.models import Assignment
from timetrack.timesheets import rules, statements
from timetrack.timesheets.access import check_can_edit_for
from timetrack.timesheets.models import ActivityKind, MonthlyRollup, TimeEntry, Timesheet
from timetrack.timesheets.selectors import entries_in_months, timesheet_for
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
    assignments = []
    if any(c.project is not None for c in cells):  # only project work needs the assignments
        assignments = statements.assignments_overlapping(org.pk, person.user_id, first, last)
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
        # Every entry of the days concerned, read under the lock: the day totals are checked in memory.
        existing = statements.entries_of_days(org.pk, person.user_id, sorted({c.day for c in cells}), sheets)
        return _upsert_cells(org, person, sheets, existing, cells, hours_of)


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
    months = sorted(months)
    sheets = statements.lock_months(org.pk, user_id, months)
    if len(sheets) < len(months):  # first save of a month: create its CRA, then lock it
        for month in set(months) - sheets.keys():
            timesheet_for(org=org, user_id=user_id, month=month)
        sheets = statements.lock_months(org.pk, user_id, months)
    return sheets


def _cell_key(day, activity_type_id, project_id):
    return (day, activity_type_id, project_id)


def _upsert_cells(org, person, sheets, entries, cells: list[Cell], hours_of) -> list[TimeEntry | None]:
    """Write the cells in a constant number of queries: one insert, one update, one delete.

    A cell given twice keeps its last value, like two saves of the same cell. ``entries`` are every entry
    of the days concerned, read under the month's lock, so the day totals are checked in memory before
    writing. Each returned entry says ``was_created``.
    """
    types = {c.activity_type.pk: c.activity_type for c in cells}
    existing = {}
    for entry in entries:
        if entry.activity_type_id in types:
            entry.activity_type = types[entry.activity_type_id]  # spares a query to whoever shows it
        entry.was_created = False
        existing[_cell_key(entry.date, entry.activity_type_id, entry.project_id)] = entry
    before = {key: entry.hours for key, entry in existing.items()}
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
            entry.was_created = True
        entry.hours, entry.comment = hours, cell.comment
        if entry.pk is None:
            to_create[key] = entry
        else:
            to_update[key] = entry
            to_delete.discard(entry.pk)
        results[key] = entry
    kept = [e for e in existing.values() if e.pk not in to_delete]
    _check_day_totals(org, kept + list(to_create.values()), cells)
    after = {key: entry.hours for key, entry in existing.items() if entry.pk not in to_delete}
    after.update({key: entry.hours for key, entry in to_create.items()})
    _apply_rollup(org, person.user_id, before, after)
    if to_delete:
        TimeEntry.objects.for_org(org).filter(pk__in=to_delete).delete()
    if len(to_create) == 1:  # the auto-save of one cell: one plain statement
        statements.insert_entry(next(iter(to_create.values())))
    elif to_create:
        TimeEntry.objects.bulk_create(list(to_create.values()))
    if len(to_update) == 1:
        statements.update_entry(next(iter(to_update.values())))
    elif to_update:
        now = timezone.now()
        for entry in to_update.values():
            entry.updated_at = now
        TimeEntry.objects.bulk_update(list(to_update.values()), ["hours", "comment", "updated_at"])
    return [results[_cell_key(c.day, c.activity_type.pk, c.project.pk if c.project else None)] for c in cells]


def _apply_rollup(org, user_id: int, before: dict, after: dict) -> None:
    """Move the monthly rollup by the change from ``before`` to ``after`` ({cell key: hours}), in the
    caller's transaction and under its month lock: the rollup stays the exact sum of the entries."""
    deltas: dict[tuple[date, int], Decimal] = {}
    for key in before.keys() | after.keys():
        day, activity_type_id, _project_id = key
        change = after.get(key, Decimal(0)) - before.get(key, Decimal(0))
        if change:
            slot = (day.replace(day=1), activity_type_id)
            deltas[slot] = deltas.get(slot, Decimal(0)) + change
    for (month, activity_type_id), change in deltas.items():
        if not change:
            continue
        if not statements.add_to_rollup(org.pk, user_id, month, activity_type_id, change):
            MonthlyRollup.objects.create(
                organization=org,
                user_id=user_id,
                month=month,
                activity_type_id=activity_type_id,
                hours=change,
            )
    project_rollup.apply_changes(org, user_id, before, after)


def rebuild_rollups(org, *, months: list[date] | None = None) -> int:
    """Recompute the monthly rollup of ``org`` (or of some months) from the entries: after bulk loads."""
    with transaction.atomic():
        stale = MonthlyRollup.objects.for_org(org)
        if months is not None:
            stale = stale.filter(month__in=months)
        stale.delete()
        entries = entries_in_months(org, months)
        rows = (
            entries.annotate(month=TruncMonth("date"))
            .values("user_id", "month", "activity_type_id")
            .annotate(total=Sum("hours"))
        )
        created = MonthlyRollup.objects.bulk_create(
            [
                MonthlyRollup(
                    organization=org,
                    user_id=r["user_id"],
                    month=r["month"],
                    activity_type_id=r["activity_type_id"],
                    hours=r["total"],
                )
                for r in rows
                if months is None or r["month"] in months
            ],
            batch_size=5000,
        )
        project_rollup.rebuild(org, months=months)
    return len(created)


def _check_day_totals(org, entries: list[TimeEntry], cells: list[Cell]) -> None:
    """The day totals once the batch is applied (``entries``: every entry of the days concerned)."""
    totals: dict[date, Decimal] = {}
    for entry in entries:
        totals[entry.date] = totals.get(entry.date, Decimal(0)) + entry.hours
    for day, total in sorted(totals.items()):
        try:
            rules.check_daily_max(total, max_hours=day_max_hours(org), max_label=day_max_label(org))
        except DomainError as error:
            error.index = next(i for i, c in enumerate(cells) if c.day == day)
            raise


def delete_entry(*, actor: Membership, person: Membership, entry: TimeEntry) -> None:
    check_can_edit_for(actor, person)
    with transaction.atomic():
        sheet = _lock_months(person.organization, person.user_id, {entry.date.replace(day=1)})[
            entry.date.replace(day=1)
        ]
        rules.check_not_locked(sheet)
        deleted, _ = TimeEntry.objects.for_org(person.organization).filter(pk=entry.pk).delete()
        if deleted:
            key = _cell_key(entry.date, entry.activity_type_id, entry.project_id)
            _apply_rollup(person.organization, person.user_id, {key: entry.hours}, {})


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


MORNING, AFTERNOON = "morning", "afternoon"
HALF_DAY_LABELS = {MORNING: _("Matin"), AFTERNOON: _("Après-midi")}
ZERO = Decimal("0")
QUARTER = rules.QUARTER
NO_WORKING_DAY_BEFORE = _("Aucun jour ouvré dans le mois précédent ce jour.")
NOTHING_TO_COPY = _("Rien à copier : aucune saisie le %(day)s.")
EMPTY_WEEK = _("Rien à copier : la semaine précédente est vide.")
NOTHING_TO_FILL = _("Aucun jour ouvré vide à remplir dans ce mois.")
NOT_AN_ABSENCE = _("Choisissez un type d'absence.")
HALF_DAY_TAKEN = _("Cette demi-journée d'absence est déjà saisie.")


def previous_working_day(person: Membership, day: date) -> date:
    """The last working day (weekday of the organisation, not a public holiday) before ``day``."""
    schedule = person.schedule()
    for back in range(1, 32):
        candidate = day - timedelta(days=back)
        if schedule.is_working_day(candidate):
            return candidate
    raise DomainError(NO_WORKING_DAY_BEFORE, field="day")


def copy_previous_day(*, actor: Membership, person: Membership, day: date) -> list[TimeEntry | None]:
    """Make ``day`` a copy of the previous working day: its cells get the same quantities, the others
    are cleared."""
    source = previous_working_day(person, day)
    by_day = _entries_by_day(person, [source, day])
    if not by_day[source]:
        raise DomainError(NOTHING_TO_COPY % {"day": date_format(source, "l j F")}, field="day")
    return save_entries(
        actor=actor, person=person, cells=_copy_cells(person, by_day[source], by_day[day], day)
    )


def copy_previous_week(*, actor: Membership, person: Membership, day: date) -> list[TimeEntry | None]:
    """Copy the week before the one of ``day`` into it, day by day, on the days the person works.

    A target day whose source day is empty is left as it is."""
    monday = day - timedelta(days=day.weekday())
    targets = [monday + timedelta(days=n) for n in range(7)]
    sources = [target - timedelta(days=7) for target in targets]
    by_day = _entries_by_day(person, sources + targets)
    if not any(by_day[source] for source in sources):
        raise DomainError(EMPTY_WEEK, field="day")
    schedule = person.schedule()
    cells = []
    for source, target in zip(sources, targets, strict=True):
        if by_day[source] and schedule.is_worked(target):
            cells += _copy_cells(person, by_day[source], by_day[target], target)
    return save_entries(actor=actor, person=person, cells=cells)


def fill_month(
    *, actor: Membership, person: Membership, month: date, activity_type, project=None
) -> list[TimeEntry | None]:
    """Put one working day of ``activity_type`` (and ``project``) on every worked, empty day of ``month``;
    for project work, only on the days an assignment to the project covers."""
    org = person.organization
    first, last = month_bounds(month.year, month.month)
    filled = set(
        TimeEntry.objects.for_org(org)
        .filter(user_id=person.user_id, date__range=(first, last))
        .values_list("date", flat=True)
    )
    assignments = []
    if project is not None:
        assignments = list(
            Assignment.objects.for_org(org)
            .filter(user_id=person.user_id, project=project)
            .overlapping(first, last)
        )
    days = [
        day
        for day in person.schedule().worked_days(first, last)
        if day not in filled and (project is None or any(a.covers(day) for a in assignments))
    ]
    if not days:
        raise DomainError(NOTHING_TO_FILL, field="month")
    quantity, unit = (Decimal("1"), "days") if org.time_unit == "days" else (org.hours_per_day, "hours")
    cells = [Cell(day, activity_type, project, quantity, unit) for day in days]
    return save_entries(actor=actor, person=person, cells=cells)


def add_half_day_absence(
    *, actor: Membership, person: Membership, day: date, activity_type, half: str
) -> list[TimeEntry | None]:
    """Half a working day of an absence on ``day``, the morning or the afternoon; the day's work is
    reduced (largest entry first) so that the day stays one working day."""
    if activity_type.kind != ActivityKind.ABSENCE or activity_type.requires_project:
        raise DomainError(NOT_AN_ABSENCE, field="activity_type")
    org = person.organization
    half_hours = org.hours_per_day / 2
    entries = _entries_by_day(person, [day])[day]
    same = next((e for e in entries if e.activity_type_id == activity_type.pk and e.project_id is None), None)
    label = str(HALF_DAY_LABELS[half])
    halves = [part for part in (same.comment.split(", ") if same else []) if part]
    if label in halves:
        raise DomainError(HALF_DAY_TAKEN, field="half")
    comment = ", ".join([*halves, label] if same else [label])
    absence_hours = (same.hours if same else ZERO) + half_hours
    cells = [Cell(day, activity_type, None, *_quantity_of(absence_hours, org), comment=comment)]
    excess = sum((e.hours for e in entries), ZERO) + half_hours - org.hours_per_day
    work = sorted(
        (e for e in entries if e.activity_type.kind == ActivityKind.WORK), key=lambda e: e.hours, reverse=True
    )
    for entry in work:
        if excess <= 0:
            break
        cut = min(excess, entry.hours)
        cells.append(
            Cell(
                day, entry.activity_type, entry.project, *_quantity_of(entry.hours - cut, org), entry.comment
            )
        )
        excess -= cut
    return save_entries(actor=actor, person=person, cells=cells)


def _entries_by_day(person: Membership, days: list[date]) -> dict[date, list[TimeEntry]]:
    by_day = {day: [] for day in days}
    entries = (
        TimeEntry.objects.for_org(person.organization)
        .filter(user_id=person.user_id, date__in=days)
        .select_related("activity_type", "project")
    )
    for entry in entries:
        by_day[entry.date].append(entry)
    return by_day


def _copy_cells(
    person: Membership, source: list[TimeEntry], target: list[TimeEntry], day: date
) -> list[Cell]:
    """Cells making ``day`` (holding ``target``) equal to ``source``."""
    org = person.organization
    copied = {(e.activity_type_id, e.project_id) for e in source}
    cells = [
        Cell(day, e.activity_type, e.project, *_quantity_of(e.hours, org), comment=e.comment) for e in source
    ]
    cells += [
        Cell(day, e.activity_type, e.project, ZERO, "hours")
        for e in target
        if (e.activity_type_id, e.project_id) not in copied
    ]
    return cells


def _quantity_of(hours: Decimal, org) -> tuple[Decimal, str]:
    """A quantity and unit storing exactly ``hours`` again and passing the step rule of that unit."""
    if org.time_unit == "days":
        days = hours / org.hours_per_day
        if not days % QUARTER:
            return days, "days"
    return hours, "hours"
