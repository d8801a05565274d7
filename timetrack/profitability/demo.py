"""Demo profitability: a CJM for every person, TJMs on the assignments, dates and budgets on the projects.

"Démo ESN" must always show the same situations, whatever day it is seeded: healthy time-and-materials
projects (margin rate 30–45 %), one project near its budget, one fixed price that overruns (its revenue
capped at the price, a negative margin) and one project with a thin margin. The demo CRAs depend on the
current date, so the budgets and the rates that decide these states are sized from what the CRAs actually
logged, after they are written. Then the project rollup is rebuilt and the alerts are evaluated, so the
alerts exist too.

"Grande ESN" (the benchmarks' organisation) gets its rates before its CRAs are written
(``seed_large_rates``, called by ``timesheets.demo.seed_activity``), so its one rollup rebuild values them.

Rates are written with bulk_create, not through ``services`` (which re-derive a person's rollup per call):
a seed writes thousands of them before a single rebuild.
"""

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db.models import Min

from timetrack.lib.calendar import month_bounds
from timetrack.notifications.models import OutboundEmail
from timetrack.orgs.models import Membership, Role
from timetrack.profitability import alerts, engine
from timetrack.profitability.models import AssignmentRate, CostRate
from timetrack.profitability.rates import load_rates
from timetrack.projects.models import Assignment, BillingMode, Project

ZERO = Decimal(0)
MIN_TJM, MAX_TJM = Decimal(450), Decimal(850)
BATCH = 5000

# --- CJM ----------------------------------------------------------------------------------------------
# (words of the job title, daily cost in €): the first rule whose words are all in the title wins
SENIORITY = [
    ({"junior"}, 300),
    ({"senior"}, 500),
    ({"lead"}, 510),
    ({"architecte"}, 520),
    ({"chef", "projet"}, 490),
    ({"manager"}, 480),
    ({"confirmé"}, 440),
    ({"analyst"}, 360),
    ({"analyste"}, 360),
    ({"bi"}, 380),
    ({"administrateur"}, 350),
    ({"qa"}, 380),
    ({"testeur"}, 340),
]
DEFAULT_CJM = 410
ROLE_CJM = {Role.MANAGER: 550, Role.ADMIN: 620, Role.FINANCE: 560}


def cjm_of(role: str, job_title: str, rng: random.Random) -> Decimal:
    """A realistic French ESN daily cost for a job: by seniority, ± 20 € so that peers differ."""
    if role in ROLE_CJM:
        base = ROLE_CJM[role]
    else:
        words = set(job_title.lower().replace("/", " ").replace("-", " ").split())
        base = next((cost for needed, cost in SENIORITY if needed <= words), DEFAULT_CJM)
    return Decimal(min(520 if role == Role.CONSULTANT else 700, base + rng.randrange(-20, 21, 5)))


def _cost_rates(org, members, first: date, rng: random.Random) -> list[CostRate]:
    """One CJM per person, effective from their start (else from the demo's first month)."""
    return [
        CostRate(
            organization=org,
            user_id=m.user_id,
            daily_cost=cjm_of(m.role, m.job_title, rng),
            effective_from=m.start_date or first,
        )
        for m in members
    ]


def _round(value: Decimal, step: int, rounding=ROUND_HALF_UP) -> Decimal:
    return (value / step).quantize(Decimal(1), rounding=rounding) * step


def _tjm(cjm: Decimal, margin: Decimal) -> Decimal:
    """The TJM that earns ``margin`` over ``cjm``, to 10 €, within the market's range."""
    return min(MAX_TJM, max(MIN_TJM, _round(cjm / (1 - margin), 10)))


def _month(day: date, months: int) -> date:
    """The first day of the month ``months`` months after (before, if negative) ``day``'s."""
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def _months_after(day: date, months: int) -> date:
    """The last day of the month ``months`` months after ``day``'s."""
    first = _month(day, months)
    return month_bounds(first.year, first.month)[1]


# --- Démo ESN -----------------------------------------------------------------------------------------
HEALTHY, NEAR_BUDGET, OVERRUN, THIN = "healthy", "near_budget", "overrun", "thin"


class Plan:
    """What a demo project shows: its state, the margin its rates earn, its end (months after today)."""

    def __init__(self, state: str, margin: str, months: int):
        self.state, self.margin, self.months = state, Decimal(margin), months


