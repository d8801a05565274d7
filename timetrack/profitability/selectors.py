"""Reads of the profitability screens: the projects table (scoped, filtered, sorted), a project's people,
charts and alerts. Cost-derived figures are left out here, not only in the templates, for whoever does not
see costs."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from timetrack.kpis.selectors import range_label
from timetrack.profitability import engine
from timetrack.profitability.access import sees_costs, visible_projects
from timetrack.profitability.alerts import COST_KINDS, Condition, message_of
from timetrack.profitability.models import Alert
from timetrack.profitability.rates import load_rates
from timetrack.projects.models import Assignment, Project

STATUS_ORDER = {"ok": 0, "warning": 1, "danger": 2}
RECENTLY_RESOLVED_DAYS = 90
MAX_FORECAST_MONTHS = 36


def _client_name(f) -> str:
    return f.project.client.name.lower() if f.project.client else ""


SORTS = {
    "code": lambda row: row.figures.project.code.lower(),
    "name": lambda row: row.figures.project.name.lower(),
    "client": lambda row: _client_name(row.figures),
    "mode": lambda row: row.figures.project.get_billing_mode_display(),
    "billable": lambda row: row.figures.money.billable_days,
    "consumed": lambda row: row.figures.budget_consumed_percent,
    "revenue": lambda row: row.figures.money.revenue,
    "cost": lambda row: row.figures.money.cost,
    "margin": lambda row: row.figures.money.gross_margin,
    "margin_rate": lambda row: row.figures.money.margin_rate,
    "roi": lambda row: row.figures.money.roi,
    "forecast": lambda row: row.figures.forecast_at_completion_days,
    "status": lambda row: STATUS_ORDER[row.status],
}
COST_SORTS = {"cost", "margin", "margin_rate", "roi"}
DEFAULT_SORT = "code"


def status_label(status: str) -> str:
    return {"ok": _("Conforme"), "warning": _("À surveiller"), "danger": _("En dépassement")}[status]


def reasons(figures: engine.ProjectFigures, *, with_margin: bool) -> list[str]:
    """Why a project is not "ok", in words (the same conditions as ``ProjectFigures.status``)."""
    warning, _critical, target = figures.thresholds
    consumed = figures.budget_consumed_percent
    margin_rate = figures.money.margin_rate if with_margin else None
    found = []
    if consumed is not None and consumed >= warning:
        found.append(_("Budget consommé à %(value)s %%") % {"value": _number(consumed)})
    if figures.forecast_over_budget:
        found.append(_("Prévision à terminaison au-delà du budget"))
    if margin_rate is not None and margin_rate < target:
        found.append(_("Taux de marge sous l'objectif de %(value)s %%") % {"value": _number(target)})
    return found


def _number(value) -> str:
    from django.utils.formats import number_format

    return number_format(value, 2, use_l10n=True, force_grouping=True)


@dataclass
class Row:
    figures: engine.ProjectFigures
    status: str
    with_margin: bool = False

    @cached_property
    def reasons(self) -> list[str]:
        """Worded only for the rows of the page shown."""
        return reasons(self.figures, with_margin=self.with_margin)

    @property
    def status_label(self) -> str:
        return status_label(self.status)


@dataclass
class Table:
    rows: list[Row]
    total: engine.Money
    sort: str  # the effective sort, "-margin" for descending
    with_costs: bool
    period: str


def parse_sort(value: str | None, *, with_costs: bool) -> tuple[str, bool]:
    """``sort=-margin`` → ("margin", descending); anything outside the whitelist (or a cost column
    for whoever does not see costs) → the default."""
    value = (value or "").strip()
    descending = value.startswith("-")
    key = value.lstrip("-")
    if key not in SORTS or (key in COST_SORTS and not with_costs):
        return DEFAULT_SORT, False
    return key, descending


def sort_rows(rows: list[Row], key: str, descending: bool) -> list[Row]:
    """Sorted by ``key``; undefined values (no budget, no revenue…) always last."""
    value = SORTS[key]
    known = [r for r in rows if value(r) is not None]
    unknown = [r for r in rows if value(r) is None]
    known.sort(key=lambda r: (value(r), r.figures.project.code), reverse=descending)
    return known + sorted(unknown, key=lambda r: r.figures.project.code)


def project_table(
    membership,
    *,
    start: date,
    end: date,
    today: date,
    sort: str | None = None,
    client=None,
    agency=None,
    manager=None,
    billing_mode=None,
) -> Table:
    """The projects ``membership`` may read, with their figures over [start, end]. The agency is the one
    of the project manager."""
    org = membership.organization
    with_costs = sees_costs(membership)
    queryset = visible_projects(membership)
    if client is not None:
        queryset = queryset.filter(client=client)
    if agency is not None:
        queryset = queryset.filter(
            project_manager__memberships__organization=org, project_manager__memberships__agency=agency
        )
    if manager is not None:
        queryset = queryset.filter(project_manager=manager)
    if billing_mode:
        queryset = queryset.filter(billing_mode=billing_mode)
    figures = engine.projects(org, start, end, queryset=queryset, today=today)
    rows = [Row(f, f.status(with_margin=with_costs), with_costs) for f in figures]
    key, descending = parse_sort(sort, with_costs=with_costs)
    return Table(
        rows=sort_rows(rows, key, descending),
        total=engine.total(figures),
        sort=f"-{key}" if descending else key,
        with_costs=with_costs,
        period=range_label(start, end),
    )


def manages_a_project():
    """Annotation of memberships: whether the person manages a project of the organisation, which opens
    profitability to them (``access.visible_projects``); the navbar reads it with the memberships."""
    return Exists(
        Project.objects.filter(
            organization_id=OuterRef("organization_id"), project_manager_id=OuterRef("user_id")
        )
    )


# ---------------------------------------------------------------------------------------------- a project


@dataclass
class Person:
    user: object
    money: engine.Money
    tjm: Decimal | None
    cjm: Decimal | None


def project_people(org, project, start: date, end: date, figures, *, today: date) -> list[Person]:
    """Everyone staffed on the project or who worked on it in the period, with their days, money and
    the rates in force today (or on the last day of their assignment when it is over)."""
    money = engine.people(org, project, start, end, figures=figures)
    assignments = Assignment.objects.for_org(org).filter(project=project)
    rows = list(assignments.values_list("user_id", "start_date", "end_date"))
    user_ids = set(money) | {row[0] for row in rows}
    rate_day = {}  # today, within the person's latest assignment on the project
    for user_id, first, last in rows:
        day = max(first, min(today, last) if last else today)
        rate_day[user_id] = max(rate_day.get(user_id, day), day)
    book = load_rates(org, user_ids=user_ids, project_ids=[project.pk])
    users = get_user_model().objects.in_bulk(user_ids)
    people = [
        Person(
            user=users[user_id],
            money=money.get(user_id, engine.Money()),
            tjm=book.tjm(user_id, project.pk, rate_day.get(user_id, today)),
            cjm=book.cjm(user_id, today),
        )
        for user_id in user_ids
        if user_id in users
    ]
    return sorted(
        people, key=lambda p: (-p.money.worked_days, (p.user.get_full_name() or p.user.email).lower())
    )


def _month_label(month: date) -> str:
    return date_format(month, "N Y")


def _months_until(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def charts(org, project, start: date, end: date, figures, *, with_costs: bool) -> dict:
    """The JSON of a project's two charts. Cost and margin are absent for whoever does not see costs."""
    rows = engine.monthly(org, project, start, end)
    money = {
        "labels": [_month_label(r["month"]) for r in rows],
        "revenue": [float(r["revenue"]) for r in rows],
    }
    if with_costs:
        money["cost"] = [float(r["cost"]) for r in rows]
        money["margin"] = [float(r["margin"]) for r in rows]
    labels = list(money["labels"])
    consumed: list[float | None] = [float(r["cumulative_days"]) for r in rows]
    forecast: list[float | None] = []
    if figures.forecast_at_completion_days is not None and rows:
        # a dashed line from the last month of the period to the forecast, at the project's end month
        # when it is later, else at a last point "at completion"
        extra = []
        if project.end_date and project.end_date > end:
            later = _months_until(rows[-1]["month"] + timedelta(days=32), project.end_date)
            extra = [_month_label(m) for m in later] if len(later) <= MAX_FORECAST_MONTHS else []
        extra = extra or [_("À terminaison")]
        labels += extra
        forecast = [None] * (len(rows) - 1) + [consumed[-1]] + [None] * (len(extra) - 1)
        forecast.append(float(figures.forecast_at_completion_days))
        consumed += [None] * len(extra)
    budget = float(figures.budget_days) if figures.budget_days is not None else None
    return {
        "money": money,
        "consumption": {
            "labels": labels,
            "consumed": consumed,
            "forecast": forecast,
            "budget": [budget] * len(labels) if budget is not None else [],
        },
    }


