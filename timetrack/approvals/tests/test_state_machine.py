"""Random sequences of actions by random actors: the state machine's invariants always hold."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timetrack.approvals import services
from timetrack.approvals.models import Action, ApproverRule, TimesheetEvent, Workflow, WorkflowStep
from timetrack.approvals.rules import TRANSITIONS
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.timesheets.models import TimeEntry, Timesheet, TimesheetStatus
from timetrack.timesheets.services import Cell, save_entry

pytestmark = pytest.mark.django_db
ACTIONS = ["submit", "approve", "reject", "request_changes", "recall", "reopen", "edit"]
ACTORS = ["consultant", "manager", "colleague", "admin", "finance"]


def act(flow, action: str, who: str):
    actor = getattr(flow.p, who)
    sheet = Timesheet.objects.get(user=flow.p.consultant.user, month=date(2026, 3, 1))
    if action == "submit":
        return services.submit_timesheet(actor=actor, person=flow.p.consultant, month=sheet.month)
    if action == "approve":
        return services.approve_timesheet(actor=actor, timesheet_id=sheet.pk)
    if action in ("reject", "request_changes"):
        return services.send_back(actor=actor, timesheet_id=sheet.pk, action=action, comment="Non")
    if action == "recall":
        return services.recall_timesheet(actor=actor, timesheet_id=sheet.pk)
    if action == "reopen":
        return services.reopen_timesheet(actor=actor, timesheet_id=sheet.pk, reason="Erreur")
    current = TimeEntry.objects.filter(
        user=flow.p.consultant.user, activity_type=flow.types["training"]
    ).first()
    quantity = Decimal("0.25") if current and current.hours == Decimal("3.5") else Decimal("0.5")
    cell = Cell(date(2026, 3, 7), flow.types["training"], None, quantity, "days")  # a Saturday: free
    return save_entry(actor=actor, person=flow.p.consultant, cell=cell)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(ACTIONS), st.sampled_from(ACTORS)), min_size=1, max_size=12))
def test_random_sequences_keep_the_invariants(flow, steps):
    from timetrack.timesheets.selectors import activity_type_by_code

    flow.types = {"training": activity_type_by_code(flow.org, "training")}
    # Two steps: the N+1, then the admin role; the month need not be complete for this property.
    flow.org.require_complete_month = False
    flow.org.save()
    workflow, _ = Workflow.objects.get_or_create(organization=flow.org, name="Deux étapes")
    if not workflow.steps.exists():
        WorkflowStep.objects.create(
            organization=flow.org, workflow=workflow, position=1, rule=ApproverRule.MANAGER
        )
        WorkflowStep.objects.create(
            organization=flow.org, workflow=workflow, position=2, rule=ApproverRule.ROLE, role="admin"
        )
    flow.project.workflow = workflow
    flow.project.save()
    Timesheet.objects.filter(user=flow.p.consultant.user, month=date(2026, 3, 1)).update(
        status=TimesheetStatus.DRAFT, current_step=None
    )
    TimesheetEvent.objects.all().delete()
    successes = 0
    for action, who in steps:
        before = Timesheet.objects.get(user=flow.p.consultant.user, month=date(2026, 3, 1))
        entries_before = list(TimeEntry.objects.order_by("pk").values_list("pk", "hours"))
        try:
            act(flow, action, who)
        except (StateConflict, PermissionDenied, DomainError):
            after = Timesheet.objects.get(pk=before.pk)
            assert (after.status, after.current_step) == (before.status, before.current_step)
            assert TimesheetEvent.objects.count() == successes  # a refused action leaves no trace
            continue
        after = Timesheet.objects.get(pk=before.pk)
        if action == "edit":
            assert not before.is_locked  # content changes only outside submitted/validated
            continue
        successes += 1
        assert before.status in TRANSITIONS[action]  # only allowed transitions
        assert who != "consultant" or action in ("submit", "recall")  # nobody approves their own CRA
        event = TimesheetEvent.objects.order_by("-at", "-id").first()
        assert (event.action, event.from_status, event.to_status) == (action, before.status, after.status)
        if after.status == TimesheetStatus.SUBMITTED:
            assert after.current_step in (1, 2)
        else:
            assert after.current_step is None
        if before.is_locked and after.is_locked:
            assert list(TimeEntry.objects.order_by("pk").values_list("pk", "hours")) == entries_before
    events = list(TimesheetEvent.objects.order_by("at", "id"))
    assert len(events) == successes
    for previous, following in itertools.pairwise(events):
        assert previous.to_status == following.from_status  # the history is a complete chain
    assert all(e.action in Action.values for e in events)
