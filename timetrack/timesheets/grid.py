"""The CRA grid: one person's days × activities for a month or an ISO week, in the organisation's unit.

Read in a fixed number of queries whatever the number of entries (activity types, assignments, entries,
projects, CRAs, missing days, forfait counter): the month opens instantly and every save rebuilds it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from timetrack.lib.calendar import month_bounds, public_holidays
from timetrack.lib.numbers import quantize2
from timetrack.orgs.models import Membership
from timetrack.projects.models import Assignment, Project
from timetrack.timesheets.models import (
    ActivityKind,
    ActivityType,
    TimeEntry,
    Timesheet,
    TimesheetStatus,
)
from timetrack.timesheets.selectors import activity_types
from timetrack.timesheets.services import missing_days, part_time_days_off
from timetrack.timesheets.units import in_org_unit, to_days

ZERO = Decimal("0")
RowKey = tuple[int, int | None]  # (activity type id, project id or None)


# --- Periods ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Period:
    """What a grid shows: a calendar month or an ISO week (Monday to Sunday)."""

    kind: str  # "month" | "week"
    start: date
    end: date

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        first, last = month_bounds(year, month)
        return cls("month", first, last)

    @classmethod
    def week(cls, year: int, week: int) -> "Period":
        monday = date.fromisocalendar(year, week, 1)
        return cls("week", monday, monday + timedelta(days=6))

    @classmethod
    def of_day(cls, day: date, kind: str = "month") -> "Period":
        if kind == "week":
            year, week, _weekday = day.isocalendar()
            return cls.week(year, week)
        return cls.month(day.year, day.month)

    @classmethod
    def parse(cls, slug: str) -> "Period":
        """ "2026-03" (a month) or "2026-S10" (an ISO week); ValueError otherwise."""
        year, _dash, rest = slug.partition("-")
        if rest.startswith("S"):
            return cls.week(int(year), int(rest[1:]))
        month = int(rest)
        if not 1 <= month <= 12:
            raise ValueError(slug)
        return cls.month(int(year), month)

    @property
    def slug(self) -> str:
        if self.kind == "week":
            year, week, _weekday = self.start.isocalendar()
            return f"{year}-S{week:02d}"
        return f"{self.start:%Y-%m}"

    @property
    def is_month(self) -> bool:
        return self.kind == "month"

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _weekday = self.start.isocalendar()
        return year, week

    @property
    def previous(self) -> "Period":
        return Period.of_day(self.start - timedelta(days=1), self.kind)

    @property
    def next(self) -> "Period":
        return Period.of_day(self.end + timedelta(days=1), self.kind)

    @property
    def months(self) -> list[date]:
        """First days of the months this period touches (one, or two for a week across months)."""
        return sorted({self.start.replace(day=1), self.end.replace(day=1)})

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


# --- The grid's parts ---------------------------------------------------------------------------------
def format_quantity(value: Decimal | None) -> str:
    """1 → "1", 0.5 → "0,5" (localised), None or 0 → ""."""
    if not value:
        return ""
    return number_format(Decimal(format(value.normalize(), "f")))


def unit_label(unit: str) -> str:
    return _("j") if unit == "days" else _("h")


@dataclass
class GridDay:
    date: date
    weekend: bool
    holiday: str  # the public holiday's French name, or ""
    employed: bool
    worked: bool
    today: bool
    total: Decimal = ZERO
    warning: str = ""
    missing: bool = False  # a worked day with nothing entered
    cells: list["GridCell"] = field(default_factory=list)

    @property
    def iso(self) -> str:
        return self.date.isoformat()

    @property
    def off(self) -> bool:
        """Shaded: a weekend or a public holiday."""
        return self.weekend or bool(self.holiday)

    @property
    def title(self) -> str:
        if self.holiday:
            return self.holiday
        if not self.employed:
            return _("Hors de votre période d'emploi")
        return ""


@dataclass
class GridRow:
    activity_type: ActivityType
    project: Project | None
    assignments: list[Assignment]
    cells: list["GridCell"] = field(default_factory=list)
    total: Decimal = ZERO

    @property
    def key(self) -> RowKey:
        return (self.activity_type.pk, self.project.pk if self.project else None)

    @property
    def slug(self) -> str:
        return row_slug(self.key)

    @property
    def label(self) -> str:
        if self.project is None:
            return self.activity_type.name
        return f"{self.project.code} · {self.project.name}"

    @property
    def detail(self) -> str:
        """The line under the label: the client of a mission, or the activity of another project row."""
        if self.project is None:
            return ""
        if self.activity_type.code != "project":
            return self.activity_type.name
        return self.project.client.name if self.project.client_id else ""

    def covers(self, day: date) -> bool:
        """Project work needs an assignment on that day; other rows are always open."""
        return self.project is None or any(a.covers(day) for a in self.assignments)


@dataclass
class GridCell:
    day: GridDay
    row: GridRow
    value: Decimal | None
    locked: bool
    raw: str | None = None  # what the user typed, kept when the save failed
    error: str = ""

    @property
    def text(self) -> str:
        return self.raw if self.raw is not None else format_quantity(self.value)

    @property
    def editable(self) -> bool:
        return not self.locked and self.day.employed

    @property
    def dom_id(self) -> str:
        return f"{self.row.slug}-{self.day.iso}"

    @property
    def off_assignment(self) -> bool:
        return not self.row.covers(self.day.date)

    @property
    def note(self) -> str:
        """The cell's tooltip: its error, else why it is shaded."""
        if self.error:
            return self.error
        if self.day.title:
            return self.day.title
        if self.off_assignment:
            return _("Hors de la période d'affectation")
        return ""


