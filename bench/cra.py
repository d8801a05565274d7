"""The consultant's month: open the grid, save one cell (API and grid), server time in-process."""

from datetime import date, timedelta

from django.test import Client
from django.utils import timezone

from bench.people import FUTURE, bearer, busiest_consultants, forget_future, large_org
from bench.timing import measure, save
from timetrack.timesheets.models import TimeEntry
from timetrack.timesheets.selectors import activity_type_by_code


def run(*, runs: int) -> None:
    org = large_org()
    person = busiest_consultants(org, 1)[0]
    entries_in_org = TimeEntry.objects.for_org(org).count()
    month = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)  # a full seeded month
    browser = Client()
    browser.force_login(person.user)
    api = Client(HTTP_AUTHORIZATION=bearer(person))

    def open_grid():
        response = browser.get(f"/cra/{month.year}/{month.month}/")
        assert response.status_code == 200, response.status_code

    values = iter(["0.25", "0.5"] * (runs + 10))

    def save_api():
        body = {"date": str(FUTURE), "activity_type": "training", "days": next(values)}
        response = api.post("/api/v1/time-entries", body, content_type="application/json")
        assert response.status_code in (200, 201), response.content

    training = activity_type_by_code(org, "training")
    grid_key = f"{training.pk}-0"  # the grid's row slug: activity type id - project id (0: none)
    period = f"{FUTURE:%Y-%m}"

    def save_grid():
        response = browser.post(
            f"/cra/{period}/cellule/",
            {"row": grid_key, "day": str(FUTURE + timedelta(days=1)), "value": next(values)},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200, response.status_code

    result = {
        "organisation": org.name,
        "entries_in_organisation": entries_in_org,
        "person_entries": TimeEntry.objects.for_org(org).filter(user_id=person.user_id).count(),
        "month": f"{month:%Y-%m}",
        "open_month_grid": measure(open_grid, runs=runs),
        "save_one_cell_api": measure(save_api, runs=runs),
        "save_one_cell_grid": measure(save_grid, runs=runs),
        "measured_on": date.today(),
    }
    forget_future(org, [person.user_id])
    save("cra", result)
