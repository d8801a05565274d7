"""A bounded load test on loopback: simulated consultants auto-saving cells against gunicorn + PostgreSQL.

Each simulated consultant is a thread with its own keep-alive connection and Bearer token; it saves one
cell (POST /api/v1/time-entries) on a fixed schedule, like a grid auto-saving as someone types, so the
offered load is ``rate`` saves per second whatever the server does. Latency is measured from the
scheduled send time (no coordinated omission), after ``warmup`` seconds of the same load (the server's
first requests open its database connections and fill its caches); errors are counted from the first
request. Afterwards the database is checked: every acknowledged cell holds the last acknowledged value,
and there is exactly one row per cell (nothing lost, nothing duplicated). Only 127.0.0.1 is contacted;
the run stops by itself after ``warmup + seconds``.
"""

import http.client
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

from bench.people import FUTURE, bearer, busiest_consultants, forget_future, large_org
from bench.timing import percentile, save
from timetrack.accounts.models import ApiToken
from timetrack.profitability.models import ProjectRollup
from timetrack.projects.models import Assignment
from timetrack.timesheets.models import MonthlyRollup, TimeEntry

PORT = 8765
# Two cells a day at 0.25 or 0.5 day: never over one day. ``project`` puts project work in one of them.
CELLS = {"activities": ("internal", "training"), "project": ("project", "internal")}
VALUES = (Decimal("0.25"), Decimal("0.5"))


def _start_server(workers: int, threads: int) -> subprocess.Popen:
    env = {**os.environ, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "config.settings.base"}
    server = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not answer /healthz within 30 s")


class Consultant(threading.Thread):
    def __init__(
        self, token: str, cells: list, interval: float, times: tuple[float, float, float], seed: int
    ):
        super().__init__(daemon=True)
        self.token, self.cells, self.interval = token, cells, interval
        self.start_at, self.measure_from, self.stop_at = times
        self.rng = random.Random(seed)
        self.acknowledged: dict[tuple, Decimal] = {}
        self.latencies: list[float] = []
        self.service_times: list[float] = []
        self.errors: list[str] = []
        self.ok = 0

    def run(self):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
        headers = {"Authorization": self.token, "Content-Type": "application/json"}
        scheduled = self.start_at + self.rng.random() * self.interval
        while scheduled < self.stop_at:
            pause = scheduled - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            day, code, project = self.rng.choice(self.cells)
            value = self.rng.choice(VALUES)
            body = {"date": str(day), "activity_type": code, "days": str(value)}
            body = json.dumps(body if project is None else {**body, "project": project})
            sent = time.perf_counter()
            try:
                connection.request("POST", "/api/v1/time-entries", body, headers)
                response = connection.getresponse()
                payload = response.read()
            except OSError as exc:
                self.errors.append(repr(exc))
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            else:
                done = time.perf_counter()
                measured = scheduled >= self.measure_from
                if measured:
                    self.latencies.append((done - scheduled) * 1000)
                    self.service_times.append((done - sent) * 1000)
                if response.status in (200, 201):
                    self.acknowledged[(day, code)] = value  # warm-up saves are checked in the database too
                    self.ok += measured
                else:
                    self.errors.append(f"{response.status} {payload[:200]!r}")
            scheduled += self.interval
        connection.close()


def run(
    *, seconds: int, warmup: int, rate: float, consultants: int, workers: int, threads: int, cells: str
) -> None:
    org = large_org()
    people = busiest_consultants(org, consultants)
    user_ids = [p.user_id for p in people]
    forget_future(org, user_ids)
    tokens = [bearer(p) for p in people]
    last = FUTURE + timedelta(days=180)
    projects = _staff(org, people, last) if cells == "project" else {}
    cells_of = {
        p.user_id: [
            (d, code, projects.get(p.user_id) if code == "project" else None)
            for d in p.schedule().worked_days(FUTURE, last)
            for code in CELLS[cells]
        ]
        for p in people
    }
    server = _start_server(workers, threads)
    try:
        interval = consultants / rate
        start_at = time.perf_counter() + 1
        measure_from = start_at + warmup
        stop_at = measure_from + seconds
        crowd = [
            Consultant(
                token, cells_of[p.user_id], interval, (start_at, measure_from, stop_at), seed=p.user_id
            )
            for p, token in zip(people, tokens, strict=True)
        ]
        for consultant in crowd:
            consultant.start()
        for consultant in crowd:
            consultant.join(timeout=warmup + seconds + 60)
        elapsed = time.perf_counter() - measure_from
    finally:
        server.terminate()
        server.wait(timeout=30)
    result = _verify(org, people, crowd, elapsed, rate, warmup, workers, threads)
    result["cells"] = f"{cells}: {', '.join(CELLS[cells])}"
    forget_future(org, user_ids)
    Assignment.objects.for_org(org).filter(user_id__in=user_ids, start_date=FUTURE).delete()
    ApiToken.objects.for_org(org).filter(name="bench").delete()
    save(f"load-{rate:g}" + ("-project" if cells == "project" else ""), result)