@dataclass
class GridWeek:
    year: int
    number: int
    days: list[GridDay]
    total: Decimal = ZERO

    @property
    def slug(self) -> str:
        return f"{self.year}-{self.number:02d}"


@dataclass
class Forfait:
    """Forfait-jours: days worked in the calendar year up to ``as_of`` and the projection to year end."""

    year: int
    as_of: date
    worked: Decimal
    remaining: Decimal
    limit: int

    @property
    def projection(self) -> Decimal:
        return quantize2(self.worked + self.remaining)

    @property
    def over(self) -> bool:
        return self.projection > self.limit


@dataclass
class RowChoice:
    """An entry of the "add a row" and "fill the month" menus."""

    key: RowKey
    label: str
    is_project: bool

    @property
    def slug(self) -> str:
        return row_slug(self.key)


@dataclass
class Grid:
    person: Membership
    period: Period
    unit: str
    days: list[GridDay]
    rows: list[GridRow]
    weeks: list[GridWeek]
    total: Decimal
    missing: list[date]
    timesheets: dict[date, Timesheet]
    forfait: Forfait | None
    choices: list[RowChoice]
    absence_types: list[ActivityType]
    default_day: date
    today: date
    days_off_allowed: int = 0  # worked days a part-time contract may leave empty in the month

    @property
    def org(self):
        return self.person.organization

    @property
    def timesheet(self) -> Timesheet:
        """The CRA of the period's (first) month; an unsaved draft when none exists yet."""
        month = self.period.start.replace(day=1)
        return self.timesheets.get(month) or Timesheet(
            organization=self.org, user_id=self.person.user_id, month=month
        )

    @property
    def locked(self) -> bool:
        """Read-only: every month shown is submitted or validated."""
        return all(self._locked(month) for month in self.period.months)

    @property
    def submittable(self) -> bool:
        return self.timesheet.status in (
            TimesheetStatus.DRAFT,
            TimesheetStatus.CHANGES_REQUESTED,
            TimesheetStatus.REJECTED,
        )

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def addable(self) -> list[RowChoice]:
        shown = {row.key for row in self.rows}
        return [choice for choice in self.choices if choice.key not in shown]

    def _locked(self, month: date) -> bool:
        sheet = self.timesheets.get(month)
        return sheet is not None and sheet.is_locked

    def row(self, key: RowKey) -> GridRow | None:
        return next((row for row in self.rows if row.key == key), None)

    def day(self, day: date) -> GridDay | None:
        return next((d for d in self.days if d.date == day), None)

    def cell(self, key: RowKey, day: date) -> GridCell | None:
        row = self.row(key)
        return None if row is None else next((c for c in row.cells if c.day.date == day), None)

    def week_of(self, day: date) -> GridWeek | None:
        year, number, _weekday = day.isocalendar()
        return next((w for w in self.weeks if (w.year, w.number) == (year, number)), None)


