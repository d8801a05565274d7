"""The transitions of a CRA: one function each, shared by the inbox, the CRA page, the API and the tests.

Each locks the CRA row, checks the state machine and the actor, changes the status, appends a history
row with the totals of that moment, and queues the notifications with the change (on commit).
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
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
        step=step or sheet.current_step,
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
        _open_client_step(sheet)
    return sheet


def approve_timesheet(*, actor: Membership, timesheet_id: int, comment: str = "", ip=None) -> Timesheet:
    """The current step's approver (or their delegate) approves: next step, or validated after the last."""
    with transaction.atomic():
        sheet, acting_for = _decision(actor, timesheet_id, "approve")
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
            _open_client_step(sheet)
    return sheet


def send_back(*, actor: Membership, timesheet_id: int, action: str, comment: str, ip=None) -> Timesheet:
    """Reject or request changes (a comment is required): the CRA goes back to the consultant."""
    rules.check_comment(comment)
    to_status = {
        Action.REJECT: TimesheetStatus.REJECTED,
        Action.REQUEST_CHANGES: TimesheetStatus.CHANGES_REQUESTED,
    }
    with transaction.atomic():
        sheet, acting_for = _decision(actor, timesheet_id, action)
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


def _decision(actor: Membership, timesheet_id, action: str) -> tuple[Timesheet, int]:
    """Lock the CRA and check that ``actor`` may decide its current step; returns it and whom the actor
    acts for (themselves or a delegator)."""
    sheet = _locked_by_id(actor.organization, timesheet_id)
    rules.check_transition(sheet, action)
    rules.check_not_own(actor, sheet)
    acting_for = selectors.acting_for(sheet, actor.user_id, timezone.localdate())
    rules.check_is_approver(acting_for)
    return sheet, acting_for


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


# --- Client approval by link ------------------------------------------------------------------------
CLIENT_LINK_DAYS = 7


def _token_hash(token: str) -> str:
    import hashlib

    return hashlib.sha256(token.encode()).hexdigest()


def _freeze_client_contacts(sheet, route) -> None:
    """Copy the client contacts into the route at submission: a later edit of the workflow never
    redirects a CRA already in validation."""
    workflow_steps = list(selectors.workflow_for(sheet).steps.order_by("position"))
    for index, step in enumerate(route.steps):
        if step["rule"] == "client" and "client_email" not in step and index < len(workflow_steps):
            step["client_name"] = workflow_steps[index].client_name
            step["client_email"] = workflow_steps[index].client_email
    route.save(update_fields=["steps"])


def _open_client_step(sheet) -> None:
    """When the CRA's current step is the client, send the contact a single-purpose link."""
    import secrets

    from django.conf import settings
    from django.urls import reverse

    from timetrack.approvals.models import ClientApprovalLink
    from timetrack.notifications.services import send_email

    route = sheet.route
    if route.approvals == 0 and sheet.current_step == 1:
        _freeze_client_contacts(sheet, route)
    step = route.steps[sheet.current_step - 1]
    if step["rule"] != "client" or not step.get("client_email"):
        return
    token = secrets.token_urlsafe(32)
    ClientApprovalLink.objects.create(
        organization=sheet.organization,
        timesheet=sheet,
        step=sheet.current_step,
        email=step["client_email"],
        token_hash=_token_hash(token),
        expires_at=timezone.now() + timedelta(days=CLIENT_LINK_DAYS),
    )
    person = _person_of(sheet)
    url = settings.SITE_URL + reverse("client_approval:decide", args=[token])
    with override("fr"):
        context = {
            "contact": step.get("client_name", ""),
            "consultant": person.user.get_full_name() or person.user.email,
            "month": _month_label(sheet, "fr"),
            "org": sheet.organization.name,
            "url": url,
            "days": CLIENT_LINK_DAYS,
        }
        subject = _("CRA de %(consultant)s (%(month)s) à approuver") % context
        body = (
            _(
                "Bonjour %(contact)s,\n\n%(org)s vous demande d'approuver le compte rendu d'activité de "
                "%(consultant)s pour %(month)s.\n\nConsultez-le et donnez votre décision ici (lien "
                "personnel, valable %(days)s jours, utilisable une seule fois) :\n%(url)s\n\nTimeTrack"
            )
            % context
        )
    send_email(
        org=sheet.organization, to_email=step["client_email"], subject=subject, body=body, language="fr"
    )


def client_link(token: str):
    """The link of ``token``, whatever its state; DomainError (shown as a 404) for an unknown token."""
    from timetrack.approvals.models import ClientApprovalLink
    from timetrack.lib.errors import DomainError

    link = (
        ClientApprovalLink.objects.select_related("organization", "timesheet")
        .filter(token_hash=_token_hash(token or ""))
        .first()
    )
    if link is None:
        raise DomainError(rules.LINK_UNKNOWN, code="not_found")
    return link


def check_client_link(link) -> None:
    """Refuse a used or expired link, and one whose CRA has moved on (another step, state or submission)."""
    from timetrack.approvals.models import ClientApprovalLink

    rules.check_link_usable(link, timezone.now())
    latest = ClientApprovalLink.objects.filter(timesheet_id=link.timesheet_id).order_by("-pk").first()
    rules.check_link_current(link, link.timesheet, latest.pk)


