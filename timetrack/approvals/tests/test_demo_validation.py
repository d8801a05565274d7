from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from timetrack.approvals.models import Action, TimesheetEvent
from timetrack.approvals.selectors import inbox
from timetrack.notifications.models import OutboundEmail
from timetrack.orgs.models import Membership, Organization
from timetrack.timesheets.models import Timesheet, TimesheetStatus

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def demo():
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", stdout=StringIO())
    return Organization.objects.get(slug="demo-esn")


def test_the_demo_has_cras_in_every_state_with_histories(demo):
    statuses = set(Timesheet.objects.for_org(demo).values_list("status", flat=True))
    assert {"draft", "submitted", "validated", "changes_requested"} <= statuses
    for sheet in Timesheet.objects.for_org(demo).filter(status=TimesheetStatus.VALIDATED)[:20]:
        actions = list(sheet.events.order_by("at", "id").values_list("action", flat=True))
        assert actions[0] == Action.SUBMIT and actions[-1] == Action.APPROVE
        assert sheet.validated_at >= sheet.submitted_at


def test_history_rows_are_dated_after_their_month(demo):
    for event in TimesheetEvent.objects.for_org(demo).select_related("timesheet"):
        assert event.at.date() > event.timesheet.month


def test_a_few_cras_wait_for_the_demo_manager_and_nobody_is_emailed(demo):
    manager = Membership.objects.select_related("organization", "user").get(
        user__email="manager@demo.timetrack.test"
    )
    assert 1 <= len(inbox(manager, date(2026, 12, 4))) <= 10
    assert not OutboundEmail.objects.for_org(demo).exists()
