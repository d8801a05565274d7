from datetime import date, timedelta
from decimal import Decimal

import pytest

from timetrack.timesheets.models import TimeEntry

pytestmark = pytest.mark.django_db
URL = "/api/v1/time-entries/bulk"


def week(cra, start=date(2026, 3, 2), days="1"):
    return [
        {
            "date": str(start + timedelta(days=i)),
            "activity_type": "project",
            "project": cra.project.pk,
            "days": days,
        }
        for i in range(5)
    ]


def test_it_upserts_a_week_in_one_request(cra):
    client = cra.p.api(cra.p.consultant)
    response = client.post(URL, {"entries": week(cra)}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json() == {"saved": 5, "cleared": 0}
    assert TimeEntry.objects.count() == 5
    response = client.post(URL, {"entries": week(cra, days="0.5")}, format="json")
    assert TimeEntry.objects.count() == 5
    assert set(TimeEntry.objects.values_list("hours", flat=True)) == {Decimal("3.5")}


def test_a_zero_clears_the_cell(cra):
    client = cra.p.api(cra.p.consultant)
    client.post(URL, {"entries": week(cra)}, format="json")
    response = client.post(URL, {"entries": week(cra, days="0")}, format="json")
    assert response.json() == {"saved": 0, "cleared": 5}
    assert not TimeEntry.objects.exists()


def test_one_bad_entry_saves_nothing_and_names_its_index_and_field(cra):
    entries = week(cra)
    entries[3]["date"] = "2025-12-01"  # before the assignment
    response = cra.p.api(cra.p.consultant).post(URL, {"entries": entries}, format="json")
    assert response.status_code == 400
    assert "project" in response.json()["entries"]["3"]
    assert not TimeEntry.objects.exists()


def test_a_malformed_entry_names_its_index(cra):
    entries = week(cra)
    entries[1]["days"] = "beaucoup"
    response = cra.p.api(cra.p.consultant).post(URL, {"entries": entries}, format="json")
    assert response.status_code == 400
    assert "days" in response.json()["entries"]["1"]


@pytest.mark.parametrize("body", [{}, {"entries": []}, {"entries": "x"}, [1, 2]])
def test_it_refuses_a_body_without_entries(cra, body):
    response = cra.p.api(cra.p.consultant).post(URL, body, format="json")
    assert response.status_code == 400


def test_a_month_bulk_runs_in_a_bounded_number_of_queries(cra, django_assert_max_num_queries):
    client = cra.p.api(cra.p.consultant)
    entries = [
        {"date": str(date(2026, 3, 1) + timedelta(days=i)), "activity_type": "training", "hours": "7"}
        for i in range(31)
    ]
    with django_assert_max_num_queries(20):
        assert client.post(URL, {"entries": entries}, format="json").status_code == 200
    assert TimeEntry.objects.count() == 31
