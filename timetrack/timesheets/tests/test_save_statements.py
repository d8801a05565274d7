"""The auto-save's hand-written statements and the activity types a process keeps between requests."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from timetrack.timesheets import statements
from timetrack.timesheets.activity_services import create_activity_type, update_activity_type
from timetrack.timesheets.models import MonthlyRollup, TimeEntry

pytestmark = pytest.mark.django_db
URL = "/api/v1/time-entries"


def post(client, **body):
    return client.post(URL, body, format="json")


def statements_of(request) -> list[str]:
    """The first word of each statement ``request()`` runs, but the test's own savepoints (in production
    the save's transaction is a BEGIN and a COMMIT)."""
    with CaptureQueriesContext(connection) as captured:
        request()
    return [q["sql"].split()[0] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]


@pytest.mark.parametrize("entries_in_month", [0, 40])
def test_an_auto_save_runs_five_statements_whatever_the_month_holds(cra, entries_in_month):
    client = cra.p.api(cra.p.consultant)
    days = [date(2026, 3, d) for d in range(2, 28) if date(2026, 3, d).weekday() < 5]
    for index in range(entries_in_month):
        code = ("internal", "presales")[index % 2]
        assert post(client, date=str(days[index // 2]), activity_type=code, hours="1").status_code == 201
    # The first save of the month's training cells creates its rollup row; the token's use is recorded.
    assert post(client, date="2026-03-27", activity_type="training", days="0.25").status_code == 201
    # Token with its membership, the month's lock, the day's entries, the rollup, the entry.
    created = statements_of(lambda: post(client, date="2026-03-26", activity_type="training", days="0.5"))
    assert created == ["SELECT", "SELECT", "SELECT", "UPDATE", "INSERT"]
    updated = statements_of(lambda: post(client, date="2026-03-26", activity_type="training", days="0.25"))
    assert updated == ["SELECT", "SELECT", "SELECT", "UPDATE", "UPDATE"]
    rollup = MonthlyRollup.objects.get(month=date(2026, 3, 1), activity_type=cra.types["training"])
    assert rollup.hours == Decimal("3.5")  # 0.25 day on the 27th and 0.25 on the 26th, at 7 h a day


def test_the_statements_read_what_the_orm_reads(cra):
    client = cra.p.api(cra.p.consultant)
    post(client, date="2026-03-31", activity_type="training", hours="1.25", comment="fin de mois")
    post(client, date="2026-04-01", activity_type="training", hours="3.5")
    post(client, date="2026-04-01", activity_type="project", project=cra.project.pk, days="0.25")
    post(client, date="2026-04-02", activity_type="training", hours="2")  # another day: not read
    months, days = [date(2026, 3, 1), date(2026, 4, 1)], [date(2026, 3, 31), date(2026, 4, 1)]

    with transaction.atomic():
        sheets = statements.lock_months(cra.org.pk, cra.p.consultant.user_id, months)
        read = statements.entries_of_days(cra.org.pk, cra.p.consultant.user_id, days, sheets)

    assert sorted(sheets) == months
    assert {month: sheet.status for month, sheet in sheets.items()} == dict.fromkeys(months, "draft")
    fields = ["pk", "date", "hours", "comment", "activity_type_id", "project_id", "timesheet_id"]
    fields += ["created_at", "updated_at"]
    by_orm = TimeEntry.objects.filter(date__in=days).order_by("pk")
    assert [[getattr(e, f) for f in fields] for e in sorted(read, key=lambda e: e.pk)] == [
        [getattr(e, f) for f in fields] for e in by_orm
    ]
    assert len(read) == 3
    assert all(isinstance(e.hours, Decimal) and e.created_at.tzinfo is not None for e in read)
    assert all(e.timesheet is sheets[e.date.replace(day=1)] for e in read)


def test_a_month_without_a_cra_is_absent_and_no_day_reads_nothing(cra):
    post(cra.p.api(cra.p.consultant), date="2026-03-02", activity_type="training", hours="1")
    with transaction.atomic():
        sheets = statements.lock_months(
            cra.org.pk, cra.p.consultant.user_id, [date(2026, 3, 1), date(2026, 5, 1)]
        )
        read = statements.entries_of_days(cra.org.pk, cra.p.consultant.user_id, [], sheets)
    assert list(sheets) == [date(2026, 3, 1)]
    assert read == []


def test_a_type_deactivated_after_the_process_kept_the_types_is_refused(cra):
    client = cra.p.api(cra.p.consultant)
    assert post(client, date="2026-03-02", activity_type="training", hours="1").status_code == 201
    update_activity_type(actor=cra.p.admin, activity_type=cra.types["training"], is_active=False)

    response = post(client, date="2026-03-03", activity_type="training", hours="1")

    assert response.status_code == 400
    assert "activity_type" in response.json()


def test_a_type_created_after_the_process_kept_the_types_is_found(cra):
    client = cra.p.api(cra.p.consultant)
    assert post(client, date="2026-03-02", activity_type="training", hours="1").status_code == 201
    create_activity_type(actor=cra.p.admin, code="audit", name="Audit interne")

    response = post(client, date="2026-03-03", activity_type="audit", hours="1")

    assert response.status_code == 201, response.json()
    assert response.json()["activity_type"] == "audit"


def test_any_write_of_a_type_renews_the_organisations_stamp(cra):
    before = type(cra.org).objects.get(pk=cra.org.pk).activity_types_stamp
    training = cra.types["training"]
    training.is_active = False
    training.save()  # not through the services: the stamp is renewed all the same
    after = type(cra.org).objects.get(pk=cra.org.pk).activity_types_stamp
    assert after != before

    response = post(cra.p.api(cra.p.consultant), date="2026-03-03", activity_type="training", hours="1")
    assert response.status_code == 400


def test_a_project_is_read_in_its_organisation_only(cra):
    assert statements.project(cra.org.pk, cra.project.pk) == cra.project
    assert statements.project(cra.p.other.organization_id, cra.project.pk) is None
    assert statements.project(cra.org.pk, 2**70) is None


def test_the_assignments_read_by_hand_are_those_the_orm_reads(cra):
    from timetrack.projects.models import Assignment
    from timetrack.tests.factories import AssignmentFactory

    AssignmentFactory(person=cra.p.consultant, start_date=date(2026, 5, 1), end_date=date(2026, 5, 31))
    AssignmentFactory(person=cra.p.colleague, start_date=date(2026, 1, 1))
    for first, last in [(date(2026, 4, 1), date(2026, 4, 30)), (date(2026, 5, 31), date(2026, 6, 2))]:
        by_hand = statements.assignments_overlapping(cra.org.pk, cra.p.consultant.user_id, first, last)
        by_orm = (
            Assignment.objects.for_org(cra.org)
            .filter(user_id=cra.p.consultant.user_id)
            .overlapping(first, last)
        )
        assert sorted(by_hand, key=lambda a: a.pk) == sorted(by_orm, key=lambda a: a.pk)
        assert [a.daily_rate for a in sorted(by_hand, key=lambda a: a.pk)] == [
            a.daily_rate for a in sorted(by_orm, key=lambda a: a.pk)
        ]
    assert (
        len(
            statements.assignments_overlapping(
                cra.org.pk, cra.p.consultant.user_id, date(2026, 5, 2), date(2026, 5, 3)
            )
        )
        == 2
    )