def row_slug(key: RowKey) -> str:
    return f"{key[0]}-{key[1] or 0}"


def parse_row_slug(slug: str) -> RowKey:
    """ "12-0" → (12, None), "12-34" → (12, 34); ValueError otherwise."""
    type_id, _dash, project_id = slug.partition("-")
    return int(type_id), int(project_id) or None


# --- Building -----------------------------------------------------------------------------------------
def build_grid(
    person: Membership, period: Period, *, today: date, extra_rows: tuple[RowKey, ...] = ()
) -> Grid:
    """The grid of ``person`` for ``period``: rows are their assignments, the activities they used and
    ``extra_rows`` (rows added on screen, still empty)."""
    org = person.organization
    schedule = person.schedule()
    types = {t.pk: t for t in activity_types(org)}
    assignments = list(
        Assignment.objects.for_org(org)
        .filter(user_id=person.user_id)
        .overlapping(period.start, period.end)
        .select_related("project__client")
        .order_by("project__code", "start_date")
    )
    entries = list(
        TimeEntry.objects.for_org(org)
        .filter(user_id=person.user_id)
        .in_period(period.start, period.end)
        .values_list("date", "activity_type_id", "project_id", "hours")
    )
    sheets = {
        sheet.month: sheet
        for sheet in Timesheet.objects.for_org(org).filter(user_id=person.user_id, month__in=period.months)
    }
    hours = defaultdict(dict)
    for day, type_id, project_id, quantity in entries:
        hours[(type_id, project_id)][day] = quantity

    project_type = next(t for t in types.values() if t.code == "project" and t.is_builtin)
    choices = _choices(types.values(), assignments, project_type)
    wanted = {choice.key for choice in choices}
    keys = _row_keys(hours, assignments, project_type, [k for k in extra_rows if k in wanted])
    projects = _projects(org, assignments, {project_id for _type, project_id in keys})

    days = _days(schedule, period, today)
    unit = org.time_unit
    rows = []
    for key in keys:
        type_id, project_id = key
        row = GridRow(
            activity_type=types[type_id],
            project=projects.get(project_id),
            assignments=[a for a in assignments if a.project_id == project_id],
        )
        row_hours = hours.get(key, {})
        row.cells = [
            GridCell(
                day=day,
                row=row,
                value=in_org_unit(row_hours[day.date], org=org) if day.date in row_hours else None,
                locked=_is_locked(sheets, day.date),
            )
            for day in days
        ]
        row.total = in_org_unit(sum(row_hours.values(), ZERO), org=org)
        rows.append(row)

    day_hours = defaultdict(lambda: ZERO)
    for day, _type, _project, quantity in entries:
        day_hours[day] += quantity
    missing = [day for month in period.months for day in missing_days(person, month) if day in period]
    for index, day in enumerate(days):
        day.cells = [row.cells[index] for row in rows]
        day.missing = day.date in missing
        day.total = in_org_unit(day_hours[day.date], org=org)
        day.warning = _day_warning(day, day_hours[day.date], org)
    weeks = _weeks(days, day_hours, org)
    return Grid(
        person=person,
        period=period,
        unit=unit,
        days=days,
        rows=rows,
        weeks=weeks,
        total=in_org_unit(sum(day_hours.values(), ZERO), org=org),
        missing=missing,
        timesheets=sheets,
        forfait=forfait_counter(person, year=period.start.year, today=today)
        if person.forfait_jours
        else None,
        choices=choices,
        absence_types=[t for t in types.values() if t.kind == ActivityKind.ABSENCE and t.is_active],
        default_day=_default_day(days, today),
        today=today,
        days_off_allowed=part_time_days_off(person, period.start) if period.is_month else 0,
    )


def _is_locked(sheets: dict[date, Timesheet], day: date) -> bool:
    sheet = sheets.get(day.replace(day=1))
    return sheet is not None and sheet.is_locked


