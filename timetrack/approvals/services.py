"""The transitions of a CRA: one function each, shared by the inbox, the CRA page, the API and the tests.

Each locks the CRA row, checks the state machine and the actor, changes the status, appends a history
row with the totals of that moment, and queues the notifications with the change (on commit).
"""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from timetrack.approvals import rules, selectors
from timetrack.approvals.models import Action, Route, TimesheetEvent
from timetrack.orgs.models import Membership
from timetrack.timesheets import rules as entry_rules
from timetrack.timesheets.access import check_can_edit_for
from timetrack.timesheets.models import Timesheet, TimesheetStatus
from timetrack.timesheets.selectors import timesheet_for
from timetrack.timesheets.services import missing_days, part_time_days_off


def _locked(org, user_id: int, month: date) -> Timesheet:
    timesheet_for(org=org, user_id=user_id, month=month)
    return (
        Timesheet.objects.for_org(org)
        .select_for_update()
        .select_related("organization")
        .get(user_id=user_id, month=month.replace(day=1))
    )


def _record(sheet, *, action, actor, before, comment="", on_behalf_of=None, ip=None, label="", step=None):
    """Append the history row (``step``: the step decided; by default the one the CRA is at)."""
    return TimesheetEvent.objects.create(
        organization=sheet.organization,
        timesheet=sheet,
        action=action,
        actor_id=actor.user_id if actor else None,
        actor_label=label or (actor.user.get_full_name() or actor.user.email if actor else ""),
        on_behalf_of_id=on_behalf_of,
        at=timezone.now(),
        from_status=before,
        to_status=sheet.status,
        step=sheet.current_step,
        comment=comment,
        totals=selectors.totals_of(sheet),
        ip=ip,
    )


def _save(sheet, *fields):
    sheet.save(update_fields=[*fields, "updated_at"])


def submit_timesheet(*, actor: Membership, person: Membership, month: date, ip=None) -> Timesheet:
    """draft (or sent back) → submitted at step 1, locked; by default every worked day must be filled."""
    check_can_edit_for(actor, person)
    org = person.organization
    with transaction.atomic():
        sheet = _locked(org, person.user_id, month)
        rules.check_transition(sheet, "submit")
        if org.require_complete_month:
            entry_rules.check_month_complete(
                missing_days(person, sheet.month), allowance=part_time_days_off(person, sheet.month)
            )
        workflow = selectors.workflow_for(sheet)
        steps = [
            {
                "label": str(step.get_rule_display()),
                "rule": step.rule,
                "approvers": selectors.approvers_of(step, sheet, person),
            }
            for step in workflow.steps.order_by("position")
        ]
        Route.objects.update_or_create(
            timesheet=sheet,
            defaults={"organization": org, "workflow_name": workflow.name, "steps": steps, "approvals": 0},
        )
        before = sheet.status
        sheet.status, sheet.current_step = TimesheetStatus.SUBMITTED, 1
        sheet.submitted_at, sheet.validated_at = timezone.now(), None
        _save(sheet, "status", "current_step", "submitted_at", "validated_at")
        _record(sheet, action=Action.SUBMIT, actor=actor, before=before, ip=ip)
        _notify_step(sheet, person)
    return sheet


def approve_timesheet(*, actor: Membership, timesheet_id: int, comment: str = "", ip=None) -> Timesheet:
    """The current step's approver (or their delegate) approves: next step, or validated after the last."""
    org = actor.organization
    with transaction.atomic():
        sheet = _locked_by_id(org, timesheet_id)
        rules.check_transition(sheet, "approve")
        rules.check_not_own(actor, sheet)
        acting_for = selectors.acting_for(sheet, actor.user_id, timezone.localdate())
        rules.check_is_approver(acting_for)
        route = sheet.route
        route.approvals += 1
        route.save(update_fields=["approvals"])
        before, step = sheet.status, sheet.current_step
        if step < len(route.steps):
            sheet.current_step = step + 1
            _save(sheet, "current_step")
        else:
            sheet.status, sheet.current_step = TimesheetStatus.VALIDATED, None
            sheet.validated_at = timezone.now()
            _save(sheet, "status", "current_step", "validated_at")
        event = _record(
            sheet,
            action=Action.APPROVE,
            actor=actor,
            before=before,
            comment=comment,
            on_behalf_of=acting_for if acting_for != actor.user_id else None,
            ip=ip,
            step=step,
        )
        person = _person_of(sheet)
        if sheet.status == TimesheetStatus.VALIDATED:
            _notify(sheet, person.user, "timesheet_validated", {})
        else:
            _notify(sheet, person.user, "timesheet_approved", {"actor": event.actor_label, "step": step})
            _notify_step(sheet, person)
    return sheet