DEMO_PLANS = {
    "BHX-DATA": Plan(NEAR_BUDGET, "0.36", 3),  # the manager's project: 80–95 % of its days consumed
    "MAT-BI": Plan(HEALTHY, "0.34", 6),
    "EVE-CLOUD": Plan(HEALTHY, "0.40", 9),
    "TUL-SRE": Plan(HEALTHY, "0.33", 7),  # with a TJM raise last month
    "GRE-ECOM": Plan(HEALTHY, "0.37", 8),
    "ADR-S4": Plan(HEALTHY, "0.36", 6),  # a fixed price on track
    "MAT-WEB": Plan(OVERRUN, "0.12", 1),  # a fixed price sold at 12 %, 18 % over its days
    "ADR-TMA": Plan(THIN, "0.08", 9),  # a TMA sold at one rate close to the team's cost
}
NEAR_BUDGET_SHARE = Decimal("0.88")  # of the sold days consumed
OVERRUN_SHARE = Decimal("1.18")
HEALTHY_SHARE = Decimal("0.60")  # at most
FORECAST_HEADROOM = Decimal("1.10")  # a healthy budget covers its forecast at completion with this margin
NEAR_BUDGET_MANAGER = "manager@demo.timetrack.test"
COST_RAISE = ("Hugo", "Bernard", Decimal(35))  # a yearly review, two months before the current one
SELL_RAISE = ("TUL-SRE", Decimal(40))  # a TJM renegotiated from the 15th of last month


def seed_profitability(org, *, today: date) -> None:
    """CJMs, TJMs, dates and budgets of "Démo ESN" once its CRAs are written; then the rollups and
    the alerts."""
    from timetrack.timesheets.models import TimeEntry
    from timetrack.timesheets.services import rebuild_rollups

    rng = random.Random(f"{org.slug}-profitability")
    entries = TimeEntry.objects.for_org(org)
    first = entries.aggregate(first=Min("date"))["first"] or today.replace(day=1)
    members = list(Membership.objects.for_org(org).select_related("user").order_by("user_id"))
    by_name = {(m.user.first_name, m.user.last_name): m for m in members}
    costs = _cost_rates(org, members, first, rng)
    first_name, last_name, raise_by = COST_RAISE
    raised = next(rate for rate in costs if rate.user_id == by_name[(first_name, last_name)].user_id)
    costs.append(
        CostRate(
            organization=org,
            user_id=raised.user_id,
            daily_cost=raised.daily_cost + raise_by,
            effective_from=_month(today, -2),
        )
    )
    CostRate.objects.bulk_create(costs)

    book = load_rates(org)  # the CJMs of every day
    hpd = org.hours_per_day
    logged, cost = defaultdict(lambda: ZERO), defaultdict(lambda: ZERO)
    for user_id, project_id, day, hours in entries.filter(project__isnull=False).values_list(
        "user_id", "project_id", "date", "hours"
    ):
        logged[project_id] += hours / hpd
        cost[project_id] += hours / hpd * (book.cjm(user_id, day) or ZERO)

    projects = {p.code: p for p in Project.objects.for_org(org)}
    assignments = defaultdict(list)
    for assignment in Assignment.objects.for_org(org).order_by("start_date", "id"):
        assignments[assignment.project_id].append(assignment)
    sold_rate = {}  # per project: the one rate of a fixed price or of the thin TMA, from its real cost
    for code, plan in DEMO_PLANS.items():
        project = projects[code]
        if plan.state == THIN or project.billing_mode == BillingMode.FIXED_PRICE:
            days = logged[project.pk]
            sold_rate[code] = _round(cost[project.pk] / days / (1 - plan.margin), 10) if days else MIN_TJM
        for assignment in assignments[project.pk]:
            if code in sold_rate:
                assignment.daily_rate = sold_rate[code]
            else:  # each person sold at their cost plus the project's margin
                day = max(assignment.start_date, first)
                assignment.daily_rate = _tjm(
                    book.cjm(assignment.user_id, day) or Decimal(DEFAULT_CJM), plan.margin
                )
        project.start_date = min([project.start_date] + [a.start_date for a in assignments[project.pk]])
        project.end_date = _months_after(today, plan.months)
    Assignment.objects.bulk_update(
        [a for code in DEMO_PLANS for a in assignments[projects[code].pk]], ["daily_rate"]
    )
    code, raise_by = SELL_RAISE
    renegotiated = assignments[projects[code].pk][0]  # the longest-running staffing of the project
    AssignmentRate.objects.create(
        organization=org,
        assignment=renegotiated,
        daily_rate=renegotiated.daily_rate + raise_by,
        effective_from=max(_month(today, -1).replace(day=15), renegotiated.start_date + timedelta(days=1)),
    )
    manager = next(m for m in members if m.user.email == NEAR_BUDGET_MANAGER)
    for code, plan in DEMO_PLANS.items():
        if plan.state == NEAR_BUDGET:
            projects[code].project_manager = manager.user
    Project.objects.bulk_update(list(projects.values()), ["start_date", "end_date", "project_manager"])

    planned, _open_ended = engine.planned_days(org, today)
    for code, plan in DEMO_PLANS.items():
        project = projects[code]
        days = logged[project.pk]
        if plan.state == NEAR_BUDGET:
            budget = days / NEAR_BUDGET_SHARE
        elif plan.state == OVERRUN:
            budget = days / OVERRUN_SHARE
        else:
            budget = max(days / HEALTHY_SHARE, (days + planned.get(project.pk, ZERO)) * FORECAST_HEADROOM)
        # the states at a threshold keep the exact share; the others are sold in round numbers
        exact = plan.state in (NEAR_BUDGET, OVERRUN)
        project.budget_days = max(
            Decimal(10), budget.quantize(Decimal(1)) if exact else _round(budget, 5, ROUND_CEILING)
        )
        if code in sold_rate and project.billing_mode == BillingMode.FIXED_PRICE:
            project.fixed_price = _round(project.budget_days * sold_rate[code], 1000)
            project.budget_amount = project.fixed_price
        else:
            rates = [a.daily_rate for a in assignments[project.pk]] or [MIN_TJM]
            project.budget_amount = _round(project.budget_days * sum(rates) / len(rates), 1000)
    Project.objects.bulk_update(list(projects.values()), ["budget_days", "budget_amount", "fixed_price"])

    rebuild_rollups(org)  # the rates changed after the CRAs were written
    alerts.evaluate(org, today=today)
    OutboundEmail.objects.for_org(org).delete()  # the demo e-mails nobody


