"""Reads of the validation: workflows, approvers, inbox, history. Always scoped to one organisation."""

from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum

from timetrack.approvals.models import ApproverRule, Delegation, TimesheetEvent, Workflow, WorkflowStep
from timetrack.lib.numbers import quantize2
from timetrack.orgs.models import Membership, Role
from timetrack.projects.models import Project
from timetrack.timesheets.models import TimeEntry, Timesheet, TimesheetStatus


def default_workflow(org) -> Workflow:
    """The organisation's default workflow (the N+1 manager), created on first use."""
    workflow = Workflow.objects.for_org(org).filter(is_default=True).first()
    if workflow is None:
        workflow, _created = Workflow.objects.get_or_create(
            organization=org, is_default=True, defaults={"name": "Manager (N+1)"}
        )
        WorkflowStep.objects.get_or_create(
            organization=org, workflow=workflow, position=1, defaults={"rule": ApproverRule.MANAGER}
        )
    return workflow


def workflow_for(timesheet) -> Workflow:
    """A workflow named by a project of the month, else by its client, else the default one."""
    org = timesheet.organization
    project_ids = (
        TimeEntry.objects.for_org(org)
        .filter(timesheet=timesheet, project__isnull=False)
        .values_list("project_id", flat=True)
        .distinct()
    )
    projects = list(
        Project.objects.for_org(org)
        .filter(pk__in=list(project_ids))
        .select_related("client")
        .order_by("code")
    )
    for project in projects:
        if project.workflow_id:
            return project.workflow
    for project in projects:
        if project.client_id and project.client.workflow_id:
            return project.client.workflow
    return default_workflow(org)


def _admins(org) -> list[int]:
    return list(
        Membership.objects.for_org(org).active().filter(role=Role.ADMIN).values_list("user_id", flat=True)
    )


def approvers_of(step: WorkflowStep, timesheet, person: Membership) -> list[int]:
    """The users who decide ``step`` for ``timesheet``; the admins when the rule names nobody (a
    consultant without N+1, say), and never the consultant themselves."""
    org = timesheet.organization
    if step.rule == ApproverRule.CLIENT:
        return []  # the client contact decides through a link, not as a user
    if step.rule == ApproverRule.MANAGER:
        found = [person.manager_id] if person.manager_id else []
    elif step.rule == ApproverRule.PROJECT_MANAGER:
        found = list(
            Project.objects.for_org(org)
            .filter(entries__timesheet=timesheet, project_manager__isnull=False)
            .values_list("project_manager_id", flat=True)
            .distinct()
        )
    elif step.rule == ApproverRule.ROLE:
        found = list(
            Membership.objects.for_org(org).active().filter(role=step.role).values_list("user_id", flat=True)
        )
    else:
        found = [step.user_id] if step.user_id else []
    active = set(
        Membership.objects.for_org(org).active().filter(user_id__in=found).values_list("user_id", flat=True)
    )
    found = [user_id for user_id in found if user_id in active and user_id != timesheet.user_id]
    return sorted(set(found)) or [a for a in _admins(org) if a != timesheet.user_id]


def delegators_of(org, user_id: int, on: date) -> list[int]:
    """The people ``user_id`` acts for on ``on`` (their active delegations)."""
    return list(
        Delegation.objects.for_org(org)
        .filter(delegate_id=user_id, start_date__lte=on, end_date__gte=on)
        .values_list("delegator_id", flat=True)
    )


def acting_for(timesheet, user_id: int, on: date) -> int | None:
    """Whom ``user_id`` decides the current step as: themselves, a delegator, or None (not theirs)."""
    route = getattr(timesheet, "route", None)
    if timesheet.status != TimesheetStatus.SUBMITTED or route is None or not timesheet.current_step:
        return None
    approvers = route.steps[timesheet.current_step - 1]["approvers"]
    if user_id in approvers:
        return user_id
    return next((d for d in delegators_of(timesheet.organization, user_id, on) if d in approvers), None)


def is_routed_to(timesheet, user_id: int, on: date) -> bool:
    """Whether ``user_id`` approves (or approved) a step of ``timesheet``, or stands in for who does."""
    route = getattr(timesheet, "route", None)
    if route is None:
        return False
    approvers = {a for step in route.steps for a in step["approvers"]}
    return user_id in approvers or bool(approvers & set(delegators_of(timesheet.organization, user_id, on)))


def inbox(membership, on: date):
    """The CRAs waiting for ``membership`` (or for the people they stand in for), oldest first."""
    org = membership.organization
    who = [membership.user_id, *delegators_of(org, membership.user_id, on)]
    waiting = (
        Timesheet.objects.for_org(org)
        .filter(status=TimesheetStatus.SUBMITTED)
        .select_related("route", "user")
    )
    # JSON containment is not portable (SQLite): filter in Python over the submitted CRAs of the org.
    return [
        sheet
        for sheet in waiting.order_by("submitted_at", "id")
        if sheet.current_step
        and hasattr(sheet, "route")
        and set(who) & set(sheet.route.steps[sheet.current_step - 1]["approvers"])
        and sheet.user_id != membership.user_id
    ]


def history(timesheet):
    return (
        TimesheetEvent.objects.for_org(timesheet.organization)
        .filter(timesheet=timesheet)
        .select_related("actor", "on_behalf_of")
    )


def totals_of(timesheet) -> dict:
    """The CRA's totals, for the history snapshot: hours in all, per activity code and per project code."""
    entries = TimeEntry.objects.for_org(timesheet.organization).filter(timesheet=timesheet)
    by_activity = dict(
        entries.values("activity_type__code").annotate(h=Sum("hours")).values_list("activity_type__code", "h")
    )
    by_project = dict(
        entries.filter(~Q(project=None))
        .values("project__code")
        .annotate(h=Sum("hours"))
        .values_list("project__code", "h")
    )
    total = sum(by_activity.values(), Decimal(0))
    return {
        "total_hours": str(quantize2(total)),
        "by_activity": {k: str(quantize2(v)) for k, v in by_activity.items()},
        "by_project": {k: str(quantize2(v)) for k, v in by_project.items()},
    }