def send_back(*, actor: Membership, timesheet_id: int, action: str, comment: str, ip=None) -> Timesheet:
    """Reject or request changes (a comment is required): the CRA goes back to the consultant."""
    rules.check_comment(comment)
    org = actor.organization
    to_status = {
        Action.REJECT: TimesheetStatus.REJECTED,
        Action.REQUEST_CHANGES: TimesheetStatus.CHANGES_REQUESTED,
    }
    with transaction.atomic():
        sheet = _locked_by_id(org, timesheet_id)
        rules.check_transition(sheet, action)
        rules.check_not_own(actor, sheet)
        acting_for = selectors.acting_for(sheet, actor.user_id, timezone.localdate())
        rules.check_is_approver(acting_for)
        before, step = sheet.status, sheet.current_step
        sheet.status, sheet.current_step = to_status[action], None
        _save(sheet, "status", "current_step")
        event = _record(
            sheet,
            action=action,
            actor=actor,
            before=before,
            comment=comment,
            on_behalf_of=acting_for if acting_for != actor.user_id else None,
            ip=ip,
            step=step,
        )
        code = "timesheet_rejected" if action == Action.REJECT else "timesheet_changes_requested"
        _notify(sheet, _person_of(sheet).user, code, {"actor": event.actor_label, "comment": comment})
    return sheet


def recall_timesheet(*, actor: Membership, timesheet_id: int, ip=None) -> Timesheet:
    """The consultant takes back a submitted CRA, as long as nobody has approved it yet."""
    with transaction.atomic():
        sheet = _locked_by_id(actor.organization, timesheet_id)
        rules.check_transition(sheet, "recall")
        rules.check_recallable(actor, sheet, getattr(sheet, "route", None))
        before = sheet.status
        sheet.status, sheet.current_step, sheet.submitted_at = TimesheetStatus.DRAFT, None, None
        _save(sheet, "status", "current_step", "submitted_at")
        _record(sheet, action=Action.RECALL, actor=actor, before=before, ip=ip)
    return sheet


def reopen_timesheet(*, actor: Membership, timesheet_id: int, reason: str, ip=None) -> Timesheet:
    """An admin reopens a validated CRA, with a mandatory reason: it is a draft again."""
    from timetrack.orgs.access import require_admin

    require_admin(actor)
    rules.check_reason(reason)
    with transaction.atomic():
        sheet = _locked_by_id(actor.organization, timesheet_id)
        rules.check_transition(sheet, "reopen")
        before = sheet.status
        sheet.status, sheet.current_step, sheet.validated_at = TimesheetStatus.DRAFT, None, None
        _save(sheet, "status", "current_step", "validated_at")
        event = _record(sheet, action=Action.REOPEN, actor=actor, before=before, comment=reason, ip=ip)
        _notify(
            sheet,
            _person_of(sheet).user,
            "timesheet_reopened",
            {"actor": event.actor_label, "comment": reason},
        )
    return sheet


def _locked_by_id(org, timesheet_id) -> Timesheet:
    from timetrack.orgs.scoping import get_for_org

    return get_for_org(
        Timesheet.objects.select_for_update(of=("self",)).select_related("organization", "route"),
        org,
        pk=timesheet_id,
    )


def _person_of(sheet) -> Membership:
    return (
        Membership.objects.for_org(sheet.organization)
        .select_related("user", "organization")
        .get(user_id=sheet.user_id)
    )


# --- Notifications ----------------------------------------------------------------------------------
def _month_label(sheet, language: str) -> str:
    with override(language):
        return date_format(sheet.month, "F Y")


def _notify(sheet, recipient, event: str, context: dict) -> None:
    from timetrack.notifications.services import notify

    context = {"month": _month_label(sheet, recipient.language), **context}
    notify(
        org=sheet.organization,
        recipient=recipient,
        event=event,
        context=context,
        url=f"/cra/{sheet.month.year}/{sheet.month.month}/?user={sheet.user_id}",
    )


def _notify_step(sheet, person) -> None:
    """Tell the approvers of the current step that the CRA waits for them."""
    from timetrack.accounts.models import User

    approvers = sheet.route.steps[sheet.current_step - 1]["approvers"]
    consultant = person.user.get_full_name() or person.user.email
    for user in User.objects.filter(pk__in=approvers):
        _notify_to_approve(sheet, user, consultant)


def _notify_to_approve(sheet, user, consultant: str) -> None:
    from timetrack.notifications.services import notify

    notify(
        org=sheet.organization,
        recipient=user,
        event="timesheet_to_approve",
        context={
            "consultant": consultant,
            "month": _month_label(sheet, user.language),
            "step": sheet.current_step,
        },
        url="/validation/",
    )
