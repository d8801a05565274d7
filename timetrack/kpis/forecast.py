"""The TACE a month will reach if its remaining worked days follow the person's assignments.

For each person and a month:
- possible hours: the whole month's, from the working calendar;
- leave and bench hours: what is entered for the whole month (future leave already entered included);
- billable hours: what is entered for the whole month, plus a projection of each remaining worked day
  (the days after ``today``): hours per day × the summed ``allocation_percent`` / 100 of the assignments
  on billable projects (every billing mode but internal) covering that day, capped at the person's day
  (hours per day × contract ratio), minus what is already entered on that day — so a day of leave entered
  in advance projects nothing, a half day of leave half a day at most, and a day already entered is never
  counted twice.

Groups (team, organisation) are ratios of sums: add the people's figures, then divide. A bounded number
of queries whatever the number of people: the engine's sums, the schedules, the assignments and the
entries of the remaining days.
"""

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from timetrack.kpis import tace
from timetrack.kpis.policies import Timeline
from timetrack.kpis.tace import Figures
from timetrack.lib.calendar import WorkSchedule, month_bounds
from timetrack.orgs.selectors import schedules_of
from timetrack.projects.models import Assignment, BillingMode
from timetrack.timesheets.models import TimeEntry

ZERO = Decimal("0")


def projected_day(schedule: WorkSchedule, allocation_percent: Decimal, entered_hours: Decimal) -> Decimal:
    """The billable hours one remaining worked day is expected to add (pure)."""
    planned = schedule.hours_per_day * allocation_percent / 100
    capped = min(planned, schedule.hours_per_day * schedule.ratio)
    return max(capped - entered_hours, ZERO)


def projected_hours(
    schedule: WorkSchedule, days: list[date], assignments: list[tuple], entered: dict[date, Decimal]
) -> Decimal:
    """The projected billable hours of ``days`` (pure): ``assignments`` are (start, end, allocation
    percent) of billable projects, ``entered`` the hours already entered on each day."""
    total = ZERO
    for day in days:
        if not schedule.is_worked(day):
            continue
        allocation = sum(
            (pct for start, end, pct in assignments if start <= day and (end is None or day <= end)), ZERO
        )
        if allocation:
            total += projected_day(schedule, allocation, entered.get(day, ZERO))
    return total


def _remaining(first: date, last: date, today: date) -> tuple[date, date] | None:
    start = max(first, today + timedelta(days=1))
    return (start, last) if start <= last else None


def _billable_assignments(org, user_ids, start: date, end: date) -> dict[int, list[tuple]]:
    rows = (
        Assignment.objects.for_org(org)
        .overlapping(start, end)
        .exclude(project__billing_mode=BillingMode.INTERNAL)
        .values_list("user_id", "start_date", "end_date", "allocation_percent")
    )
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    found = defaultdict(list)
    for user_id, first, last, pct in rows:
        found[user_id].append((first, last, pct))
    return found


def _entered_by_day(org, user_ids, start: date, end: date) -> dict[int, dict[date, Decimal]]:
    rows = TimeEntry.objects.for_org(org).filter(date__gte=start, date__lte=end)
    if user_ids is not None:
        rows = rows.filter(user_id__in=user_ids)
    found = defaultdict(dict)
    for row in rows.values("user_id", "date").annotate(hours=Sum("hours")):
        found[row["user_id"]][row["date"]] = row["hours"]
    return found


def forecast_by_user(
    org, year: int, month: int, *, user_ids=None, today: date | None = None, timeline: Timeline | None = None
) -> dict[int, Figures]:
    """{user_id: the figures the month will reach} (the actual figures for a month already over).
    The hours entered count by the month's TACE policy, like every figure of the engine."""
    today = today or timezone.localdate()
    first, last = month_bounds(year, month)
    actual = tace.by_user(org, first, last, user_ids=user_ids, timeline=timeline)
    remaining = _remaining(first, last, today)
    if remaining is None:
        return actual
    assignments = _billable_assignments(org, user_ids, *remaining)
    entered = _entered_by_day(org, user_ids, *remaining)
    schedules = schedules_of(org, user_ids)
    days = [remaining[0] + timedelta(days=n) for n in range((remaining[1] - remaining[0]).days + 1)]
    result = {}
    for user_id, figures in actual.items():
        extra = ZERO
        if assignments.get(user_id) and user_id in schedules:
            extra = projected_hours(schedules[user_id], days, assignments[user_id], entered.get(user_id, {}))
        result[user_id] = replace(figures, billable_hours=figures.billable_hours + extra)
    return result


def forecast_total(org, year: int, month: int, *, user_ids=None, today: date | None = None) -> Figures:
    """The forecast of a group (team, subtree, organisation): the ratio of the summed figures."""
    return tace.total(forecast_by_user(org, year, month, user_ids=user_ids, today=today).values())
