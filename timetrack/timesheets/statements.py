"""The statements every auto-save of a cell runs, written as SQL (see ``timetrack.lib.rawsql``).

An auto-save locks its month, reads the day, moves the rollup and writes one entry. Built by the ORM,
those small statements cost about twice the CPU of the database's own work on them, on every
keystroke of every consultant; written here once, they cost a string format. ``services`` keeps the rules
and the order of the writes; the bulk paths (a batch of cells, a rebuild) stay with the ORM.
"""

from datetime import date
from decimal import Decimal
from functools import cache

from django.db import connection
from django.utils import timezone

from timetrack.lib.rawsql import Columns, db_value, prepared_cursor
from timetrack.projects.models import Assignment, Project
from timetrack.timesheets.models import MonthlyRollup, TimeEntry, Timesheet


@cache
def _project_statement() -> tuple[Columns, str]:
    columns = Columns(Project, "p")
    return columns, columns.select_where("p.organization_id = %s AND p.id = %s")


def project(org_id: int, project_id: int) -> Project | None:
    """The project ``project_id`` of the organisation, or None."""
    if not 0 < project_id < 2**63:  # no such key (and SQLite cannot even bind it)
        return None
    columns, sql = _project_statement()
    with prepared_cursor() as cursor:
        cursor.execute(sql, [org_id, project_id])
        row = cursor.fetchone()
    return columns.instance(row) if row else None


@cache
def _assignments_statement() -> tuple[Columns, str]:
    columns = Columns(Assignment, "a")
    return columns, columns.select_where(
        "a.organization_id = %s AND a.user_id = %s AND a.start_date <= %s "
        "AND (a.end_date IS NULL OR a.end_date >= %s)"
    )


def assignments_overlapping(org_id: int, user_id: int, first: date, last: date) -> list[Assignment]:
    """The person's assignments that cover at least one day from ``first`` to ``last``: the rule of
    ``AssignmentQuerySet.overlapping`` (its ORM twin, tested equal), as a prepared statement."""
    columns, sql = _assignments_statement()
    params = [
        org_id,
        user_id,
        db_value(Assignment, "start_date", last),
        db_value(Assignment, "end_date", first),
    ]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return [columns.instance(row) for row in cursor.fetchall()]


@cache
def _lock_statement() -> tuple[Columns, str]:
    sheet = Columns(Timesheet, "s")
    lock = sheet.select_where(
        "s.organization_id = %s AND s.user_id = %s AND s.month IN ({months}) ORDER BY s.month"
    )
    # SQLite has no row locks: its IMMEDIATE transactions already hold the database's write lock.
    return sheet, lock + (" FOR UPDATE" if connection.features.has_select_for_update else "")


@cache
def _read_statement() -> tuple[Columns, str]:
    entry = Columns(TimeEntry, "e")
    return entry, entry.select_where("e.organization_id = %s AND e.user_id = %s AND e.date IN ({days})")


def lock_months(org_id: int, user_id: int, months: list[date]) -> dict[date, Timesheet]:
    """Lock the existing CRAs of ``months``, in month order; a month without a CRA is absent."""
    sheet, lock = _lock_statement()
    with prepared_cursor() as cursor:
        cursor.execute(
            lock.format(months=", ".join(["%s"] * len(months))),
            [org_id, user_id] + [db_value(Timesheet, "month", m) for m in months],
        )
        return {found.month: found for found in map(sheet.instance, cursor.fetchall())}


def entries_of_days(
    org_id: int, user_id: int, days: list[date], sheets: dict[date, Timesheet]
) -> list[TimeEntry]:
    """The person's entries of ``days``, with their CRA among ``sheets`` (their months, locked).

    A statement of its own, run once the lock is granted: on PostgreSQL a statement sees the data as of
    its start, so a read joined to the lock would miss what the save that held the lock wrote while this
    one waited for it.
    """
    if not days:
        return []
    entry, read = _read_statement()
    with prepared_cursor() as cursor:
        cursor.execute(
            read.format(days=", ".join(["%s"] * len(days))),
            [org_id, user_id] + [db_value(TimeEntry, "date", d) for d in days],
        )
        entries = [entry.instance(row) for row in cursor.fetchall()]
    for found in entries:
        month = sheets.get(found.date.replace(day=1))
        if month is not None and month.pk == found.timesheet_id:
            found.timesheet = month  # spares a query to whoever reads it
    return entries


def add_to_rollup(org_id: int, user_id: int, month: date, activity_type_id: int, change: Decimal) -> bool:
    """Add ``change`` hours to a monthly rollup row; False when the row does not exist yet."""
    sql = (
        f'UPDATE {MonthlyRollup._meta.db_table} SET "hours" = "hours" + %s '  # noqa: S608 - names only
        "WHERE organization_id = %s AND user_id = %s AND month = %s AND activity_type_id = %s"
    )
    params = [db_value(MonthlyRollup, "hours", change), org_id, user_id]
    params += [db_value(MonthlyRollup, "month", month), activity_type_id]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount > 0


def update_entry(entry: TimeEntry) -> None:
    """Write an existing entry's hours and comment (and stamp ``updated_at``)."""
    entry.updated_at = timezone.now()
    sql = (
        f'UPDATE {TimeEntry._meta.db_table} SET "hours" = %s, "comment" = %s, "updated_at" = %s '  # noqa: S608
        "WHERE id = %s"
    )
    params = [
        db_value(TimeEntry, "hours", entry.hours),
        entry.comment,
        db_value(TimeEntry, "updated_at", entry.updated_at),
        entry.pk,
    ]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)


@cache
def _insert_statement() -> tuple[list, str]:
    """Every column but the key, so that a new field of the model is written without touching this."""
    fields = [f for f in TimeEntry._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(f'"{f.column}"' for f in fields)
    sql = f"INSERT INTO {TimeEntry._meta.db_table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    return fields, sql + (" RETURNING id" if connection.features.can_return_columns_from_insert else "")


def insert_entry(entry: TimeEntry) -> None:
    """Insert a new entry (stamping ``created_at`` and ``updated_at``) and set its primary key."""
    entry.created_at = entry.updated_at = timezone.now()
    fields, sql = _insert_statement()
    params = [f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        entry.pk = (
            cursor.fetchone()[0] if connection.features.can_return_columns_from_insert else cursor.lastrowid
        )
    entry._state.adding, entry._state.db = False, connection.alias
