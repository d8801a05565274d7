"""The profitability engine: pure arithmetic over the project rollup, the rates and the budgets.

For a project over a period:

    billable days  = billable hours on the project / hours per day
    revenue        = time_and_materials: Σ billable days × TJM in force that day
                     fixed_price: fixed price × (progress at the end − progress before the start),
                     progress = consumed days / sold days, capped at 100 % (an overrun earns nothing)
                     internal: 0
    cost           = Σ days worked on the project × CJM in force that day
    gross margin   = revenue − cost;  margin rate = margin / revenue;  ROI = margin / cost  (None if /0)

Budget consumption is cumulative from the project's first day to the end of the period; the burn rate is
the days worked over the 4 weeks before the reference day (the end of the period, at most today); the
forecast at completion adds to the days consumed until today the days the current assignments plan after
it (working days of each person × allocation, up to the assignment's or the project's end). Groups
(client, agency, organisation) are sums of their projects' money, never averages of rates.

Whole months are read from ``ProjectRollup``, partial months from the entries valued with the same rates
(``rates.RateBook``): the number of queries does not depend on the number of entries or projects.
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from functools import cached_property

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from timetrack.lib.calendar import month_bounds
from timetrack.lib.numbers import percent, quantize2
from timetrack.orgs.selectors import schedules_of
from timetrack.profitability.models import ProjectRollup
from timetrack.profitability.rates import load_rates
from timetrack.profitability.rollup import valued
from timetrack.projects.models import Assignment, BillingMode, Project

ZERO = Decimal(0)
BURN_WEEKS = 4
HORIZON_DAYS = 10 * 366  # a forecast stops ten years ahead, whatever end date was typed


@dataclass(frozen=True)
class Work:
    """Hours on a project and their value (€·h/day, see ``ProjectRollup``), over some period."""

    hours: Decimal = ZERO
    billable_hours: Decimal = ZERO
    sell_value: Decimal = ZERO  # of the billable hours only
    cost_value: Decimal = ZERO
    unpriced_hours: Decimal = ZERO  # billable hours without a TJM
    uncosted_hours: Decimal = ZERO

    def __add__(self, other: "Work") -> "Work":
        return Work(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


# ---------------------------------------------------------------------------------------------- sums


def _split(start: date | None, end: date | None):
    """[start, end] (None: open) as a range of whole months and the partial spans at its edges."""
    first_month = last_month = None
    partial = []
    if start is not None and end is not None and (start.year, start.month) == (end.year, end.month):
        if start.day == 1 and end == month_bounds(end.year, end.month)[1]:
            return (start, start), []
        return None, [(start, end)]
    if start is not None:
        if start.day == 1:
            first_month = start
        else:
            partial.append((start, month_bounds(start.year, start.month)[1]))
            first_month = month_bounds(start.year, start.month)[1] + timedelta(days=1)
    if end is not None:
        month_end = month_bounds(end.year, end.month)[1]
        if end == month_end:
            last_month = end.replace(day=1)
        else:
            partial.append((end.replace(day=1), end))
            last_month = end.replace(day=1) - timedelta(days=1)
            last_month = last_month.replace(day=1)
    if first_month and last_month and last_month < first_month:
        return None, partial
    return (first_month, last_month), partial


FULL = ("hours", "billable_hours", "sell_value", "cost_value", "unpriced_hours", "uncosted_hours")
LIGHT = ("hours", "billable_hours", "sell_value")  # enough for progress and consumption


def work_sums(org, ranges: dict[str, tuple], *, keys=("project_id",), project_ids=None, light=()) -> dict:
    """{range name: {key: Work}} for several date ranges at once, grouped by ``keys`` (among
    ``project_id``, ``user_id``, ``month``): one query on the rollup, one on the entries of partial months.
    Ranges named in ``light`` read only ``LIGHT`` from the rollup (the other sums stay 0)."""
    splits = {name: _split(*span) for name, span in ranges.items()}
    result: dict[str, dict] = {name: defaultdict(Work) for name in ranges}
    rollup = ProjectRollup.objects.for_org(org)
    if project_ids is not None:
        rollup = rollup.filter(project_id__in=project_ids)
    billable = Q(activity_type__billable=True)
    aggregates, columns = {}, {}
    for index, (name, (months, _partial)) in enumerate(splits.items()):
        if months is None:
            continue
        first, last = months
        window = Q()
        if first is not None:
            window &= Q(month__gte=first)
        if last is not None:
            window &= Q(month__lte=last)
        wanted = LIGHT if name in light else FULL
        every = {
            "hours": Sum("hours", filter=window),
            "billable_hours": Sum("hours", filter=window & billable),
            "sell_value": Sum("sell_value", filter=window & billable),
            "cost_value": Sum("cost_value", filter=window),
            "unpriced_hours": Sum("unpriced_hours", filter=window & billable),
            "uncosted_hours": Sum("uncosted_hours", filter=window),
        }
        columns[name] = [(field, f"r{index}_{field}") for field in wanted]
        aggregates |= {alias: every[field] for field, alias in columns[name]}
    if aggregates:
        for row in rollup.values(*keys).annotate(**aggregates):
            key = row[keys[0]] if len(keys) == 1 else tuple(row[k] for k in keys)
            for name, pairs in columns.items():
                work = Work(**{field: row[alias] or ZERO for field, alias in pairs})
                slot = result[name]
                slot[key] = slot[key] + work if key in slot else work
    spans = [span for _months, partial in splits.values() for span in partial]
    if spans:
        _add_partial_months(org, splits, spans, result, keys=keys, project_ids=project_ids)
    return {name: dict(values) for name, values in result.items()}


def _add_partial_months(org, splits, spans, result, *, keys, project_ids) -> None:
    """Value the partial months' entries: per span, one SQL sum per person, project and billability; a
    person whose rates change inside the span (rare) is valued day by day with a second read."""
    from timetrack.timesheets.models import TimeEntry

    entries = TimeEntry.objects.for_org(org).filter(project__isnull=False)
    if project_ids is not None:
        entries = entries.filter(project_id__in=project_ids)
    group = ["user_id", "project_id", "activity_type__billable"] + (["month"] if "month" in keys else [])
    spans_rows = []
    for first, last in sorted(set(spans)):
        in_span = entries.filter(date__gte=first, date__lte=last)
        if "month" in keys:
            in_span = in_span.annotate(month=TruncMonth("date"))
        rows = list(in_span.values(*group).annotate(total=Sum("hours")))
        if rows:
            spans_rows.append((first, last, in_span, rows))
    if not spans_rows:
        return
    people = {r["user_id"] for _f, _l, _q, rows in spans_rows for r in rows}
    # a few people: their rates; many: the whole organisation's, cheaper than a long id list
    book = load_rates(org, user_ids=people if len(people) <= 200 else None, project_ids=project_ids)
    for first, last, in_span, rows in spans_rows:
        # (person, project) pairs whose rates change inside the span are read again day by day
        uneven = {
            (r["user_id"], r["project_id"])
            for r in rows
            if not book.steady(r["user_id"], r["project_id"], first, last)
        }
        for row in rows:
            if (row["user_id"], row["project_id"]) not in uneven:
                _credit(splits, result, keys, book, row, first, row["total"], first, last)
        if uneven:
            daily = (
                in_span.filter(user_id__in={user_id for user_id, _p in uneven})
                .values(*group, "date")
                .annotate(total=Sum("hours"))
            )
            for row in daily:
                if (row["user_id"], row["project_id"]) in uneven:
                    _credit(splits, result, keys, book, row, row["date"], row["total"], first, last)


def _credit(splits, result, keys, book, row, day, hours, first, last) -> None:
    """Add ``hours`` of ``row`` valued at the rates of ``day`` to each range whose partial spans hold
    [first, last]."""
    user_id, project_id, is_billable = row["user_id"], row["project_id"], row["activity_type__billable"]
    values = valued(book, user_id, project_id, day, hours)
    work = Work(
        hours=hours,
        billable_hours=hours if is_billable else ZERO,
        sell_value=values["sell_value"] if is_billable else ZERO,
        cost_value=values["cost_value"],
        unpriced_hours=values["unpriced_hours"] if is_billable else ZERO,
        uncosted_hours=values["uncosted_hours"],
    )
    parts = {"project_id": project_id, "user_id": user_id, "month": row.get("month")}
    key = parts[keys[0]] if len(keys) == 1 else tuple(parts[k] for k in keys)
    for name, (_months, partial) in splits.items():
        if (first, last) in partial:
            result[name][key] = result[name][key] + work


def burn_hours(org, reference: date, *, project_ids=None) -> dict[int, Decimal]:
    """Hours worked on each project over the 4 weeks ending on ``reference``."""
    return _hours(org, reference - timedelta(weeks=BURN_WEEKS) + timedelta(days=1), reference, project_ids)


def _hours(org, first: date, last: date, project_ids=None) -> dict[int, Decimal]:
    """Hours worked on each project between ``first`` and ``last``, summed in the database."""
    from timetrack.timesheets.models import TimeEntry

    entries = TimeEntry.objects.for_org(org).filter(project__isnull=False, date__gte=first, date__lte=last)
    if project_ids is not None:
        entries = entries.filter(project_id__in=project_ids)
    return dict(entries.values("project_id").annotate(total=Sum("hours")).values_list("project_id", "total"))


def planned_days(org, today: date, *, project_ids=None) -> tuple[dict[int, Decimal], set[int]]:
    """Days the assignments plan on each project after ``today`` (working days × contract ratio ×
    allocation, up to the assignment's end or else the project's), and the projects with an open-ended
    assignment (no end on either side: it cannot be forecast)."""
    assignments = Assignment.objects.for_org(org).filter(Q(end_date__isnull=True) | Q(end_date__gt=today))
    if project_ids is not None:
        assignments = assignments.filter(project_id__in=project_ids)
    rows = sorted(
        assignments.values_list(
            "user_id", "project_id", "start_date", "end_date", "allocation_percent", "project__end_date", "id"
        ),
        key=lambda r: (r[0], r[1], r[2], r[6]),
    )
    schedules = schedules_of(org, {r[0] for r in rows}) if len(rows) <= 200 else schedules_of(org)
    planned: dict[int, Decimal] = defaultdict(lambda: ZERO)
    open_ended = set()
    days_of: dict[tuple, Decimal] = {}  # many assignments share a schedule and a horizon
    farthest = today + timedelta(days=HORIZON_DAYS)
    for index, (user_id, project_id, start, end, allocation, project_end, _id) in enumerate(rows):
        horizon = min(d for d in (end, project_end) if d) if (end or project_end) else None
        if horizon is None:
            open_ended.add(project_id)
            continue
        # a later-started assignment of the same person on the same project takes over from its start
        following = rows[index + 1] if index + 1 < len(rows) else None
        if following is not None and following[:2] == (user_id, project_id):
            horizon = min(horizon, following[2] - timedelta(days=1))
        horizon = min(horizon, farthest)
        first = max(start, today + timedelta(days=1))
        schedule = schedules.get(user_id)
        if schedule is None:
            continue
        # clipped to the employment, people of one calendar and ratio share their counts
        employed = schedule.employed_between(first, horizon)
        if employed is None:
            continue
        span = (schedule.calendar, schedule.weekdays, schedule.ratio, *employed)
        if span not in days_of:
            days_of[span] = schedule.possible_days(*employed)
        planned[project_id] += days_of[span] * allocation / 100
    return dict(planned), open_ended


# ---------------------------------------------------------------------------------------------- figures


@dataclass
class Money:
    """Revenue and cost of some work (a project, a person on it, a client…) — what adds up."""

    revenue: Decimal = ZERO
    cost: Decimal = ZERO
    billable_days: Decimal = ZERO
    worked_days: Decimal = ZERO

    def __add__(self, other: "Money") -> "Money":
        return Money(
            self.revenue + other.revenue,
            self.cost + other.cost,
            self.billable_days + other.billable_days,
            self.worked_days + other.worked_days,
        )

    @property
    def gross_margin(self) -> Decimal:
        return self.revenue - self.cost

    @property
    def margin_rate(self) -> Decimal | None:
        return percent(self.gross_margin, self.revenue) if self.revenue else None

    @property
    def roi(self) -> Decimal | None:
        return percent(self.gross_margin, self.cost) if self.cost else None


@dataclass
class ProjectFigures:
    project: Project
    start: date | None
    end: date | None
    money: Money
    budget_days: Decimal | None
    consumed_days: Decimal
    consumed_amount: Decimal
    burn_days_per_week: Decimal
    forecast_at_completion_days: Decimal | None
    runs_out_on: date | None
    unpriced_days: Decimal
    uncosted_days: Decimal
    thresholds: tuple[Decimal, Decimal, Decimal] = field(repr=False, default=(ZERO, ZERO, ZERO))

    @cached_property
    def budget_consumed_percent(self) -> Decimal | None:
        if self.budget_days:
            return percent(self.consumed_days, self.budget_days)
        if self.project.budget_amount:
            return percent(self.consumed_amount, self.project.budget_amount)
        return None

    @property
    def remaining_days(self) -> Decimal | None:
        return self.budget_days - self.consumed_days if self.budget_days is not None else None

    @property
    def forecast_over_budget(self) -> bool:
        return bool(
            self.budget_days
            and self.forecast_at_completion_days is not None
            and self.forecast_at_completion_days > self.budget_days
        )

    def status(self, *, with_margin: bool) -> str:
        """ "danger", "warning" or "ok": budget overrun (or a negative margin) is danger; the warning
        threshold, a forecast over budget or a margin below target is warning."""
        warning, critical, margin_target = self.thresholds
        consumed = self.budget_consumed_percent
        margin_rate = self.money.margin_rate if with_margin else None
        if (consumed is not None and consumed >= critical) or (margin_rate is not None and margin_rate < 0):
            return "danger"
        if (
            (consumed is not None and consumed >= warning)
            or self.forecast_over_budget
            or (margin_rate is not None and margin_rate < margin_target)
        ):
            return "warning"
        return "ok"


def _days(hours: Decimal, hours_per_day: Decimal) -> Decimal:
    return hours / hours_per_day


def _progress(days: Decimal, sold: Decimal) -> Decimal:
    return min(days / sold, Decimal(1))


def revenue_of(project: Project, period: Work, before: Work, upto: Work, hours_per_day: Decimal) -> Decimal:
    """Unrounded revenue of a project over a period (``before``: all work before it, ``upto``: all work
    until its end)."""
    if project.billing_mode == BillingMode.TIME_AND_MATERIALS:
        return period.sell_value / hours_per_day
    if project.billing_mode == BillingMode.FIXED_PRICE and project.fixed_price and project.budget_days:
        sold = project.budget_days
        gained = _progress(_days(upto.hours, hours_per_day), sold) - _progress(
            _days(before.hours, hours_per_day), sold
        )
        return project.fixed_price * gained
    return ZERO


EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
# what the figures and their tables read of a project (500 projects: no model fields loaded for nothing)
PROJECT_FIELDS = (
    "organization_id",
    "code",
    "name",
    "billing_mode",
    "start_date",
    "end_date",
    "budget_days",
    "budget_amount",
    "fixed_price",
    "project_manager_id",
    "client__name",
)


def _clamp(day: date | None) -> date | None:
    """Dates outside 1900–2999 mean "no bound" in practice; clamping keeps the day arithmetic safe."""
    return None if day is None else min(max(day, EARLIEST), LATEST)


def projects(org, start: date | None, end: date | None, *, queryset=None, today: date | None = None):
    """The figures of each project of ``queryset`` (default: all of ``org``) over [start, end]."""
    today = today or timezone.localdate()
    start, end = _clamp(start), _clamp(end)
    hpd = org.hours_per_day
    project_list = list(
        (queryset if queryset is not None else Project.objects.for_org(org))
        .select_related("client")
        .only(*PROJECT_FIELDS)
    )
    # the projects as a subquery: no list of hundreds of ids in every statement
    ids = queryset.values("pk") if queryset is not None else None
    # Until today, only the hours count (forecast): whole months in the rollup query, this month's
    # entries summed apart rather than valued one by one.
    this_month = today.replace(day=1)
    ranges = {"period": (start, end)}
    if start is not None:  # all the work until the end is what came before plus the period's
        ranges["before"] = (None, start - timedelta(days=1))
    before_this_month = (None, this_month - timedelta(days=1))
    if before_this_month not in ranges.values():
        ranges["before_this_month"] = before_this_month
    sums = work_sums(org, ranges, project_ids=ids, light={"before", "before_this_month"})
    name_of = {span: name for name, span in ranges.items()}
    sums["before_this_month"] = sums[name_of[before_this_month]]
    hours_this_month = _hours(org, this_month, today, project_ids=ids)
    reference = min(end, today) if end else today
    burnt = burn_hours(org, reference, project_ids=ids)
    planned, open_ended = planned_days(org, today, project_ids=ids)
    thresholds = (org.budget_warning_percent, org.budget_critical_percent, org.margin_target_percent)
    result = []
    for project in project_list:
        period = sums["period"].get(project.pk, Work())
        before = sums.get("before", {}).get(project.pk, Work())
        upto = before + period
        result.append(
            _figures(
                project,
                start,
                end,
                period=period,
                before=before,
                upto=upto,
                until_today_hours=sums["before_this_month"].get(project.pk, Work()).hours
                + hours_this_month.get(project.pk, ZERO),
                burnt=burnt.get(project.pk, ZERO),
                planned=None if project.pk in open_ended else planned.get(project.pk, ZERO),
                reference=reference,
                hours_per_day=hpd,
                thresholds=thresholds,
            )
        )
    return result


def _figures(
    project,
    start,
    end,
    *,
    period,
    before,
    upto,
    until_today_hours,
    burnt,
    planned,
    reference,
    hours_per_day,
    thresholds,
) -> ProjectFigures:
    hpd = hours_per_day
    money = Money(
        revenue=quantize2(revenue_of(project, period, before, upto, hpd)),
        cost=quantize2(period.cost_value / hpd),
        billable_days=quantize2(_days(period.billable_hours, hpd)),
        worked_days=quantize2(_days(period.hours, hpd)),
    )
    consumed = _days(upto.hours, hpd)
    if project.billing_mode == BillingMode.FIXED_PRICE and project.fixed_price and project.budget_days:
        consumed_amount = project.fixed_price * consumed / project.budget_days
    else:
        consumed_amount = upto.sell_value / hpd
    burn = _days(burnt, hpd) / BURN_WEEKS
    forecast = None if planned is None else quantize2(_days(until_today_hours, hpd) + planned)
    budget = project.budget_days
    runs_out_on = None
    if budget and consumed < budget and burn > 0:
        days_left = ((budget - consumed) / burn * 7).to_integral_value(rounding=ROUND_CEILING)
        if days_left <= (LATEST - reference).days:  # a trickle of work: no date worth showing
            runs_out_on = reference + timedelta(days=int(days_left))
    return ProjectFigures(
        project=project,
        start=start,
        end=end,
        money=money,
        budget_days=budget,
        consumed_days=quantize2(consumed),
        consumed_amount=quantize2(consumed_amount),
        burn_days_per_week=quantize2(burn),
        forecast_at_completion_days=forecast,
        runs_out_on=runs_out_on,
        unpriced_days=quantize2(_days(period.unpriced_hours, hpd)),
        uncosted_days=quantize2(_days(period.uncosted_hours, hpd)),
        thresholds=thresholds,
    )


def project(org, project: Project, start=None, end=None, *, today=None) -> ProjectFigures:
    return projects(
        org, start, end, queryset=Project.objects.for_org(org).filter(pk=project.pk), today=today
    )[0]


project_figures = project  # for functions whose ``project`` argument hides it


def total(figures) -> Money:
    """Ratio-of-sums aggregate of several projects' money (a client, the organisation)."""
    return sum((f.money for f in figures), Money())


