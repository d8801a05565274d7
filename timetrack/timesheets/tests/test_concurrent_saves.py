"""Two tabs, two approvers, one month: concurrent writes lose nothing and duplicate nothing."""

import threading
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.models import Sum

from timetrack.approvals.services import submit_timesheet
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.tests.threads import fresh, run_together
from timetrack.timesheets.models import MonthlyRollup, TimeEntry, Timesheet, TimesheetStatus
from timetrack.timesheets.services import Cell, save_entry

pytestmark = pytest.mark.django_db(transaction=True)


def saver(cra, day, quantity, code="project"):
    def job():
        person = fresh(cra.p.consultant)
        project = cra.project if code == "project" else None
        save_entry(
            actor=person,
            person=person,
            cell=Cell(
                day=day,
                activity_type=cra.types[code],
                project=project,
                quantity=Decimal(quantity),
                unit="days",
            ),
        )

    return job


def test_two_tabs_saving_different_cells_of_a_month_lose_nothing(cra):
    days = [date(2026, 3, 2) + timedelta(days=i) for i in range(10)]
    tab_one = [saver(cra, d, "0.5") for d in days]
    tab_two = [saver(cra, d, "0.5", code="training") for d in days]
    errors = run_together(*tab_one, *tab_two)
    assert errors == []
    assert TimeEntry.objects.count() == 20
    assert Timesheet.objects.count() == 1


def test_two_saves_of_the_same_cell_keep_one_entry_with_one_of_the_values(cra):
    day = date(2026, 3, 2)
    errors = run_together(*(saver(cra, day, q) for q in ("0.25", "0.5", "0.75", "1", "0.25", "0.5")))
    assert errors == []
    entries = list(TimeEntry.objects.all())
    assert len(entries) == 1
    assert entries[0].hours in {Decimal("1.75"), Decimal("3.5"), Decimal("5.25"), Decimal("7")}


def test_concurrent_saves_never_exceed_the_daily_maximum(cra):
    day = date(2026, 3, 2)
    errors = run_together(saver(cra, day, "0.75"), saver(cra, day, "0.75", code="training"))
    assert len(errors) == 1
    assert sum(TimeEntry.objects.values_list("hours", flat=True)) == Decimal("5.25")


def test_a_save_racing_a_submit_is_either_in_or_refused(cra):
    cra.org.require_complete_month = False
    cra.org.save()

    def submit():
        person = fresh(cra.p.consultant)
        submit_timesheet(actor=person, person=person, month=date(2026, 3, 1))

    errors = run_together(submit, saver(cra, date(2026, 3, 2), "1"))
    assert Timesheet.objects.get().status == TimesheetStatus.SUBMITTED
    assert all(isinstance(e, StateConflict) for e in errors)
    saved = TimeEntry.objects.exists()
    assert saved == (not errors)


@pytest.mark.parametrize(
    ("code", "quantity", "refused"),
    [
        ("project", "0.75", False),  # the holder's cell: updated, never inserted twice
        ("paid_leave", "0.5", True),  # 0.25 + 0.5 + 0.5 day: over the day once the holder's cell counts
        ("training", "0.75", False),  # the rollup moves from the holder's value, not from the one before
    ],
)
def test_a_save_waiting_for_the_months_lock_sees_what_the_holder_wrote(cra, code, quantity, refused):
    day = date(2026, 3, 2)
    saver(cra, day, "0.25", code="training")()  # the CRA exists, with a quarter day of training
    held = threading.Event()

    def holder():
        try:
            with transaction.atomic():  # save, then keep the month locked a moment
                saver(cra, day, "0.5", code="project" if code != "training" else "training")()
                held.set()
                time.sleep(0.5)
        finally:
            held.set()

    def waiter():
        held.wait(timeout=10)
        saver(cra, day, quantity, code=code)()

    errors = run_together(holder, waiter)

    if refused:
        assert len(errors) == 1 and isinstance(errors[0], DomainError), errors
    else:
        assert errors == []
    entries = TimeEntry.objects.filter(date=day)
    cells = [(e.activity_type_id, e.project_id) for e in entries]
    assert len(cells) == len(set(cells))  # one row per cell
    if not refused:
        assert entries.get(activity_type=cra.types[code]).hours == Decimal(quantity) * 7
    for type_id, total in entries.values_list("activity_type_id").annotate(total=Sum("hours")):
        assert MonthlyRollup.objects.get(month=date(2026, 3, 1), activity_type_id=type_id).hours == total
    assert sum(e.hours for e in entries) <= Decimal(7)
