from datetime import date
from decimal import Decimal

import pytest

from timetrack.tests.factories import AssignmentFactory, ProjectFactory
from timetrack.timesheets.models import TimeEntry, TimesheetStatus
from timetrack.timesheets.selectors import timesheet_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/time-entries"


def post(client, **body):
    return client.post(URL, body, format="json")


def test_it_creates_an_entry_and_answers_hours_and_days(cra):
    client = cra.p.api(cra.p.consultant)
    response = post(client, date="2026-03-02", activity_type="project", project=cra.project.pk, days="0.5")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["hours"] == "3.50"
    assert body["days"] == "0.50"
    assert body["user"] == cra.p.consultant.user_id
    assert body["activity_type"] == "project"
    assert body["project"] == cra.project.pk
    assert body["date"] == "2026-03-02"


def test_it_accepts_hours(cra):
    response = post(cra.p.api(cra.p.consultant), date="2026-03-02", activity_type="training", hours="3.5")
    assert response.status_code == 201
    assert response.json()["days"] == "0.50"


def test_posting_the_same_cell_again_updates_it(cra):
    client = cra.p.api(cra.p.consultant)
    post(client, date="2026-03-02", activity_type="training", hours="2")
    response = post(client, date="2026-03-02", activity_type="training", hours="3")
    assert response.status_code == 200
    assert TimeEntry.objects.count() == 1
    assert TimeEntry.objects.get().hours == Decimal("3")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"date": "2026-03-02", "activity_type": "training"}, {"hours", "days"}),
        ({"date": "2026-03-02", "activity_type": "training", "hours": "1", "days": "1"}, {"hours", "days"}),
        ({"date": "2026-03-02", "activity_type": "training", "hours": "-1"}, {"hours"}),
        ({"date": "2026-03-02", "activity_type": "training", "days": "0.3"}, {"days"}),
        ({"date": "2026-03-02", "activity_type": "training", "hours": "25"}, {"hours"}),
        ({"date": "2026-03-02", "activity_type": "training", "hours": "abc"}, {"hours"}),
        ({"date": "2026-02-30", "activity_type": "training", "hours": "1"}, {"date"}),
        ({"date": "2026-03-02", "activity_type": "golf", "hours": "1"}, {"activity_type"}),
        ({"date": "2026-03-02", "activity_type": "project", "days": "1"}, {"project"}),
        ({"date": "2026-03-02", "activity_type": "project", "project": 999999, "days": "1"}, {"project"}),
        ({"date": "2026-03-02", "activity_type": "training", "hours": "0"}, {"hours"}),
    ],
)
def test_bad_input_names_the_field(cra, body, fields):
    response = post(cra.p.api(cra.p.consultant), **body)
    assert response.status_code == 400
    assert fields <= set(response.json()), response.json()
    assert not TimeEntry.objects.exists()


def test_project_work_needs_an_assignment_on_that_date(cra):
    other = ProjectFactory(organization=cra.org)
    response = post(
        cra.p.api(cra.p.consultant), date="2026-03-02", activity_type="project", project=other.pk, days="1"
    )
    assert response.status_code == 400
    assert "affecté" in response.json()["project"][0]


def test_another_organisations_project_is_unknown(cra):
    foreign = ProjectFactory(organization=cra.p.other_org)
    response = post(
        cra.p.api(cra.p.consultant), date="2026-03-02", activity_type="project", project=foreign.pk, days="1"
    )
    assert response.status_code == 400
    assert "project" in response.json()


def test_more_than_a_day_in_a_day_is_refused(cra):
    client = cra.p.api(cra.p.consultant)
    post(client, date="2026-03-02", activity_type="project", project=cra.project.pk, days="1")
    response = post(client, date="2026-03-02", activity_type="training", days="0.25")
    assert response.status_code == 400
    assert "days" in response.json()


def test_a_submitted_month_answers_409(cra):
    client = cra.p.api(cra.p.consultant)
    entry_id = post(client, date="2026-03-02", activity_type="training", hours="2").json()["id"]
    sheet = timesheet_for(org=cra.org, user_id=cra.p.consultant.user_id, month=date(2026, 3, 1))
    sheet.status = TimesheetStatus.SUBMITTED
    sheet.save()
    assert post(client, date="2026-03-03", activity_type="training", hours="2").status_code == 409
    assert client.patch(f"{URL}/{entry_id}", {"hours": "3"}, format="json").status_code == 409
    assert client.delete(f"{URL}/{entry_id}").status_code == 409
    assert TimeEntry.objects.get().hours == Decimal("2")