def by_client(figures) -> dict:
    grouped = defaultdict(Money)
    for f in figures:
        grouped[f.project.client] = grouped[f.project.client] + f.money
    return dict(grouped)


def _share(figures: ProjectFigures, work: Work, project_hours: Decimal, hours_per_day: Decimal) -> Money:
    """One person's part of a project's money, unrounded: their days at their TJMs in régie, a fixed
    price's revenue in proportion to their days of work; their cost at their CJMs."""
    if figures.project.billing_mode == BillingMode.TIME_AND_MATERIALS:
        revenue = work.sell_value / hours_per_day
    elif project_hours:
        revenue = figures.money.revenue * work.hours / project_hours
    else:
        revenue = ZERO
    return Money(
        revenue=revenue,
        cost=work.cost_value / hours_per_day,
        billable_days=_days(work.billable_hours, hours_per_day),
        worked_days=_days(work.hours, hours_per_day),
    )


def _rounded(money: Money) -> Money:
    return Money(*(quantize2(v) for v in (money.revenue, money.cost, money.billable_days, money.worked_days)))


def people(org, project: Project, start=None, end=None, *, figures: ProjectFigures | None = None):
    """Per person on a project over [start, end]: their days and their share of the revenue and cost."""
    figures = figures or project_figures(org, project, start, end)
    sums = work_sums(org, {"period": (start, end)}, keys=("user_id",), project_ids=[project.pk])["period"]
    total_hours = sum((w.hours for w in sums.values()), ZERO)
    return {
        user_id: _rounded(_share(figures, work, total_hours, org.hours_per_day))
        for user_id, work in sums.items()
    }