# ---------------------------------------------------------------------------------------------- alerts


def visible_alerts(membership):
    """The alerts of the projects ``membership`` may read; no margin alert for whoever does not see
    costs."""
    alerts = Alert.objects.for_org(membership.organization).select_related("project", "user")
    if not sees_costs(membership):
        alerts = alerts.filter(project__in=visible_projects(membership)).exclude(kind__in=COST_KINDS)
    return alerts


def recently_resolved(alerts):
    since = timezone.now() - timedelta(days=RECENTLY_RESOLVED_DAYS)
    return alerts.filter(resolved_at__gte=since).order_by("-resolved_at", "-id")


def open_alert_count(membership) -> int:
    return visible_alerts(membership).active().count()


def alert_message(alert: Alert) -> str:
    """The alert's text in the reader's language (it is stored in French)."""
    person = ""
    if alert.user_id:
        person = alert.user.get_full_name() or alert.user.email
    return message_of(
        Condition(
            alert.project,
            alert.kind,
            alert.value if alert.value is not None else Decimal(0),
            alert.threshold,
            user_id=alert.user_id,
            person=person,
        )
    )


def with_messages(alerts) -> list[Alert]:
    alerts = list(alerts)
    for alert in alerts:
        alert.text = alert_message(alert)
    return alerts
