"""Bulk upsert throughput: a year of cells for one consultant per request, through the API (in-process)."""

import time
from datetime import date, timedelta

from django.test import Client

from bench.people import FUTURE, bearer, busiest_consultants, forget_future, large_org
from bench.timing import save

CODES = ["internal", "training", "presales", "bench"]


def run(*, runs: int) -> None:
    org = large_org()
    person = busiest_consultants(org, 1)[0]
    schedule = person.schedule()
    days = schedule.worked_days(FUTURE, FUTURE + timedelta(days=364))
    api = Client(HTTP_AUTHORIZATION=bearer(person))
    rates = []
    for run_index in range(runs):
        quantity = "0.25" if run_index % 2 == 0 else "0"  # create every cell, then clear every cell
        entries = [{"date": str(d), "activity_type": c, "days": quantity} for d in days for c in CODES]
        started = time.perf_counter()
        response = api.post(
            "/api/v1/time-entries/bulk", {"entries": entries}, content_type="application/json"
        )
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, response.content[:500]
        rates.append(len(entries) / elapsed)
    forget_future(org, [person.user_id])
    rates.sort()
    save(
        "bulk",
        {
            "entries_per_request": len(days) * len(CODES),
            "requests": runs,
            "entries_per_second_median": round(rates[len(rates) // 2]),
            "entries_per_second_min": round(rates[0]),
            "measured_on": date.today(),
        },
    )
