"""Reads of the approver's screens (inbox, review): each CRA with its totals per project and its
anomalies, in a fixed number of queries whatever the number of CRAs."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from timetrack.accounts.models import User
from timetrack.approvals.models import ApproverRule, Delegation
from timetrack.approvals.selectors import delegators_of, inbox
from timetrack.lib.calendar import month_bounds
from timetrack.orgs.models import Membership
from timetrack.projects.models import Assignment
from timetrack.timesheets.models import TimeEntry, Timesheet
from timetrack.timesheets.services import part_time_days_off
from timetrack.timesheets.units import in_org_unit


@dataclass
class Anomalies:
    """What an approver should look at before approving a CRA."""

    missing: list[date] = field(default_factory=list)  # worked days left empty beyond a part-time allowance
    allowance: int = 0  # worked days a part-time contract may leave empty
    off_days: list[date] = field(default_factory=list)  # entries on a weekend or a public holiday
    unassigned: list[tuple[date, str]] = field(default_factory=list)  # (day, project code) off assignment

    def __bool__(self) -> bool:
        return bool(self.missing or self.off_days or self.unassigned)


@dataclass
class Review:
    """One CRA as the approver sees it: whose, which step, totals per project, anomalies."""

    sheet: Timesheet
    person: Membership
    step_label: str
    steps: int
    on_behalf_of: str  # the delegator's name when I decide for them, else ""
    projects: list[tuple[str, str, Decimal]]  # (code, name, quantity in the organisation's unit)
    other: Decimal  # non-project activities (absences, training…) in the organisation's unit
    total: Decimal
    anomalies: Anomalies


def find_anomalies(person: Membership, month: date, entries, assignments) -> Anomalies:
    """Pure: ``entries`` are (day, project id, project code, hours) of the month, ``assignments`` the
    person's. Empty days are counted as ``services.missing_days`` does, the allowance as
    ``part_time_days_off``."""
    schedule = person.schedule()
    first, last = month_bounds(month.year, month.month)
    filled = {day for day, _project, _code, hours in entries if hours}
    missing = [day for day in schedule.worked_days(first, last) if day not in filled]
    allowance = part_time_days_off(person, month)
    off_days = sorted({day for day in filled if not schedule.is_working_day(day)})
    unassigned = sorted(
        {
            (day, code)
            for day, project_id, code, hours in entries
            if project_id
            and hours
            and not any(a.project_id == project_id and a.covers(day) for a in assignments)
        }
    )
    return Anomalies(
        missing=missing if len(missing) > allowance else [],
        allowance=allowance,
        off_days=off_days,
        unassigned=unassigned,
    )


def reviews_of(org, sheets, *, user_id: int, on: date) -> list[Review]:
    """``sheets`` (route and user loaded) described for ``user_id``: five queries whatever their number."""
    if not sheets:
        return []
    user_ids = {sheet.user_id for sheet in sheets}
    people = {
        m.user_id: m
        for m in Membership.objects.for_org(org)
        .filter(user_id__in=user_ids)
        .select_related("user", "organization", "agency")
    }
    entries = defaultdict(list)
    for sheet_id, day, project_id, code, name, hours in (
        TimeEntry.objects.for_org(org)
        .filter(timesheet_id__in=[sheet.pk for sheet in sheets])
        .values_list("timesheet_id", "date", "project_id", "project__code", "project__name", "hours")
        .order_by("date")
    ):
        entries[sheet_id].append((day, project_id, code, name, hours))
    first, last = min(s.month for s in sheets), max(s.month for s in sheets).replace(day=28)
    assignments = defaultdict(list)
    for assignment in (
        Assignment.objects.for_org(org)
        .filter(user_id__in=user_ids)
        .overlapping(first, last + timedelta(days=4))
    ):
        assignments[assignment.user_id].append(assignment)
    delegators = set(delegators_of(org, user_id, on))
    names = {u.pk: u.get_full_name() or u.email for u in User.objects.filter(pk__in=delegators)}
    return [
        _review(sheet, people[sheet.user_id], entries[sheet.pk], assignments[sheet.user_id], user_id, names)
        for sheet in sheets
    ]


def _review(sheet, person, entries, assignments, user_id, names) -> Review:
    org = person.organization
    route = getattr(sheet, "route", None)
    steps = route.steps if route else []
    step = steps[sheet.current_step - 1] if sheet.current_step and steps else None
    by_project: dict[str, list] = {}
    other = Decimal(0)
    for _day, project_id, code, name, hours in entries:
        if project_id:
            by_project.setdefault(code, [code, name, Decimal(0)])[2] += hours
        else:
            other += hours
    on_behalf = ""
    if step and user_id not in step["approvers"]:
        on_behalf = next((names[a] for a in step["approvers"] if a in names), "")
    return Review(
        sheet=sheet,
        person=person,
        step_label=_step_label(step) if step else "",
        steps=len(steps),
        on_behalf_of=on_behalf,
        projects=[(c, n, in_org_unit(h, org=org)) for c, n, h in sorted(by_project.values())],
        other=in_org_unit(other, org=org),
        total=in_org_unit(sum((e[4] for e in entries), Decimal(0)), org=org),
        anomalies=find_anomalies(
            person, sheet.month, [(d, p, c, h) for d, p, c, _n, h in entries], assignments
        ),
    )


def inbox_reviews(membership, on: date) -> list[Review]:
    """The inbox, each CRA with its totals and anomalies, in a number of queries independent of its size."""
    return reviews_of(membership.organization, inbox(membership, on), user_id=membership.user_id, on=on)


def has_delegation(membership, on: date) -> bool:
    """Whether ``membership`` stands in for someone on ``on`` (they then see the validation menu)."""
    return (
        Delegation.objects.for_org(membership.organization)
        .filter(delegate_id=membership.user_id, start_date__lte=on, end_date__gte=on)
        .exists()
    )


def _step_label(step: dict) -> str:
    """The rule's label in the reader's language; the label frozen at submission for a rule unknown here."""
    try:
        return str(ApproverRule(step["rule"]).label)
    except ValueError:
        return step.get("label", "")