def _days(schedule, period: Period, today: date) -> list[GridDay]:
    holidays = public_holidays(schedule.calendar, period.start, period.end)
    return [
        GridDay(
            date=day,
            weekend=day.weekday() not in schedule.weekdays,
            holiday=holidays.get(day, ""),
            employed=schedule.is_employed(day),
            worked=schedule.is_worked(day),
            today=day == today,
        )
        for day in period.days
    ]


def _choices(types, assignments, project_type) -> list[RowChoice]:
    """Missions first (one per project), then the active activities that need no project."""
    missions = {}
    for assignment in assignments:
        missions.setdefault(assignment.project_id, assignment.project)
    return [
        RowChoice(
            key=(project_type.pk, project.pk), label=f"{project.code} · {project.name}", is_project=True
        )
        for project in missions.values()
    ] + [
        RowChoice(key=(t.pk, None), label=t.name, is_project=False)
        for t in types
        if t.is_active and not t.requires_project
    ]


def _row_keys(hours, assignments, project_type, extra_rows) -> list[RowKey]:
    """Assignments first, then every pair with entries, then the rows added on screen; no duplicates."""
    keys = [(project_type.pk, a.project_id) for a in assignments]
    keys += sorted(k for k in hours if k[1] is not None)
    keys += sorted(k for k in hours if k[1] is None)
    keys += list(extra_rows)
    return list(dict.fromkeys(keys))


def _projects(org, assignments, wanted: set[int | None]) -> dict[int, Project]:
    """The rows' projects: from the assignments, plus (one query) those only entries refer to."""
    projects = {a.project_id: a.project for a in assignments}
    others = {pk for pk in wanted if pk is not None and pk not in projects}
    if others:
        projects.update(
            (p.pk, p) for p in Project.objects.for_org(org).filter(pk__in=others).select_related("client")
        )
    return projects


def _day_warning(day: GridDay, hours: Decimal, org) -> str:
    """A worked day entered below or above one working day (weekends and empty days say nothing)."""
    if not day.worked or not hours or hours == org.hours_per_day:
        return ""
    total = _quantity_label(in_org_unit(hours, org=org), org.time_unit)
    expected = _quantity_label(in_org_unit(org.hours_per_day, org=org), org.time_unit)
    if hours < org.hours_per_day:
        return _("Journée incomplète : %(total)s sur %(expected)s.") % {"total": total, "expected": expected}
    return _("Au-delà de la journée de travail : %(total)s pour %(expected)s.") % {
        "total": total,
        "expected": expected,
    }


def _quantity_label(value: Decimal, unit: str) -> str:
    return f"{format_quantity(value) or '0'}\u00a0{unit_label(unit)}"


def _weeks(days: list[GridDay], day_hours, org) -> list[GridWeek]:
    weeks: dict[tuple[int, int], GridWeek] = {}
    for day in days:
        year, number, _weekday = day.date.isocalendar()
        weeks.setdefault((year, number), GridWeek(year=year, number=number, days=[])).days.append(day)
    for week in weeks.values():
        week.total = in_org_unit(sum((day_hours[d.date] for d in week.days), ZERO), org=org)
    return list(weeks.values())


def _default_day(days: list[GridDay], today: date) -> date:
    """The day the toolbar acts on until a cell is chosen: today, else the first worked day."""
    if any(d.date == today for d in days):
        return today
    return next((d.date for d in days if d.worked), days[0].date)


def forfait_counter(person: Membership, *, year: int, today: date) -> Forfait:
    """Days worked in ``year`` up to today (work activities, in days) and the remaining worked days
    of the year at the contract ratio."""
    org = person.organization
    first, last = date(year, 1, 1), date(year, 12, 31)
    as_of = min(max(today, first - timedelta(days=1)), last)
    worked_hours = (
        TimeEntry.objects.for_org(org)
        .filter(user_id=person.user_id, date__range=(first, as_of), activity_type__kind=ActivityKind.WORK)
        .aggregate(total=Sum("hours"))["total"]
    )
    schedule = person.schedule()
    return Forfait(
        year=year,
        as_of=as_of,
        worked=to_days(worked_hours or ZERO, org=org),
        remaining=schedule.possible_days(as_of + timedelta(days=1), last),
        limit=org.forfait_days_per_year,
    )


def describe_day(day: date) -> str:
    """ "lundi 2 mars" for messages."""
    return date_format(day, "l j F")
