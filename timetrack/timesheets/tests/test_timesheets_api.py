from datetime import date, timedelta

import pytest

from timetrack.timesheets.models import Timesheet, TimesheetStatus

pytestmark = pytest.mark.django_db
URL = "/api/v1/timesheets"


def fill_march(cra, client):
    """Every working day of March 2026 (22 days), one day of mission each."""
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(31)]
    entries = [
        {"date": str(d), "activity_type": "project", "project": cra.project.pk, "days": "1"}
        for d in days
        if d.weekday() < 5
    ]
    response = client.post("/api/v1/time-entries/bulk", {"entries": entries}, format="json")
    assert response.json() == {"saved": 22, "cleared": 0}


def test_asking_for_a_month_creates_its_draft(cra):
    client = cra.p.api(cra.p.consultant)
    body = client.get(URL, {"user": cra.p.consultant.user_id, "month": "2026-03"}).json()
    assert body["count"] == 1
    sheet = body["results"][0]
    assert sheet["month"] == "2026-03"
    assert sheet["status"] == "draft"
    assert sheet["total_days"] == "0.00"
    assert sheet["user"] == cra.p.consultant.user_id
    assert Timesheet.objects.count() == 1
    client.get(URL, {"user": cra.p.consultant.user_id, "month": "2026-03"})
    assert Timesheet.objects.count() == 1


def test_the_totals_follow_the_entries(cra):
    client = cra.p.api(cra.p.consultant)
    fill_march(cra, client)
    sheet = client.get(URL, {"month": "2026-03"}).json()["results"][0]
    assert (sheet["total_days"], sheet["total_hours"]) == ("22.00", "154.00")
    assert client.get(f"{URL}/{sheet['id']}").json()["total_hours"] == "154.00"


def test_submit_locks_the_month(cra):
    client = cra.p.api(cra.p.consultant)
    fill_march(cra, client)
    sheet_id = client.get(URL, {"month": "2026-03"}).json()["results"][0]["id"]
    response = client.post(f"{URL}/{sheet_id}/submit")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert response.json()["submitted_at"] is not None
    extra = {"date": "2026-03-07", "activity_type": "training", "days": "1"}
    assert client.post("/api/v1/time-entries", extra, format="json").status_code == 409
    assert client.post(f"{URL}/{sheet_id}/submit").status_code == 409


def test_an_incomplete_month_cannot_be_submitted(cra):
    client = cra.p.api(cra.p.consultant)
    client.post(
        "/api/v1/time-entries",
        {"date": "2026-03-02", "activity_type": "project", "project": cra.project.pk, "days": "1"},
        format="json",
    )
    sheet_id = client.get(URL, {"month": "2026-03"}).json()["results"][0]["id"]
    response = client.post(f"{URL}/{sheet_id}/submit")
    assert response.status_code == 400
    assert "21 jour(s)" in response.json()["month"][0]
    assert Timesheet.objects.get().status == TimesheetStatus.DRAFT


def test_the_organisation_can_allow_incomplete_months(cra):
    cra.org.require_complete_month = False
    cra.org.save()
    client = cra.p.api(cra.p.consultant)
    sheet_id = client.get(URL, {"month": "2026-03"}).json()["results"][0]["id"]
    assert client.post(f"{URL}/{sheet_id}/submit").status_code == 200


def test_a_consultant_cannot_submit_a_colleagues_month(cra):
    sheet_id = cra.p.api(cra.p.colleague).get(URL, {"month": "2026-03"}).json()["results"][0]["id"]
    client = cra.p.api(cra.p.consultant)
    assert client.post(f"{URL}/{sheet_id}/submit").status_code == 403
    assert client.get(f"{URL}/{sheet_id}").status_code == 403


def test_another_organisations_timesheet_is_a_404(cra):
    sheet_id = cra.p.api(cra.p.consultant).get(URL, {"month": "2026-03"}).json()["results"][0]["id"]
    client = cra.p.api(cra.p.other)
    assert client.get(f"{URL}/{sheet_id}").status_code == 404
    assert client.post(f"{URL}/{sheet_id}/submit").status_code == 404
    assert client.get(URL, {"user": cra.p.consultant.user_id, "month": "2026-03"}).json()["count"] == 0


def test_a_manager_lists_the_months_of_their_team(cra):
    for persona in (cra.p.consultant, cra.p.colleague):
        cra.p.api(persona).get(URL, {"month": "2026-03"})
    rows = cra.p.api(cra.p.manager).get(URL, {"month": "2026-03"}).json()["results"]
    assert {r["user"] for r in rows} == {cra.p.consultant.user_id, cra.p.manager.user_id}


@pytest.mark.parametrize("params", [{"month": "march"}, {"month": "2026-13"}, {"user": "me"}])
def test_bad_filters_are_a_400(cra, params):
    assert cra.p.api(cra.p.consultant).get(URL, params).status_code == 400


def test_filter_by_status(cra):
    client = cra.p.api(cra.p.consultant)
    client.get(URL, {"month": "2026-03"})
    assert client.get(URL, {"status": "submitted"}).json()["count"] == 0
    assert client.get(URL, {"status": "draft"}).json()["count"] == 1


def test_a_part_timer_may_leave_their_days_off_empty(cra):
    from decimal import Decimal

    cra.p.consultant.contract_ratio = Decimal("0.80")
    cra.p.consultant.save()
    client = cra.p.api(cra.p.consultant)
    # March 2026: 22 worked days; 80 % leaves ⌊22 × 0.2⌋ = 4 days off. Fill all but the 4 Wednesdays.
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(31)]
    entries = [
        {"date": str(d), "activity_type": "project", "project": cra.project.pk, "days": "1"}
        for d in days
        if d.weekday() < 5 and d.weekday() != 2
    ]
    client.post("/api/v1/time-entries/bulk", {"entries": entries}, format="json")
    sheet_id = client.get(URL, {"month": "2026-03"}).json()["results"][0]["id"]
    assert client.post(f"{URL}/{sheet_id}/submit").status_code == 200


def test_a_part_timer_missing_one_more_day_cannot_submit(cra):
    from decimal import Decimal

    cra.p.consultant.contract_ratio = Decimal("0.80")
    cra.p.consultant.save()
    client = cra.p.api(cra.p.consultant)
    days = [date(2026, 3, 1) + timedelta(days=i) for i in range(31)]
    entries = [
        {"date": str(d), "activity_type": "project", "project": cra.project.pk, "days": "1"}
        for d in days
        if d.weekday() < 5 and d.weekday() != 2 and d != date(2026, 3, 2)
    ]
    client.post("/api/v1/time-entries/bulk", {"entries": entries}, format="json")
    sheet_id = client.get(URL, {"month": "2026-03"}).json()["results"][0]["id"]
    response = client.post(f"{URL}/{sheet_id}/submit")
    assert response.status_code == 400
    assert "1 jour(s)" in response.json()["month"][0]