# --- Grande ESN ---------------------------------------------------------------------------------------
def seed_large_rates(
    org, projects: list[Project], assignments: list[Assignment], *, first: date, today: date
) -> None:
    """CJMs of everyone (a raise for one consultant in ten halfway through the CRAs), a TJM raise on one
    assignment in twenty, and end dates: before the CRAs are written, so the one rollup rebuild after
    them values every entry. The TJMs and budgets come with the projects (``timesheets.demo``)."""
    rng = random.Random(f"{org.slug}-profitability")
    members = list(
        Membership.objects.for_org(org)
        .order_by("user_id")
        .values("user_id", "role", "job_title", "start_date")
    )
    halfway = first + (today - first) / 2
    rates = []
    for m in members:
        start = m["start_date"] or first
        cjm = cjm_of(m["role"], m["job_title"], rng)
        rates.append(CostRate(organization=org, user_id=m["user_id"], daily_cost=cjm, effective_from=start))
        raise_on = halfway.replace(day=1)
        if m["role"] == Role.CONSULTANT and rng.random() < 0.10 and start < raise_on:
            rates.append(
                CostRate(
                    organization=org,
                    user_id=m["user_id"],
                    daily_cost=cjm + rng.choice([20, 25, 30]),
                    effective_from=raise_on,
                )
            )
    CostRate.objects.bulk_create(rates, batch_size=BATCH)
    changes = []
    for assignment in assignments:
        if assignment.daily_rate and rng.random() < 0.05:
            day = max(assignment.start_date + timedelta(days=1), first + timedelta(days=rng.randint(30, 300)))
            if day < today:
                changes.append(
                    AssignmentRate(
                        organization=org,
                        assignment=assignment,
                        effective_from=day,
                        daily_rate=assignment.daily_rate + rng.choice([20, 30, 50]),
                    )
                )
    AssignmentRate.objects.bulk_create(changes, batch_size=BATCH)
    for project in projects:
        project.end_date = None if rng.random() < 0.1 else _months_after(today, rng.randint(1, 12))
    Project.objects.bulk_update(projects, ["end_date"], batch_size=BATCH)