def test_patch_moves_and_changes_an_entry(cra):
    client = cra.p.api(cra.p.consultant)
    entry_id = post(client, date="2026-03-02", activity_type="training", hours="2").json()["id"]
    response = client.patch(f"{URL}/{entry_id}", {"date": "2026-03-03", "days": "1"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["date"] == "2026-03-03"
    assert response.json()["hours"] == "7.00"
    assert TimeEntry.objects.count() == 1


def test_patch_onto_a_taken_cell_is_refused(cra):
    client = cra.p.api(cra.p.consultant)
    first = post(client, date="2026-03-02", activity_type="training", hours="2").json()["id"]
    post(client, date="2026-03-03", activity_type="training", hours="2")
    response = client.patch(f"{URL}/{first}", {"date": "2026-03-03"}, format="json")
    assert response.status_code == 400
    assert "date" in response.json()
    assert TimeEntry.objects.count() == 2


def test_delete_removes_the_entry(cra):
    client = cra.p.api(cra.p.consultant)
    entry_id = post(client, date="2026-03-02", activity_type="training", hours="2").json()["id"]
    assert client.delete(f"{URL}/{entry_id}").status_code == 204
    assert not TimeEntry.objects.exists()


def test_list_filters_by_user_dates_and_project(cra):
    client = cra.p.api(cra.p.consultant)
    post(client, date="2026-03-02", activity_type="project", project=cra.project.pk, days="1")
    post(client, date="2026-03-03", activity_type="training", days="1")
    post(client, date="2026-04-01", activity_type="training", days="1")
    rows = client.get(URL, {"from": "2026-03-01", "to": "2026-03-31"}).json()["results"]
    assert [r["date"] for r in rows] == ["2026-03-02", "2026-03-03"]
    rows = client.get(URL, {"project": cra.project.pk}).json()["results"]
    assert [r["activity_type"] for r in rows] == ["project"]
    assert client.get(URL, {"from": "yesterday"}).status_code == 400


def test_a_consultant_sees_only_their_own_entries(cra):
    post(cra.p.api(cra.p.colleague), date="2026-03-02", activity_type="training", hours="2")
    mine = post(cra.p.api(cra.p.consultant), date="2026-03-02", activity_type="training", hours="2").json()
    client = cra.p.api(cra.p.consultant)
    assert [r["id"] for r in client.get(URL).json()["results"]] == [mine["id"]]
    assert client.get(URL, {"user": cra.p.colleague.user_id}).json()["count"] == 0
    colleague_entry = TimeEntry.objects.exclude(pk=mine["id"]).get()
    assert client.get(f"{URL}/{colleague_entry.pk}").status_code == 403


def test_a_consultant_cannot_write_for_someone_else(cra):
    body = {"user": cra.p.colleague.user_id, "date": "2026-03-02", "activity_type": "training", "hours": "2"}
    assert post(cra.p.api(cra.p.consultant), **body).status_code == 403
    assert not TimeEntry.objects.exists()


def test_the_manager_writes_for_their_report_not_for_others(cra):
    client = cra.p.api(cra.p.manager)
    mine = {"user": cra.p.consultant.user_id, "date": "2026-03-02", "activity_type": "training", "hours": "2"}
    assert post(client, **mine).status_code == 201
    theirs = {**mine, "user": cra.p.colleague.user_id}
    assert post(client, **theirs).status_code == 403


def test_naming_a_user_of_another_organisation_is_a_400(cra):
    body = {"user": cra.p.other.user_id, "date": "2026-03-02", "activity_type": "training", "hours": "2"}
    response = post(cra.p.api(cra.p.admin), **body)
    assert response.status_code == 400
    assert "user" in response.json()


def test_another_organisations_entry_is_a_404(cra):
    entry_id = post(
        cra.p.api(cra.p.consultant), date="2026-03-02", activity_type="training", hours="2"
    ).json()["id"]
    client = cra.p.api(cra.p.other)
    assert client.get(f"{URL}/{entry_id}").status_code == 404
    assert client.patch(f"{URL}/{entry_id}", {"hours": "1"}, format="json").status_code == 404
    assert client.delete(f"{URL}/{entry_id}").status_code == 404
    assert client.get(URL).json()["count"] == 0


def test_the_list_query_count_does_not_grow_with_entries(cra, django_assert_max_num_queries):
    client = cra.p.api(cra.p.consultant)
    AssignmentFactory(person=cra.p.consultant, start_date=date(2026, 1, 1))
    for day in range(2, 28):
        post(client, date=f"2026-03-{day:02d}", activity_type="training", hours="1")
    with django_assert_max_num_queries(6):
        assert client.get(URL, {"page_size": 100}).json()["count"] == 26
