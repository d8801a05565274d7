"""The demo CRAs are written in bulk: check that they obey the same rules as a consultant's saves."""

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from timetrack.orgs.models import Membership, Organization
from timetrack.projects.models import Assignment, BillingMode, Project
from timetrack.timesheets.models import TimeEntry, Timesheet, TimesheetStatus
from timetrack.timesheets.services import missing_days, part_time_days_off

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 12, 4, 10, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def demo():
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    org = Organization.objects.get(slug="demo-esn")
    people = {
        m.user_id: m for m in Membership.objects.for_org(org).select_related("organization", "agency", "user")
    }
    return org, people


def test_every_demo_entry_obeys_the_entry_rules(demo):
    org, people = demo
    assignments = defaultdict(list)
    for assignment in Assignment.objects.for_org(org):
        assignments[assignment.user_id].append(assignment)
    day_totals = defaultdict(Decimal)
    entries = list(TimeEntry.objects.for_org(org).select_related("activity_type"))
    assert len(entries) > 2000
    for entry in entries:
        person = people[entry.user_id]
        assert person.schedule().is_employed(entry.date), entry
        assert (entry.hours / org.hours_per_day) % Decimal("0.25") == 0, entry
        assert entry.timesheet.month == entry.date.replace(day=1)
        if entry.activity_type.requires_project:
            assert any(
                a.project_id == entry.project_id and a.covers(entry.date) for a in assignments[entry.user_id]
            )
        else:
            assert entry.project_id is None
        day_totals[(entry.user_id, entry.date)] += entry.hours
    assert max(day_totals.values()) <= org.hours_per_day
    assert max(day for _user, day in day_totals) == date(2026, 12, 3)  # up to yesterday


def test_submitted_demo_months_are_complete(demo):
    org, people = demo
    submitted = Timesheet.objects.for_org(org).filter(
        status__in=[TimesheetStatus.SUBMITTED, TimesheetStatus.VALIDATED]
    )
    assert submitted.count() > 50
    for sheet in submitted:
        person = people[sheet.user_id]
        assert len(missing_days(person, sheet.month)) <= part_time_days_off(person, sheet.month), sheet


def test_the_demo_has_every_kind_of_project_and_a_staffed_consultant(demo):
    org, people = demo
    modes = set(Project.objects.for_org(org).values_list("billing_mode", flat=True))
    assert modes == {BillingMode.TIME_AND_MATERIALS, BillingMode.FIXED_PRICE, BillingMode.INTERNAL}
    consultant = next(m for m in people.values() if m.user.email == "consultant@demo.timetrack.test")
    assert (
        Assignment.objects.for_org(org)
        .filter(user_id=consultant.user_id)
        .active_on(date(2026, 12, 4))
        .exists()
    )
    current = Timesheet.objects.for_org(org).get(user_id=consultant.user_id, month=date(2026, 12, 1))
    assert current.status == TimesheetStatus.DRAFT
    assert current.entries.exists()
    leave_codes = set(TimeEntry.objects.for_org(org).values_list("activity_type__code", flat=True))
    assert {"project", "paid_leave", "rtt", "bench", "internal"} <= leave_codes


def test_the_large_organisation_gets_months_of_entries(db):
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", "--large", "--consultants", "30", "--months", "2", stdout=StringIO())
    org = Organization.objects.get(slug="grande-esn")
    entries = TimeEntry.objects.for_org(org)
    # 30 consultants and 2 managers over October, November and 1–3 December 2026: roughly 45 days each.
    assert 30 * 35 < entries.count() < 32 * 50
    assert entries.filter(date__lt=date(2026, 10, 1)).count() == 0