def by_agency(org, figures_list, start=None, end=None) -> dict:
    """Money per agency of the people who did the work (a fixed price shared by days worked)."""
    from timetrack.orgs.models import Membership

    projects_by_id = {f.project.pk: f for f in figures_list}
    sums = work_sums(
        org, {"period": (start, end)}, keys=("project_id", "user_id"), project_ids=list(projects_by_id)
    )["period"]
    hours_of_project = defaultdict(lambda: ZERO)
    for (project_id, _user_id), work in sums.items():
        hours_of_project[project_id] += work.hours
    agency_of = dict(Membership.objects.for_org(org).values_list("user_id", "agency__name"))
    grouped = defaultdict(Money)
    for (project_id, user_id), work in sums.items():
        share = _share(projects_by_id[project_id], work, hours_of_project[project_id], org.hours_per_day)
        grouped[agency_of.get(user_id)] += share
    return {agency: _rounded(money) for agency, money in grouped.items()}


def monthly(org, project: Project, start: date, end: date, *, figures: ProjectFigures | None = None):
    """Per month of [start, end]: revenue, cost and the cumulative days consumed at its end (charts)."""
    hpd = org.hours_per_day
    before_start = start - timedelta(days=1)
    sums = work_sums(
        org,
        {"period": (start, end), "before": (None, before_start)},
        keys=("month",),
        project_ids=[project.pk],
    )
    before_hours = sum((w.hours for w in sums["before"].values()), ZERO)
    cumulative = Work(hours=before_hours)
    rows = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        key = date(year, month, 1)
        work = sums["period"].get(key, Work())
        upto = Work(hours=cumulative.hours + work.hours)
        revenue = quantize2(revenue_of(project, work, cumulative, upto, hpd))
        cost = quantize2(work.cost_value / hpd)
        rows.append(
            {
                "month": key,
                "revenue": revenue,
                "cost": cost,
                "margin": revenue - cost,
                "worked_days": quantize2(_days(work.hours, hpd)),
                "cumulative_days": quantize2(_days(upto.hours, hpd)),
            }
        )
        cumulative = upto
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return rows
