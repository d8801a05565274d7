from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from timetrack.lib.errors import DomainError, StateConflict
from timetrack.timesheets.models import TimeEntry, TimesheetStatus
from timetrack.timesheets.selectors import timesheet_for
from timetrack.timesheets.services import Cell, save_entries, save_entry

pytestmark = pytest.mark.django_db
MONDAY = date(2026, 3, 2)


def cell(cra, quantity, *, code="project", day=MONDAY, unit="days", project="default"):
    if project == "default":
        project = cra.project if code == "project" else None
    return Cell(
        day=day, activity_type=cra.types[code], project=project, quantity=Decimal(quantity), unit=unit
    )


def save(cra, *args, actor=None, **kwargs):
    person = cra.p.consultant
    return save_entry(actor=actor or person, person=person, cell=cell(cra, *args, **kwargs))


def test_it_stores_a_day_as_the_organisations_hours(cra):
    entry = save(cra, "1")
    assert entry.hours == Decimal("7.0000")
    assert entry.timesheet.month == date(2026, 3, 1)


def test_a_quarter_day_of_a_7_5_hour_day_stays_exact(cra):
    cra.org.hours_per_day = Decimal("7.50")
    cra.org.save()
    cra.p.consultant.refresh_from_db()
    assert save(cra, "0.25").hours == Decimal("1.8750")


def test_saving_a_cell_twice_updates_it(cra):
    save(cra, "0.5")
    save(cra, "1")
    assert list(TimeEntry.objects.values_list("hours", flat=True)) == [Decimal("7.0000")]


def test_zero_clears_the_cell(cra):
    save(cra, "1")
    assert save(cra, "0") is None
    assert not TimeEntry.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"quantity": "-1"}, "quantity"),
        ({"quantity": "0.3"}, "days"),
        ({"quantity": "7.333", "unit": "hours"}, "hours"),
        ({"quantity": "1", "project": None}, "project"),
        ({"quantity": "1", "code": "training", "project": "project"}, "project"),
        ({"quantity": "1", "day": date(2025, 12, 31)}, "project"),  # before the assignment
    ],
)
def test_it_refuses_bad_cells_naming_the_field(cra, kwargs, field):
    quantity = kwargs.pop("quantity")
    if kwargs.get("project") == "project":
        kwargs["project"] = cra.project
    with pytest.raises(DomainError) as error:
        save(cra, quantity, **kwargs)
    assert error.value.field == field
    assert not TimeEntry.objects.exists()


def test_it_refuses_a_day_outside_the_employment(cra):
    cra.p.consultant.start_date = date(2026, 3, 15)
    cra.p.consultant.save()
    with pytest.raises(DomainError) as error:
        save(cra, "1", code="training")
    assert error.value.field == "date"


def test_it_refuses_more_than_a_day_in_a_day(cra):
    save(cra, "0.75")
    with pytest.raises(DomainError, match="maximum"):
        save(cra, "0.5", code="training")
    assert TimeEntry.objects.count() == 1


def test_in_hours_the_daily_maximum_is_24_hours(cra):
    cra.org.time_unit = "hours"
    cra.org.save()
    cra.p.consultant.refresh_from_db()
    save(cra, "20", unit="hours")
    with pytest.raises(DomainError):
        save(cra, "4.5", unit="hours", code="training")
    save(cra, "4", unit="hours", code="training")
    assert sum(TimeEntry.objects.values_list("hours", flat=True)) == Decimal("24")


def test_a_submitted_month_is_locked_with_a_conflict(cra):
    sheet = timesheet_for(org=cra.org, user_id=cra.p.consultant.user_id, month=MONDAY)
    sheet.status = TimesheetStatus.SUBMITTED
    sheet.save()
    with pytest.raises(StateConflict):
        save(cra, "1")


def test_a_consultant_cannot_write_for_a_colleague(cra):
    with pytest.raises(PermissionDenied):
        save(cra, "1", actor=cra.p.colleague)


def test_the_manager_and_an_admin_can_write_for_the_consultant(cra):
    save(cra, "0.5", actor=cra.p.manager)
    save(cra, "1", actor=cra.p.admin)
    assert TimeEntry.objects.get().hours == Decimal("7")


def test_a_bulk_save_is_all_or_nothing(cra):
    good = cell(cra, "1")
    bad = cell(cra, "1", day=date(2026, 3, 3), code="project", project=None)
    with pytest.raises(DomainError):
        save_entries(actor=cra.p.consultant, person=cra.p.consultant, cells=[good, bad])
    assert not TimeEntry.objects.exists()


def test_a_bulk_save_checks_the_day_total_after_all_cells(cra):
    save(cra, "1")
    cells = [cell(cra, "0.5"), cell(cra, "0.5", code="training")]
    entries = save_entries(actor=cra.p.consultant, person=cra.p.consultant, cells=cells)
    assert [e.hours for e in entries] == [Decimal("3.5"), Decimal("3.5")]
