"""Lead time of the validation: from a CRA's submission to its validation, and who makes CRAs wait.

The durations come from the database (one annotated query); the medians are taken in Python over those
rows (a year of CRAs of one organisation: a few thousand rows at most), as medians are not portable SQL.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce

from timetrack.approvals.models import Action, TimesheetEvent
from timetrack.orgs.models import Membership
from timetrack.timesheets.models import Timesheet, TimesheetStatus

WAITING_AFTER = timedelta(hours=24)
MONTHS = 12


def _validated_rows(org, *, now: datetime) -> list[dict]:
    """Validated CRAs of the last 12 months: month, manager (the consultant's N+1) and hours."""
    last_submit = (
        TimesheetEvent.objects.filter(
            timesheet=OuterRef("pk"), action=Action.SUBMIT, at__lte=OuterRef("validated_at")
        )
        .order_by("-at", "-id")
        .values("at")[:1]
    )
    manager = Membership.objects.filter(organization=org, user_id=OuterRef("user_id")).values("manager_id")[
        :1
    ]
    since = (now.date().replace(day=1) - timedelta(days=31 * (MONTHS - 1))).replace(day=1)
    rows = (
        Timesheet.objects.for_org(org)
        .filter(status=TimesheetStatus.VALIDATED, validated_at__isnull=False, month__gte=since)
        .annotate(started=Coalesce(Subquery(last_submit), F("submitted_at")), manager_id=Subquery(manager))
        .values("month", "manager_id", "started", "validated_at")
    )
    return [
        {**row, "hours": (row["validated_at"] - row["started"]).total_seconds() / 3600}
        for row in rows
        if row["started"] is not None
    ]


@dataclass
class Median:
    key: object
    label: str
    count: int
    hours: float


def _medians(rows, key, label) -> list[Median]:
    groups: dict = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row["hours"])
    return [Median(k, label(k), len(v), round(median(v), 1)) for k, v in groups.items()]


def median_by_month(org, *, now: datetime) -> list[Median]:
    """The median lead time of the CRAs of each month (newest first)."""
    medians = _medians(_validated_rows(org, now=now), "month", lambda month: month)
    return sorted(medians, key=lambda m: m.key, reverse=True)


def median_by_manager(org, *, now: datetime) -> list[Median]:
    """The median lead time of the CRAs of each manager's team (slowest first)."""
    from timetrack.accounts.models import User

    rows = _validated_rows(org, now=now)
    names = {
        u.pk: u.get_full_name() or u.email
        for u in User.objects.filter(pk__in={r["manager_id"] for r in rows})
    }
    medians = _medians(rows, "manager_id", lambda pk: names.get(pk, "—"))
    return sorted(medians, key=lambda m: -m.hours)


@dataclass
class Waiting:
    timesheet: Timesheet
    consultant: str
    month: date
    hours: float
    waiting_for: list[str]


def waiting_longer_than(org, *, now: datetime, delay: timedelta = WAITING_AFTER) -> list[Waiting]:
    """Submitted CRAs waiting for more than ``delay``, oldest first, with who they wait for."""
    from timetrack.accounts.models import User

    sheets = list(
        Timesheet.objects.for_org(org)
        .filter(status=TimesheetStatus.SUBMITTED, submitted_at__lt=now - delay)
        .select_related("user", "route")
        .order_by("submitted_at", "id")
    )
    steps = [_current_step(sheet) for sheet in sheets]
    names = {
        u.pk: u.get_full_name() or u.email
        for u in User.objects.filter(pk__in={a for step in steps for a in step.get("approvers", [])})
    }
    return [
        Waiting(
            timesheet=sheet,
            consultant=sheet.user.get_full_name() or sheet.user.email,
            month=sheet.month,
            hours=round((now - sheet.submitted_at).total_seconds() / 3600, 1),
            waiting_for=_who(step, names),
        )
        for sheet, step in zip(sheets, steps, strict=True)
    ]


def _current_step(sheet) -> dict:
    route = getattr(sheet, "route", None)
    if route is None or not sheet.current_step or sheet.current_step > len(route.steps):
        return {}
    return route.steps[sheet.current_step - 1]


def _who(step: dict, names: dict) -> list[str]:
    if step.get("rule") == "client":
        return [f"{step.get('client_name', '')} <{step.get('client_email', '')}>".strip()]
    return [names[a] for a in step.get("approvers", []) if a in names]
