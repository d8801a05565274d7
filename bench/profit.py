"""Profitability over a year for the large organisation's 500 projects: the engine that feeds the projects
table, the table's page and the API report, beside the raw SQL aggregate over the entries that computes the
same sums (hours, billable hours, hours × the TJM and × the CJM in force each day, per project), which is
what the project rollup saves us from."""

from datetime import date, timedelta

from django.db import connection
from django.test import Client
from django.utils import timezone

from bench.people import bearer, large_org
from bench.timing import measure, save
from timetrack.orgs.models import Membership
from timetrack.profitability import engine
from timetrack.profitability.models import AssignmentRate, CostRate, ProjectRollup
from timetrack.projects.models import Assignment, Project
from timetrack.timesheets.models import TimeEntry

# Per project over [start, end]: the period's hours, billable hours and their value at the TJM of the day
# (the assignment covering the day, latest started first; its own rate, else the latest TJM change on or
# before the day), the cost at the CJM of the day, and the hours from the beginning to the end of the
# period (budget consumption). Values in €·h/day, like ProjectRollup.
RAW = """
SELECT e.project_id,
       SUM(e.hours) FILTER (WHERE e.date >= %(start)s),
       SUM(e.hours) FILTER (WHERE e.date >= %(start)s AND t.billable),
       SUM(e.hours * sell.rate) FILTER (WHERE e.date >= %(start)s AND t.billable),
       SUM(e.hours * cost.rate) FILTER (WHERE e.date >= %(start)s),
       SUM(e.hours)
FROM timesheets_timeentry e
JOIN timesheets_activitytype t ON t.id = e.activity_type_id
LEFT JOIN LATERAL (
    SELECT COALESCE(
               (SELECT r.daily_rate FROM profitability_assignmentrate r
                WHERE r.assignment_id = a.id AND r.effective_from <= e.date
                ORDER BY r.effective_from DESC LIMIT 1),
               a.daily_rate) AS rate
    FROM projects_assignment a
    WHERE a.organization_id = e.organization_id AND a.user_id = e.user_id AND a.project_id = e.project_id
      AND a.start_date <= e.date AND (a.end_date IS NULL OR a.end_date >= e.date)
    ORDER BY a.start_date DESC, a.id DESC
    LIMIT 1
) sell ON TRUE
LEFT JOIN LATERAL (
    SELECT c.daily_cost AS rate FROM profitability_costrate c
    WHERE c.organization_id = e.organization_id AND c.user_id = e.user_id AND c.effective_from <= e.date
    ORDER BY c.effective_from DESC
    LIMIT 1
) cost ON TRUE
WHERE e.organization_id = %(org)s AND e.project_id IS NOT NULL AND e.date <= %(end)s
GROUP BY e.project_id
"""


def year() -> tuple[date, date]:
    """The last twelve whole months: the seeded year."""
    end = timezone.localdate().replace(day=1) - timedelta(days=1)
    start = date(end.year - 1, end.month, 1) + timedelta(days=32)
    return start.replace(day=1), end


def run(*, runs: int) -> None:
    org = large_org()
    start, end = year()
    admin = Membership.objects.select_related("organization", "user").get(
        user__email="admin@grande.timetrack.test"
    )
    browser = Client()
    browser.force_login(admin.user)
    session = browser.session
    session["org_id"] = org.pk
    session.save()
    api = Client(HTTP_AUTHORIZATION=bearer(admin))
    period = {"from": str(start), "to": str(end)}

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW, {"org": org.pk, "start": start, "end": end})
            return cursor.fetchall()

    def figures():
        return engine.projects(org, start, end)

    def table_page():
        response = browser.get("/rentabilite/", {"period": "custom", "start": str(start), "end": str(end)})
        assert response.status_code == 200, response.status_code

    def report():
        response = api.get("/api/v1/reports/profitability", period)
        assert response.status_code == 200, response.status_code

    check = _same_sums(org, figures(), raw())
    ids = Project.objects.for_org(org).values("pk")  # as the engine passes them: a subquery
    this_month = timezone.localdate().replace(day=1)
    ranges = {  # the ranges the engine asks in one rollup query
        "period": (start, end),
        "before": (None, start - timedelta(days=1)),
        "before_this_month": (None, this_month - timedelta(days=1)),
    }
    result = {
        "organisation": org.name,
        "people": Membership.objects.for_org(org).count(),
        "projects": ids.count(),
        "assignments": Assignment.objects.for_org(org).count(),
        "cost_rates": CostRate.objects.for_org(org).count(),
        "assignment_rates": AssignmentRate.objects.for_org(org).count(),
        "entries_in_organisation": TimeEntry.objects.for_org(org).count(),
        "project_rollup_rows": ProjectRollup.objects.for_org(org).count(),
        "period": f"{start}/{end}",
        "engine_and_raw_sql_agree": check,
        "raw_sql_aggregate_over_entries": measure(raw, runs=max(5, runs // 6), warmup=1),
        "engine_projects_500": measure(figures, runs=runs),
        # the same read on the 27th of a month: the forecast's "until today" reads that month's entries
        "engine_projects_500_on_a_27th": measure(
            lambda: engine.projects(org, start, end, today=end.replace(day=27)), runs=runs
        ),
        "projects_table_page": measure(table_page, runs=runs),
        # what the engine spends its time on (the same calls it makes)
        "engine_part_work_sums": measure(
            lambda: engine.work_sums(org, ranges, project_ids=ids, light={"before", "before_this_month"}),
            runs=runs,
        ),
        "engine_part_burn_hours": measure(lambda: engine.burn_hours(org, end, project_ids=ids), runs=runs),
        "engine_part_planned_days": measure(
            lambda: engine.planned_days(org, timezone.localdate(), project_ids=ids), runs=runs
        ),
        "measured_on": date.today(),
    }
    if api.get("/api/v1/reports/profitability", period).status_code == 404:
        result["api_reports_profitability"] = "route not found (404): not measured"
    else:
        result["api_reports_profitability"] = measure(report, runs=runs)
    save("profit", result)


def _same_sums(org, figures, rows) -> str:
    """The engine's period figures of time-and-materials projects against the raw aggregate's."""
    hpd = org.hours_per_day
    by_project = {f.project.pk: f for f in figures}
    compared = 0
    for project_id, hours, _billable, sell, cost, upto in rows:
        f = by_project[project_id]
        assert abs(f.money.worked_days - (hours or 0) / hpd) < 0.01, f.project
        assert abs(f.money.cost - (cost or 0) / hpd) < 0.01, f.project
        assert abs(f.consumed_days - upto / hpd) < 0.01, f.project
        if f.project.billing_mode == "time_and_materials":
            assert abs(f.money.revenue - (sell or 0) / hpd) < 0.01, f.project
        compared += 1
    return f"yes, {compared} projects"