def _rollups_checked(org, user_ids) -> dict:
    """The monthly and project rollups of the benchmark's months against the entries they sum (both are
    moved by every save, under the same lock): the number of rollup cells that disagree."""
    entries = TimeEntry.objects.for_org(org).filter(user_id__in=user_ids, date__gte=FUTURE)
    by_type, by_project = Counter(), Counter()
    for user_id, day, type_id, project_id, hours in entries.values_list(
        "user_id", "date", "activity_type_id", "project_id", "hours"
    ):
        by_type[(user_id, day.replace(day=1), type_id)] += hours
        if project_id is not None:
            by_project[(user_id, project_id, day.replace(day=1), type_id)] += hours
    scope = {"user_id__in": user_ids, "month__gte": FUTURE}
    monthly = _stored(
        MonthlyRollup.objects.for_org(org).filter(**scope), ["user_id", "month", "activity_type_id"]
    )
    projects = _stored(
        ProjectRollup.objects.for_org(org).filter(**scope),
        ["user_id", "project_id", "month", "activity_type_id"],
    )
    return {
        "monthly_rollup_cells_wrong": _disagreeing(by_type, monthly),
        "project_rollup_cells_wrong": _disagreeing(by_project, projects),
    }


def _stored(rollup, keys: list[str]) -> dict[tuple, object]:
    """{key: hours} of the rollup rows with hours (a cleared cell leaves a row at 0)."""
    return {row[:-1]: row[-1] for row in rollup.values_list(*keys, "hours") if row[-1]}


def _disagreeing(expected: Counter, stored: dict) -> int:
    return sum(1 for key in expected.keys() | stored.keys() if expected[key] != stored.get(key, 0))


def _staff(org, people, last) -> dict[int, int]:
    """Assign each consultant to the project of their latest assignment for the benchmark's days (at
    their TJM), so that their saves of project work pass the rules: {user id: project id}."""
    latest = {}
    for assignment in (
        Assignment.objects.for_org(org).filter(user_id__in=[p.user_id for p in people]).order_by("start_date")
    ):
        latest[assignment.user_id] = assignment
    Assignment.objects.bulk_create(
        [
            Assignment(
                organization=org,
                user_id=user_id,
                project_id=assignment.project_id,
                start_date=FUTURE,
                end_date=last,
                allocation_percent=100,
                daily_rate=assignment.daily_rate,
            )
            for user_id, assignment in latest.items()
        ]
    )
    return {user_id: assignment.project_id for user_id, assignment in latest.items()}


def _verify(org, people, crowd, elapsed, rate, warmup, workers, threads) -> dict:
    latencies = [ms for c in crowd for ms in c.latencies]
    service = [ms for c in crowd for ms in c.service_times]
    errors = [e for c in crowd for e in c.errors]
    expected = {
        (person.user_id, day, code): value
        for person, consultant in zip(people, crowd, strict=True)
        for (day, code), value in consultant.acknowledged.items()
    }
    rows = TimeEntry.objects.for_org(org).filter(user_id__in=[p.user_id for p in people], date__gte=FUTURE)
    stored: dict[tuple, list[Decimal]] = {}
    for user_id, day, code, hours in rows.values_list("user_id", "date", "activity_type__code", "hours"):
        stored.setdefault((user_id, day, code), []).append(hours / org.hours_per_day)
    lost = [key for key, value in expected.items() if stored.get(key) != [value]]
    duplicated = [key for key, values in stored.items() if len(values) > 1]
    unexpected = [key for key in stored if key not in expected]
    ok = sum(c.ok for c in crowd)
    return {
        **_rollups_checked(org, [p.user_id for p in people]),
        "simulated_consultants": len(crowd),
        "offered_saves_per_second": rate,
        "warmup_s": warmup,
        "duration_s": round(elapsed, 1),
        "requests_measured": ok + len(errors),
        "saves_acknowledged": ok,
        "throughput_saves_per_second": round(ok / elapsed, 1),
        "latency_from_schedule_ms": {
            "median": round(percentile(latencies, 0.5), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
        },
        "service_time_ms": {
            "median": round(percentile(service, 0.5), 1),
            "p95": round(percentile(service, 0.95), 1),
        },
        "errors": len(errors),
        "error_samples": errors[:5],
        "cells_acknowledged": len(expected),
        "cells_lost_or_wrong": len(lost),
        "cells_duplicated": len(duplicated),
        "cells_unexpected": len(unexpected),
        "server": f"gunicorn gthread, {workers} workers x {threads} threads, PostgreSQL on the same 2 cores",
        "entries_in_organisation": TimeEntry.objects.for_org(org).count(),
        "measured_on": date.today(),
    }
