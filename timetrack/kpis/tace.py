"""The TACE engine: pure arithmetic over one aggregate query and the working calendar.

    TACE = billable hours / (possible hours − leave hours) × 100
    TACI = billable hours / possible hours × 100          (leave included)
    bench rate = bench hours / (possible hours − leave hours) × 100

Possible hours come from the calendar (worked days within the employment × hours per day × contract
ratio), leave and billable hours from the entries of the activity types the organisation's TACE policy in
force in each month counts as leave and as billable (else those flagged ``counts_as_leave`` and
``billable``: see ``policies``), bench hours from the ``bench`` type. Every entry counts as soon as it is
saved, whatever the CRA's status; ``validated_only`` restricts to validated CRAs. Aggregates of several
people or months are ratios of sums, never averages of ratios: ``Figures`` add up, then divide.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case, DecimalField, Exists, OuterRef, Q, Sum, Value, When
from django.db.models.functions import TruncMonth

from timetrack.kpis import policies
from timetrack.kpis.policies import Timeline
from timetrack.lib.calendar import WorkSchedule, month_bounds
from timetrack.lib.numbers import percent, quantize2
from timetrack.orgs.selectors import schedules_of
from timetrack.timesheets.models import MonthlyRollup, TimeEntry, Timesheet, TimesheetStatus

ZERO = Decimal("0")


@dataclass(frozen=True)
class Figures:
    """The four numbers behind a TACE (and its siblings) for one person or group over one period."""

    possible_hours: Decimal = ZERO
    leave_hours: Decimal = ZERO
    billable_hours: Decimal = ZERO
    bench_hours: Decimal = ZERO

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.possible_hours + other.possible_hours,
            self.leave_hours + other.leave_hours,
            self.billable_hours + other.billable_hours,
            self.bench_hours + other.bench_hours,
        )

    @property
    def denominator(self) -> Decimal:
        return self.possible_hours - self.leave_hours

    @property
    def tace(self) -> Decimal | None:
        """None when undefined (nothing possible once leave is removed)."""
        return percent(self.billable_hours, self.denominator) if self.denominator > 0 else None

    @property
    def taci(self) -> Decimal | None:
        return percent(self.billable_hours, self.possible_hours) if self.possible_hours > 0 else None

    @property
    def bench_rate(self) -> Decimal | None:
        return percent(self.bench_hours, self.denominator) if self.denominator > 0 else None

    def rounded(self) -> "Figures":
        return Figures(
            *(
                quantize2(v)
                for v in (self.possible_hours, self.leave_hours, self.billable_hours, self.bench_hours)
            )
        )


def total(figures) -> Figures:
    """The ratio-of-sums aggregate of several figures."""
    return sum(figures, Figures())


@dataclass
class Period:
    start: date
    end: date
    label: str = field(default="")


def months_of(start: date, end: date) -> list[Period]:
    """The calendar months overlapping [start, end], clipped to it."""
    periods, year, month = [], start.year, start.month
    while date(year, month, 1) <= end:
        first, last = month_bounds(year, month)
        periods.append(Period(max(first, start), min(last, end), f"{year:04d}-{month:02d}"))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def _sums(queryset, keys: tuple[str, ...], *, leave: Q, billable: Q):
    money = DecimalField(max_digits=14, decimal_places=4)

    def hours_where(condition: Q):
        return Sum(Case(When(condition, then="hours"), default=Value(ZERO), output_field=money))

    return queryset.values(*keys).annotate(
        leave=hours_where(leave),
        billable=hours_where(billable),
        bench=hours_where(Q(activity_type__code="bench")),
    )


def _split(start: date, end: date) -> tuple[list[date], list[tuple[date, date]]]:
    """The whole months inside [start, end] (read from the rollup) and the partial spans at its edges
    (read from the entries)."""
    whole, partial = [], []
    for period in months_of(start, end):
        first, last = month_bounds(period.start.year, period.start.month)
        if (period.start, period.end) == (first, last):
            whole.append(first)
        else:
            partial.append((period.start, period.end))
    return whole, partial


def _partial_rows(spans: list[tuple[date, date]]):
    """``rows_of`` for entries: the entries of the spans lying in the given months."""

    def rows_of(months: list[date]) -> Q:
        found = Q()
        for first, last in spans:
            if first.replace(day=1) in months:
                found |= Q(date__gte=first, date__lte=last)
        return found

    return rows_of


def _entry_sums(
    org,
    start: date,
    end: date,
    user_ids,
    *,
    validated_only: bool,
    keys: tuple[str, ...],
    timeline: Timeline | None = None,
):
    """Leave, billable and bench hours per person (and per month): whole months from the monthly
    rollup, partial months from the entries — at most two small queries whatever the number of entries,
    plus one for the organisation's TACE policies unless ``timeline`` is given. Each month's rows are
    classified by the policy in force on its 1st."""
    whole, partial = _split(start, end)
    if timeline is None:
        timeline = policies.timeline_of(org)
    queries = []
    if whole:
        rollup = MonthlyRollup.objects.for_org(org).filter(month__in=whole)
        if user_ids is not None:
            rollup = rollup.filter(user_id__in=user_ids)
        if validated_only:
            validated = Timesheet.objects.for_org(org).filter(
                user_id=OuterRef("user_id"), month=OuterRef("month"), status=TimesheetStatus.VALIDATED
            )
            rollup = rollup.filter(Exists(validated))
        leave, billable = policies.conditions(timeline, whole, lambda months: Q(month__in=months))
        queries.append(_sums(rollup, keys, leave=leave, billable=billable))
    if partial:
        spans = Q()
        for first, last in partial:
            spans |= Q(date__gte=first, date__lte=last)
        entries = TimeEntry.objects.for_org(org).filter(spans)
        if user_ids is not None:
            entries = entries.filter(user_id__in=user_ids)
        if validated_only:
            entries = entries.filter(timesheet__status=TimesheetStatus.VALIDATED)
        by_month = "month" in keys
        leave, billable = policies.conditions(
            timeline, [first.replace(day=1) for first, _last in partial], _partial_rows(partial)
        )
        queries.append(
            _sums(
                entries.annotate(month=TruncMonth("date")) if by_month else entries,
                keys,
                leave=leave,
                billable=billable,
            )
        )
    merged: dict[tuple, dict] = {}
    for query in queries:
        for row in query:
            key = tuple(row[k] for k in keys)
            slot = merged.setdefault(
                key, {**{k: row[k] for k in keys}, "leave": ZERO, "billable": ZERO, "bench": ZERO}
            )
            for name in ("leave", "billable", "bench"):
                slot[name] += row[name] or ZERO
    return merged.values()


def by_user(
    org, start: date, end: date, *, user_ids=None, validated_only=False, timeline: Timeline | None = None
) -> dict[int, Figures]:
    """The figures of each person over [start, end] (people with no possible hour included).

    ``timeline`` (``policies.timeline_of(org)``) saves its query to a caller reading several figures."""
    sums = {
        row["user_id"]: row
        for row in _entry_sums(
            org, start, end, user_ids, validated_only=validated_only, keys=("user_id",), timeline=timeline
        )
    }
    result = {}
    for user_id, schedule in schedules_of(org, user_ids).items():
        row = sums.get(user_id, {})
        result[user_id] = Figures(
            schedule.possible_hours(start, end),
            row.get("leave") or ZERO,
            row.get("billable") or ZERO,
            row.get("bench") or ZERO,
        )
    return result


def by_user_and_month(
    org, start: date, end: date, *, user_ids=None, validated_only=False, timeline: Timeline | None = None
):
    """{(user_id, "YYYY-MM"): Figures} over the months of [start, end] (clipped at both ends)."""
    schedules = schedules_of(org, user_ids)
    sums = {
        (row["user_id"], f"{row['month']:%Y-%m}"): row
        for row in _entry_sums(
            org,
            start,
            end,
            user_ids,
            validated_only=validated_only,
            keys=("user_id", "month"),
            timeline=timeline,
        )
    }
    result = {}
    for period in months_of(start, end):
        for user_id, schedule in schedules.items():
            row = sums.get((user_id, period.label), {})
            result[(user_id, period.label)] = Figures(
                schedule.possible_hours(period.start, period.end),
                row.get("leave") or ZERO,
                row.get("billable") or ZERO,
                row.get("bench") or ZERO,
            )
    return result


def by_month(
    org, start: date, end: date, *, user_ids=None, validated_only=False, timeline: Timeline | None = None
) -> dict[str, Figures]:
    """{"YYYY-MM": Figures} of a whole population: the same sums as grouping ``by_user_and_month`` by month,
    with one row per month from the database and the possible hours of identical schedules computed once."""
    schedules = Counter(schedules_of(org, user_ids).values())
    keys = ("leave", "billable", "bench")
    sums: dict[str, dict] = {}
    rows = _entry_sums(
        org, start, end, user_ids, validated_only=validated_only, keys=("month",), timeline=timeline
    )
    for row in rows:
        slot = sums.setdefault(f"{row['month']:%Y-%m}", dict.fromkeys(keys, ZERO))
        for name in keys:
            slot[name] += row[name]
    result = {}
    for period in months_of(start, end):
        possible = _possible_of_all(schedules, period.start, period.end)
        row = sums.get(period.label, dict.fromkeys(keys, ZERO))
        result[period.label] = Figures(possible, row["leave"], row["billable"], row["bench"])
    return result


def _possible_of_all(schedules: Counter, start: date, end: date) -> Decimal:
    """Σ possible hours of many schedules over [start, end]: clipped to each employment, most people
    share a calendar, a day length and a ratio, so each distinct count is made once."""
    counts: Counter = Counter()
    for schedule, n in schedules.items():
        if span := schedule.employed_between(start, end):
            counts[(schedule.calendar, schedule.weekdays, schedule.hours_per_day, schedule.ratio, *span)] += n
    return sum(
        (
            n * WorkSchedule(calendar, weekdays, hours, ratio).possible_hours(first, last)
            for (calendar, weekdays, hours, ratio, first, last), n in counts.items()
        ),
        ZERO,
    )


def group(figures: dict, key) -> dict:
    """Sum figures by ``key(k)`` (a team, a month…): ratios of sums."""
    grouped = defaultdict(Figures)
    for k, value in figures.items():
        grouped[key(k)] = grouped[key(k)] + value
    return dict(grouped)
