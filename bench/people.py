"""Pick the benchmark's consultants in the large organisation and give them API tokens."""

from datetime import date

from django.db.models import Count

from timetrack.accounts.services import issue_token
from timetrack.orgs.models import Membership, Organization, Role

FUTURE = date(2027, 1, 1)  # the benchmarks write after the seeded months, so they never touch them


def large_org() -> Organization:
    org = Organization.objects.filter(slug="grande-esn").first()
    if org is None:
        raise SystemExit("No « Grande ESN »: run seed_demo --large --consultants 2000 --months 12 first.")
    return org


def busiest_consultants(org, count: int) -> list[Membership]:
    """Full-time consultants employed beyond the benchmark's dates, the ones with most entries first."""
    return list(
        Membership.objects.for_org(org)
        .filter(role=Role.CONSULTANT, end_date__isnull=True, contract_ratio=1)
        .annotate(entries=Count("user__time_entries"))
        .select_related("organization", "user", "agency")
        .order_by("-entries", "user_id")[:count]
    )


def bearer(membership: Membership) -> str:
    return "Bearer " + issue_token(membership=membership, name="bench", days=1)[1]


def forget_future(org, user_ids) -> None:
    """Remove what a benchmark wrote after the seeded months, and its rollup."""
    from timetrack.timesheets.models import TimeEntry
    from timetrack.timesheets.services import rebuild_rollups

    TimeEntry.objects.for_org(org).filter(user_id__in=user_ids, date__gte=FUTURE).delete()
    rebuild_rollups(org, months=[date(FUTURE.year, month, 1) for month in range(1, 13)])
    vacuum()


CHURNED = [
    "timesheets_timeentry",
    "timesheets_monthlyrollup",
    "profitability_projectrollup",
    "timesheets_timesheet",
    "accounts_apitoken",
]


def vacuum() -> None:
    """Clear the dead rows a benchmark leaves (each run writes then deletes thousands of rows): this
    machine's PostgreSQL runs with autovacuum off, and without this every run would be slower than the
    last."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {', '.join(CHURNED)}")
