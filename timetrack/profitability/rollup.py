"""Keep ``ProjectRollup`` the exact sum of the project entries and of their value at the rates of each day.

Three writers, all under the month locks of the CRAs concerned (the same locks as the entries' write path):
``apply_changes`` moves the rollup by a change of entries, ``recompute_person`` re-derives one person's
months when a rate changes, ``rebuild`` re-derives an organisation after bulk loads.
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from functools import cache

from django.db import connection, transaction
from django.db.models import Sum

from timetrack.lib.rawsql import db_value, prepared_cursor
from timetrack.profitability.models import ProjectRollup
from timetrack.profitability.rates import RateBook, load_rates, person_rates

ZERO = Decimal(0)
VALUES = ("hours", "sell_value", "cost_value", "unpriced_hours", "uncosted_hours")


PERSON_LOCKS = 0x7474 << 40  # the advisory lock keys of "a person's rates", apart from any other use


def lock_person(user_id: int) -> None:
    """Serialise a person's rate changes with their saves of project work, until the transaction ends.
    PostgreSQL only: SQLite runs one writing transaction at a time anyway."""
    if connection.vendor == "postgresql":
        with prepared_cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PERSON_LOCKS + user_id])


def valued(book: RateBook, user_id: int, project_id: int, day: date, hours: Decimal) -> dict:
    """The rollup columns of ``hours`` worked by a person on a project on a day."""
    tjm, cjm = book.tjm(user_id, project_id, day), book.cjm(user_id, day)
    return {
        "hours": hours,
        "sell_value": hours * tjm if tjm is not None else ZERO,
        "cost_value": hours * cjm if cjm is not None else ZERO,
        "unpriced_hours": ZERO if tjm is not None else hours,
        "uncosted_hours": ZERO if cjm is not None else hours,
    }


def _add(into: dict, values: dict) -> None:
    for name in VALUES:
        into[name] = into.get(name, ZERO) + values[name]


def apply_changes(org, user_id: int, before: dict, after: dict) -> None:
    """Move the rollup by the change from ``before`` to ``after`` ({(day, activity type, project): hours}),
    in the caller's transaction and under its month locks."""
    keys = [key for key in before.keys() | after.keys() if key[2] is not None]
    if not keys:
        return
    project_ids = {key[2] for key in keys}
    lock_person(user_id)  # read the rates only once no rate change of this person is under way
    book = person_rates(org.pk, user_id, sorted(project_ids))
    deltas: dict[tuple, dict] = {}
    for key in keys:
        day, activity_type_id, project_id = key
        change = after.get(key, ZERO) - before.get(key, ZERO)
        if change:
            slot = (project_id, day.replace(day=1), activity_type_id)
            _add(deltas.setdefault(slot, {}), valued(book, user_id, project_id, day, change))
    for (project_id, month, activity_type_id), delta in deltas.items():
        if not _add_to_row(org.pk, project_id, user_id, month, activity_type_id, delta):
            ProjectRollup.objects.create(
                organization=org,
                project_id=project_id,
                user_id=user_id,
                month=month,
                activity_type_id=activity_type_id,
                **delta,
            )
    evaluate_later(org, project_ids)


@cache
def _add_statement() -> str:
    increments = ", ".join(f'"{name}" = "{name}" + %s' for name in VALUES)
    return (
        f"UPDATE {ProjectRollup._meta.db_table} SET {increments} "  # noqa: S608 - names only
        "WHERE organization_id = %s AND project_id = %s AND user_id = %s AND month = %s "
        "AND activity_type_id = %s"
    )


def _add_to_row(org_id, project_id, user_id, month, activity_type_id, delta: dict) -> bool:
    """Add ``delta`` to a rollup row (a prepared statement: every save of project work runs it); False
    when the row does not exist yet."""
    params = [db_value(ProjectRollup, name, delta.get(name, ZERO)) for name in VALUES]
    params += [org_id, project_id, user_id, db_value(ProjectRollup, "month", month), activity_type_id]
    with prepared_cursor() as cursor:
        cursor.execute(_add_statement(), params)
        return cursor.rowcount > 0


