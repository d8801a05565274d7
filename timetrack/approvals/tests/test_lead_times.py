"""Lead time: submission (last submit before validation) to validation, medians, CRAs waiting > 24 h."""

from datetime import UTC, date, datetime, timedelta

import pytest

from timetrack.approvals import lead_times
from timetrack.approvals.models import Route, TimesheetEvent
from timetrack.orgs.models import Role
from timetrack.tests.factories import member
from timetrack.timesheets.models import Timesheet, TimesheetStatus

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
URL = "/parametres/validation/delais/"


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00+00:00")


def sheet(person, month: date, *, submits=(), validated=None, status=None, step=None, approvers=()):
    """A CRA with hand-made submit events and timestamps."""
    org = person.organization
    ts = Timesheet.objects.create(
        organization=org,
        user=person.user,
        month=month,
        status=status or (TimesheetStatus.VALIDATED if validated else TimesheetStatus.SUBMITTED),
        current_step=step,
        submitted_at=submits[-1] if submits else None,
        validated_at=validated,
    )
    for when in submits:
        TimesheetEvent.objects.create(
            organization=org,
            timesheet=ts,
            action="submit",
            at=when,
            from_status="draft",
            to_status="submitted",
        )
    Route.objects.create(
        organization=org,
        timesheet=ts,
        workflow_name="x",
        steps=[{"label": "N+1", "rule": "manager", "approvers": list(approvers)}],
    )
    return ts


@pytest.fixture
def team(personas):
    other_manager = member(personas.org, Role.MANAGER, user__email="m2@alpha.test")
    carl = member(personas.org, Role.CONSULTANT, manager=other_manager, user__email="carl@alpha.test")
    dora = member(personas.org, Role.CONSULTANT, manager=personas.manager, user__email="dora@alpha.test")
    return personas.consultant, dora, carl, other_manager


def test_the_lead_time_runs_from_the_last_submission_to_validation(personas, team):
    alice, *_ = team
    # Submitted, sent back, submitted again 2 days later, validated 5 h after that: 5 h, not 53 h.
    sheet(
        alice, date(2026, 3, 1), submits=[at("2026-04-01"), at("2026-04-03")], validated=at("2026-04-03", 14)
    )
    [row] = lead_times.median_by_month(personas.org, now=NOW)
    assert (row.key, row.count, row.hours) == (date(2026, 3, 1), 1, 5.0)


def test_medians_per_month_and_per_manager(personas, team):
    alice, dora, carl, other_manager = team
    sheet(alice, date(2026, 3, 1), submits=[at("2026-04-01")], validated=at("2026-04-01", 11))  # 2 h
    sheet(dora, date(2026, 3, 1), submits=[at("2026-04-01")], validated=at("2026-04-01", 19))  # 10 h
    sheet(carl, date(2026, 3, 1), submits=[at("2026-04-01")], validated=at("2026-04-02", 9))  # 24 h
    sheet(alice, date(2026, 4, 1), submits=[at("2026-05-01")], validated=at("2026-05-03", 9))  # 48 h
    by_month = lead_times.median_by_month(personas.org, now=NOW)
    assert [(m.key, m.count, m.hours) for m in by_month] == [
        (date(2026, 4, 1), 1, 48.0),
        (date(2026, 3, 1), 3, 10.0),
    ]
    by_manager = {m.key: (m.count, m.hours) for m in lead_times.median_by_manager(personas.org, now=NOW)}
    # The manager's team: 2 h, 10 h, 48 h → 10 h; the other manager: 24 h.
    assert by_manager == {personas.manager.user_id: (3, 10.0), other_manager.user_id: (1, 24.0)}


def test_only_the_last_twelve_months_count(personas, team):
    alice, *_ = team
    sheet(alice, date(2025, 5, 1), submits=[at("2025-06-01")], validated=at("2025-06-01", 10))
    sheet(alice, date(2025, 7, 1), submits=[at("2025-08-01")], validated=at("2025-08-01", 10))
    assert [m.key for m in lead_times.median_by_month(personas.org, now=NOW)] == [date(2025, 7, 1)]


def test_it_lists_the_cras_waiting_longer_than_24_hours_with_their_approvers(personas, team):
    alice, dora, carl, _ = team
    old = sheet(
        alice,
        date(2026, 5, 1),
        submits=[NOW - timedelta(hours=30)],
        step=1,
        approvers=[personas.manager.user_id],
    )
    sheet(
        dora,
        date(2026, 5, 1),
        submits=[NOW - timedelta(hours=23)],
        step=1,
        approvers=[personas.manager.user_id],
    )
    sheet(carl, date(2026, 4, 1), submits=[NOW - timedelta(hours=10)], validated=NOW, step=None)
    client_sheet = sheet(carl, date(2026, 5, 1), submits=[NOW - timedelta(days=3)], step=1)
    client_sheet.route.steps = [
        {"rule": "client", "approvers": [], "client_name": "Claire", "client_email": "c@x.test"}
    ]
    client_sheet.route.save()
    waiting = lead_times.waiting_longer_than(personas.org, now=NOW)
    assert [w.timesheet for w in waiting] == [client_sheet, old]
    assert waiting[1].hours == 30.0 and waiting[1].waiting_for == [personas.manager.user.get_full_name()]
    assert waiting[0].waiting_for == ["Claire <c@x.test>"]


def test_another_organisations_cras_are_not_counted(personas, team):
    other_consultant = member(personas.other_org, Role.CONSULTANT, user__email="z@beta.test")
    sheet(other_consultant, date(2026, 3, 1), submits=[at("2026-04-01")], validated=at("2026-04-01", 10))
    sheet(other_consultant, date(2026, 5, 1), submits=[NOW - timedelta(days=2)], step=1)
    assert lead_times.median_by_month(personas.org, now=NOW) == []
    assert lead_times.waiting_longer_than(personas.org, now=NOW) == []


@pytest.mark.parametrize("who", ["manager", "consultant", "finance"])
def test_the_dashboard_is_for_admins(personas, login, who):
    assert login(getattr(personas, who)).get(URL).status_code == 403


def test_the_dashboard_shows_medians_and_waiting_cras(personas, team, login, django_assert_max_num_queries):
    alice, *_ = team
    sheet(alice, date(2026, 3, 1), submits=[at("2026-04-01")], validated=at("2026-04-01", 11))
    sheet(alice, date(2026, 4, 1), submits=[at("2026-05-01")], step=1, approvers=[personas.manager.user_id])
    web = login(personas.admin)
    with django_assert_max_num_queries(20):
        response = web.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="lead-by-month"' in body and 'id="lead-waiting"' in body
    assert alice.user.get_full_name() in body
