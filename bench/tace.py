"""TACE over a year for the whole large organisation: the engine and the API, beside the raw SQL aggregate
over the entries that computes the same sums (what the monthly rollup saves us from)."""

from datetime import date

from django.db import connection
from django.test import Client

from bench.people import bearer, large_org
from bench.timing import measure, save
from timetrack.kpis import tace
from timetrack.orgs.models import Membership
from timetrack.timesheets.models import MonthlyRollup, TimeEntry

START, END = date(2025, 12, 1), date(2026, 11, 30)

RAW = """
SELECT e.user_id,
       SUM(CASE WHEN a.counts_as_leave THEN e.hours ELSE 0 END),
       SUM(CASE WHEN a.billable THEN e.hours ELSE 0 END),
       SUM(CASE WHEN a.code = 'bench' THEN e.hours ELSE 0 END)
FROM timesheets_timeentry e JOIN timesheets_activitytype a ON a.id = e.activity_type_id
WHERE e.organization_id = %s AND e.date BETWEEN %s AND %s
GROUP BY e.user_id
"""


def run(*, runs: int) -> None:
    org = large_org()
    admin = Membership.objects.select_related("organization", "user").get(
        user__email="admin@grande.timetrack.test"
    )
    api = Client(HTTP_AUTHORIZATION=bearer(admin))

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(RAW, [org.pk, START, END])
            cursor.fetchall()

    def report(group_by):
        def call():
            response = api.get(
                "/api/v1/reports/tace", {"from": str(START), "to": str(END), "group_by": group_by}
            )
            assert response.status_code == 200

        return call

    def dashboard():
        # What the organisation dashboard needs: the year's monthly trend and the ranking of people.
        tace.by_month(org, START, END)
        tace.by_user(org, START, END)

    result = {
        "organisation": org.name,
        "people": Membership.objects.for_org(org).count(),
        "entries_in_organisation": TimeEntry.objects.for_org(org).count(),
        "rollup_rows": MonthlyRollup.objects.for_org(org).count(),
        "period": f"{START}/{END}",
        "raw_sql_aggregate_over_entries": measure(raw, runs=max(5, runs // 4)),
        "api_tace_group_by_user": measure(report("user"), runs=runs),
        "api_tace_group_by_month": measure(report("month"), runs=runs),
        "api_tace_group_by_team": measure(report("team"), runs=runs),
        "organisation_dashboard_data": measure(dashboard, runs=runs),
        "measured_on": date.today(),
    }
    save("tace", result)