def client_decide(*, token: str, name: str, approve: bool, comment: str = "", ip=None) -> Timesheet:
    """The client contact approves (next step or validated) or rejects (a comment is required)."""
    from timetrack.approvals.models import ClientApprovalLink

    rules.check_name(name)
    if not approve:
        rules.check_comment(comment)
    link = client_link(token)
    with transaction.atomic():
        sheet = _locked_by_id(link.organization, link.timesheet_id)
        link = ClientApprovalLink.objects.select_for_update().get(pk=link.pk)
        link.timesheet = sheet
        check_client_link(link)
        route, before, step = sheet.route, sheet.status, sheet.current_step
        if not approve:
            sheet.status, sheet.current_step = TimesheetStatus.REJECTED, None
            _save(sheet, "status", "current_step")
        elif step < len(route.steps):
            route.approvals += 1
            route.save(update_fields=["approvals"])
            sheet.current_step = step + 1
            _save(sheet, "current_step")
        else:
            route.approvals += 1
            route.save(update_fields=["approvals"])
            sheet.status, sheet.current_step = TimesheetStatus.VALIDATED, None
            sheet.validated_at = timezone.now()
            _save(sheet, "status", "current_step", "validated_at")
        label = name.strip()[:200]
        TimesheetEvent.objects.create(
            organization=sheet.organization,
            timesheet=sheet,
            action=Action.APPROVE if approve else Action.REJECT,
            actor=None,
            actor_label=label,
            at=timezone.now(),
            from_status=before,
            to_status=sheet.status,
            step=step,
            comment=comment,
            totals=selectors.totals_of(sheet),
            ip=ip,
        )
        link.used_at, link.decided_by_name, link.ip = timezone.now(), label, ip
        link.save(update_fields=["used_at", "decided_by_name", "ip"])
        person = _person_of(sheet)
        if not approve:
            _notify(sheet, person.user, "timesheet_rejected", {"actor": label, "comment": comment})
        elif sheet.status == TimesheetStatus.VALIDATED:
            _notify(sheet, person.user, "timesheet_validated", {})
        else:
            _notify(sheet, person.user, "timesheet_approved", {"actor": label, "step": step})
            _notify_step(sheet, person)
            _open_client_step(sheet)
    return sheet


# --- Workflows and delegations (admin screens) ------------------------------------------------------
STEP_FIELDS = ("rule", "role", "user", "client_name", "client_email")


def save_workflow(*, actor: Membership, workflow=None, name: str, steps: list[dict]):
    """Create or rewrite a workflow and its ordered steps. CRAs in validation keep their frozen route."""
    from timetrack.approvals.models import Workflow, WorkflowStep
    from timetrack.orgs.access import require_admin

    require_admin(actor)
    org = actor.organization
    if workflow is not None and workflow.organization_id != org.pk:
        raise Workflow.DoesNotExist
    rules.check_workflow_name(org, name, exclude_pk=workflow.pk if workflow else None)
    rules.check_has_steps(steps)
    for step in steps:
        rules.check_step_complete(org, step)
    with transaction.atomic():
        if workflow is None:
            workflow = Workflow.objects.create(organization=org, name=name.strip())
        else:
            workflow = Workflow.objects.select_for_update().get(pk=workflow.pk)
            workflow.name = name.strip()
            workflow.save(update_fields=["name"])
            workflow.steps.all().delete()
        for position, step in enumerate(steps, start=1):
            values = {field: step.get(field) for field in STEP_FIELDS}
            rule = values["rule"]
            WorkflowStep.objects.create(
                organization=org,
                workflow=workflow,
                position=position,
                rule=rule,
                role=values["role"] if rule == "role" else "",
                user=values["user"] if rule == "user" else None,
                client_name=(values["client_name"] or "").strip() if rule == "client" else "",
                client_email=(values["client_email"] or "").strip() if rule == "client" else "",
            )
    return workflow


def delete_workflow(*, actor: Membership, workflow) -> None:
    """Delete a workflow other than the default; its projects and clients fall back to the default."""
    from timetrack.orgs.access import require_admin

    require_admin(actor)
    if workflow.organization_id != actor.organization_id:
        raise type(workflow).DoesNotExist
    rules.check_deletable(workflow)
    workflow.delete()


def set_delegation(*, actor: Membership, delegator, delegate, start_date: date, end_date: date):
    """``delegator`` names ``delegate`` to act for them between two dates (admins for anyone, a manager
    for themselves). Overlapping delegations are allowed: the delegate acts for each."""
    from django.core.exceptions import PermissionDenied

    from timetrack.approvals.models import Delegation
    from timetrack.orgs.models import Role

    org = actor.organization
    if actor.role != Role.ADMIN and not (actor.role == Role.MANAGER and delegator.pk == actor.user_id):
        raise PermissionDenied
    if not Membership.objects.for_org(org).active().filter(user_id=delegator.pk).exists():
        raise PermissionDenied
    rules.check_delegate(org, delegator.pk, delegate)
    rules.check_delegation_dates(start_date, end_date)
    return Delegation.objects.create(
        organization=org, delegator=delegator, delegate=delegate, start_date=start_date, end_date=end_date
    )


def end_delegation(*, actor: Membership, delegation) -> None:
    """Stop a delegation today: it ends yesterday, or disappears if it had not started yet."""
    from django.core.exceptions import PermissionDenied

    from timetrack.orgs.models import Role

    if delegation.organization_id != actor.organization_id:
        raise type(delegation).DoesNotExist
    if actor.role != Role.ADMIN and delegation.delegator_id != actor.user_id:
        raise PermissionDenied
    today = timezone.localdate()
    if delegation.start_date >= today:
        delegation.delete()
    elif delegation.end_date >= today:
        delegation.end_date = today - timedelta(days=1)
        delegation.save(update_fields=["end_date"])
