from datetime import date

import pytest

from timetrack.approvals import services
from timetrack.approvals.models import ApproverRule, TimesheetEvent, Workflow, WorkflowStep
from timetrack.lib.errors import StateConflict
from timetrack.orgs.models import Membership
from timetrack.tests.factories import member
from timetrack.tests.threads import run_together
from timetrack.timesheets.models import Timesheet, TimesheetStatus

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_approvers_clicking_at_once_make_one_transition(flow):
    second_admin = member(flow.org, "admin", user__email="admin2@alpha.test")
    workflow = Workflow.objects.create(organization=flow.org, name="Direction")
    WorkflowStep.objects.create(
        organization=flow.org, workflow=workflow, position=1, rule=ApproverRule.ROLE, role="admin"
    )
    flow.project.workflow = workflow
    flow.project.save()
    sheet = services.submit_timesheet(
        actor=flow.p.consultant, person=flow.p.consultant, month=date(2026, 3, 1)
    )

    def approve(membership):
        def job():
            actor = Membership.objects.select_related("organization", "user").get(pk=membership.pk)
            services.approve_timesheet(actor=actor, timesheet_id=sheet.pk)

        return job

    errors = run_together(approve(flow.p.admin), approve(second_admin))
    assert len(errors) == 1
    assert isinstance(errors[0], StateConflict)
    assert Timesheet.objects.get(pk=sheet.pk).status == TimesheetStatus.VALIDATED
    assert list(TimesheetEvent.objects.values_list("action", flat=True).order_by("at", "id")) == [
        "submit",
        "approve",
    ]