def _rows_from_entries(org, book: RateBook, entries) -> list[ProjectRollup]:
    cells: dict[tuple, dict] = defaultdict(dict)
    rows = entries.filter(project__isnull=False).values_list(
        "user_id", "project_id", "date", "activity_type_id", "hours"
    )
    for user_id, project_id, day, activity_type_id, hours in rows.iterator(chunk_size=5000):
        slot = (project_id, user_id, day.replace(day=1), activity_type_id)
        _add(cells[slot], valued(book, user_id, project_id, day, hours))
    return [
        ProjectRollup(
            organization=org,
            project_id=project_id,
            user_id=user_id,
            month=month,
            activity_type_id=activity_type_id,
            **values,
        )
        for (project_id, user_id, month, activity_type_id), values in cells.items()
    ]


def recompute_person(org, user_id: int, since: date | None = None) -> None:
    """Re-derive a person's project rollup from the month of ``since`` (all months when None): after a
    change of their cost rate, of one of their assignments or of its TJM. Locks the CRAs concerned."""
    from timetrack.timesheets.models import TimeEntry, Timesheet

    month = since.replace(day=1) if since else None
    with transaction.atomic():
        sheets = Timesheet.objects.for_org(org).select_for_update().filter(user_id=user_id)
        stale = ProjectRollup.objects.for_org(org).filter(user_id=user_id)
        entries = TimeEntry.objects.for_org(org).filter(user_id=user_id)
        if month:
            sheets, stale, entries = (
                sheets.filter(month__gte=month),
                stale.filter(month__gte=month),
                entries.filter(date__gte=month),
            )
        list(sheets.order_by("month").values_list("pk", flat=True))  # take the locks, in month order
        # A save of a month with no CRA yet is not held by the locks above: it waits here, and reads the
        # new rate once this commits. Always after the month locks, as in the save path: no deadlock.
        lock_person(user_id)
        touched = set(stale.values_list("project_id", flat=True).distinct())
        stale.delete()
        rows = _rows_from_entries(org, load_rates(org, user_ids=[user_id]), entries)
        ProjectRollup.objects.bulk_create(rows)
        evaluate_later(org, touched | {row.project_id for row in rows})


def rebuild(org, *, months: list[date] | None = None) -> int:
    """Recompute the project rollup of ``org`` (or of some months) from the entries: after bulk loads."""
    from timetrack.timesheets.selectors import entries_in_months

    with transaction.atomic():
        stale = ProjectRollup.objects.for_org(org)
        if months is not None:
            stale = stale.filter(month__in=months)
        stale.delete()
        entries = entries_in_months(org, months)
        rows = [
            row
            for row in _rows_from_entries(org, load_rates(org), entries)
            if months is None or row.month in months
        ]
        ProjectRollup.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def totals_from_entries(org) -> dict[tuple, Decimal]:
    """Σ hours per (project, user, month, activity type) straight from the entries: for checks."""
    from django.db.models.functions import TruncMonth

    from timetrack.timesheets.models import TimeEntry

    rows = (
        TimeEntry.objects.for_org(org)
        .filter(project__isnull=False)
        .annotate(month=TruncMonth("date"))
        .values("project_id", "user_id", "month", "activity_type_id")
        .annotate(total=Sum("hours"))
    )
    return {(r["project_id"], r["user_id"], r["month"], r["activity_type_id"]): r["total"] for r in rows}


def evaluate_later(org, project_ids) -> None:
    """Ask the worker to re-evaluate the alerts of these projects once the change is committed."""
    if project_ids:
        from timetrack.profitability import tasks

        ids = sorted(project_ids)
        transaction.on_commit(lambda: tasks.schedule_alert_evaluation(org.pk, ids))
