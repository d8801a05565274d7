"""Forecast of the current month's TACE, against cases computed by hand.

April 2026 in France has 21 worked days (Easter Monday the 6th). With today = Wednesday 15 April, 10 worked
days are behind (1–3, 7–10, 13–15) and 11 ahead (16, 17, 20–24, 27–30).
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timetrack.kpis.forecast import forecast_by_user, forecast_total, projected_day
from timetrack.lib.calendar import WorkSchedule
from timetrack.projects.models import BillingMode
from timetrack.tests.factories import AssignmentFactory, ProjectFactory, member
from timetrack.timesheets.selectors import activity_type_by_code
from timetrack.timesheets.services import Cell, save_entries

pytestmark = pytest.mark.django_db
TODAY = date(2026, 4, 15)
PAST = [date(2026, 4, d) for d in (1, 2, 3, 7, 8, 9, 10, 13, 14, 15)]
FUTURE = [date(2026, 4, d) for d in (16, 17, 20, 21, 22, 23, 24, 27, 28, 29, 30)]


def staff(
    person, allocation="100", start=date(2026, 3, 1), end=None, billing_mode=BillingMode.TIME_AND_MATERIALS
):
    project = ProjectFactory(organization=person.organization, billing_mode=billing_mode)
    return AssignmentFactory(
        person=person, project=project, start_date=start, end_date=end, allocation_percent=Decimal(allocation)
    )


def enter(person, days, code, quantity="1", assignment=None):
    activity = activity_type_by_code(person.organization, code)
    project = assignment.project if assignment else None
    cells = [Cell(d, activity, project, Decimal(quantity), "days") for d in days]
    save_entries(actor=person, person=person, cells=cells)


def forecast_of(person):
    with time_machine.travel(TODAY):
        return forecast_by_user(person.organization, 2026, 4, user_ids=[person.user_id])[person.user_id]


def test_full_time_on_a_mission_with_future_leave(personas):
    alice = personas.consultant
    mission = staff(alice)
    enter(alice, PAST[:9], "project", assignment=mission)
    enter(alice, PAST[9:], "bench")
    enter(alice, [date(2026, 4, 27), date(2026, 4, 28)], "paid_leave")
    figures = forecast_of(alice)
    assert figures.possible_hours == Decimal("147.00")  # 21 × 7
    assert figures.leave_hours == Decimal("14")  # the two future days of CP
    assert figures.billable_hours == Decimal("126")  # 9 × 7 entered + 9 × 7 projected (11 − 2 CP)
    assert figures.bench_hours == Decimal("7")
    assert figures.tace == Decimal("94.74")  # 126 / 133


def test_a_mission_ending_mid_month_projects_only_its_days(personas):
    alice = personas.consultant
    mission = staff(alice, end=date(2026, 4, 22))
    enter(alice, PAST, "project", assignment=mission)
    figures = forecast_of(alice)
    assert figures.billable_hours == Decimal("105")  # 70 entered + 5 days (16, 17, 20, 21, 22) × 7
    assert figures.tace == Decimal("71.43")  # 105 / 147


def test_a_50_percent_allocation(personas):
    alice = personas.consultant
    mission = staff(alice, allocation="50")
    enter(alice, PAST, "project", quantity="0.5", assignment=mission)
    enter(alice, PAST, "bench", quantity="0.5")
    figures = forecast_of(alice)
    assert figures.billable_hours == Decimal("73.5")  # 35 entered + 11 × 3.5
    assert figures.tace == Decimal("50.00")  # 73.5 / 147


def test_allocations_over_100_percent_are_capped_at_the_day(personas):
    alice = personas.consultant
    staff(alice, allocation="60")
    staff(alice, allocation="60")
    figures = forecast_of(alice)
    assert figures.billable_hours == Decimal("77")  # 11 × min(8.4, 7), nothing entered
    assert figures.tace == Decimal("52.38")  # 77 / 147


def test_part_time_80_percent(personas):
    alice = personas.consultant
    alice.contract_ratio = Decimal("0.80")
    alice.save()
    mission = staff(alice)
    enter(alice, PAST[:8], "project", assignment=mission)
    figures = forecast_of(alice)
    assert figures.possible_hours == Decimal("117.60")  # 21 × 7 × 0.8
    assert figures.billable_hours == Decimal("117.6")  # 8 × 7 entered + 11 × 5.6 (the day of a 80 % contract)
    assert figures.tace == Decimal("100.00")


def test_no_assignment_ahead_forecasts_the_current_billable_only(personas):
    alice = personas.consultant
    mission = staff(alice, end=TODAY)
    enter(alice, PAST, "project", assignment=mission)
    figures = forecast_of(alice)
    assert figures.billable_hours == Decimal("70")
    assert figures.tace == Decimal("47.62")  # 70 / 147


def test_no_assignment_at_all(personas):
    enter(personas.consultant, PAST, "bench")
    figures = forecast_of(personas.consultant)
    assert (figures.billable_hours, figures.tace) == (Decimal("0"), Decimal("0.00"))


def test_an_internal_project_projects_nothing(personas):
    staff(personas.consultant, billing_mode=BillingMode.INTERNAL)
    assert forecast_of(personas.consultant).billable_hours == Decimal("0")


def test_days_already_entered_ahead_are_not_counted_twice(personas):
    alice = personas.consultant
    mission = staff(alice)
    enter(alice, [date(2026, 4, 16)], "project", assignment=mission)
    enter(alice, [date(2026, 4, 17)], "paid_leave", quantity="0.5")
    figures = forecast_of(alice)
    # 16th entered (7), 17th half leave (3.5 projected), 9 other days projected (63)
    assert figures.billable_hours == Decimal("73.5")
    assert figures.leave_hours == Decimal("3.5")


def test_a_month_already_over_is_its_actual(personas):
    alice = personas.consultant
    staff(alice)
    with time_machine.travel(date(2026, 5, 4)):
        figures = forecast_by_user(personas.org, 2026, 4, user_ids=[alice.user_id])[alice.user_id]
    assert figures.billable_hours == Decimal("0")


def test_the_day_projection_is_capped_and_never_negative():
    full = WorkSchedule()
    assert projected_day(full, Decimal("150"), Decimal("0")) == Decimal("7")
    assert projected_day(full, Decimal("100"), Decimal("8")) == Decimal("0")
    assert projected_day(WorkSchedule(ratio=Decimal("0.5")), Decimal("100"), Decimal("0")) == Decimal("3.5")


def test_a_group_forecast_is_a_ratio_of_sums(personas):
    alice, bob = personas.consultant, personas.colleague
    staff(alice)  # 77 projected
    mission = staff(bob, allocation="50")  # 38.5 projected
    enter(bob, PAST, "paid_leave")  # 70 of leave
    ids = [alice.user_id, bob.user_id]
    with time_machine.travel(TODAY):
        group = forecast_total(personas.org, 2026, 4, user_ids=ids)
    assert mission.allocation_percent == Decimal("50")
    assert group.billable_hours == Decimal("115.5")
    # 115.5 / (294 − 70) = 51.56; the mean of the two TACEs (77 / 147, 38.5 / 77) would be 51.19
    assert group.tace == Decimal("51.56")


def test_the_organisation_forecast_takes_the_same_queries_for_more_people(personas):
    def queries():
        with time_machine.travel(TODAY), CaptureQueriesContext(connection) as captured:
            forecast_total(personas.org, 2026, 4)
        return len(captured)

    staff(personas.consultant)
    before = queries()
    for _ in range(6):
        staff(member(personas.org), allocation="50")
    assert queries() == before
    assert before <= 6
