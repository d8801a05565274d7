"""Demo activity: clients, projects, assignments and months of CRAs for a seeded organisation.

Written with bulk_create for speed (the large organisation has about 600,000 entries), yet every row
obeys the entry rules: project work only on assigned days, nothing outside employment, at most one
day per day, quarter-day steps. ``tests/test_demo_activity.py`` re-checks the rules on the result.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from timetrack.lib.calendar import month_bounds
from timetrack.orgs.models import Membership, Role
from timetrack.projects.models import Assignment, BillingMode, Client, Project
from timetrack.timesheets.models import TimeEntry, Timesheet, TimesheetStatus
from timetrack.timesheets.selectors import activity_types
from timetrack.timesheets.services import rebuild_rollups

BATCH = 5000
DEMO_MONTHS = 3
HALF, FULL = Decimal("0.5"), Decimal("1")


@dataclass(frozen=True)
class ProjectSpec:
    code: str
    name: str
    client: str
    mode: str
    practice: str  # the team whose consultants staff it (a word of the team's name)
    daily_rate: Decimal | None = None
    budget_days: Decimal | None = None
    fixed_price: Decimal | None = None


DEMO_PROJECTS = [
    ProjectSpec(
        "BHX-DATA",
        "Plateforme data risques",
        "Banque Hexagone",
        BillingMode.TIME_AND_MATERIALS,
        "Data",
        Decimal("720"),
        Decimal("900"),
    ),
    ProjectSpec(
        "MAT-BI",
        "Pilotage BI des sinistres",
        "Mutuelle Atlantique",
        BillingMode.TIME_AND_MATERIALS,
        "Data",
        Decimal("650"),
        Decimal("500"),
    ),
    ProjectSpec(
        "EVE-CLOUD",
        "Migration cloud Azure",
        "Énergie Verte",
        BillingMode.TIME_AND_MATERIALS,
        "Cloud",
        Decimal("700"),
        Decimal("800"),
    ),
    ProjectSpec(
        "TUL-SRE",
        "Exploitation de la billettique",
        "Transports Urbains Lyonnais",
        BillingMode.TIME_AND_MATERIALS,
        "Cloud",
        Decimal("620"),
        Decimal("600"),
    ),
    ProjectSpec(
        "GRE-ECOM",
        "Plateforme e-commerce",
        "Groupe Retail Express",
        BillingMode.TIME_AND_MATERIALS,
        "Web",
        Decimal("600"),
        Decimal("1000"),
    ),
    ProjectSpec(
        "MAT-WEB",
        "Espace adhérent",
        "Mutuelle Atlantique",
        BillingMode.FIXED_PRICE,
        "Web",
        Decimal("610"),
        Decimal("220"),
        Decimal("125000"),
    ),
    ProjectSpec(
        "ADR-S4",
        "Migration SAP S/4HANA",
        "Assurances du Rhin",
        BillingMode.FIXED_PRICE,
        "SAP",
        Decimal("750"),
        Decimal("450"),
        Decimal("310000"),
    ),
    ProjectSpec(
        "ADR-TMA",
        "TMA SAP finance",
        "Assurances du Rhin",
        BillingMode.TIME_AND_MATERIALS,
        "SAP",
        Decimal("680"),
        Decimal("400"),
    ),
    ProjectSpec("INT-RD", "R&D interne : accélérateurs", "", BillingMode.INTERNAL, "", None, None),
]


def large_projects(consultants: int) -> list[ProjectSpec]:
    """About one project for four consultants, spread over the practices of the large organisation."""
    rng = random.Random("grande-esn-projects")
    practices = ["Data", "Cloud", "Web", "SAP", "Cybersécurité", "Test"]
    specs = []
    for i in range(max(len(practices), consultants // 4)):
        practice = practices[i % len(practices)]
        fixed = i % 7 == 3
        budget = Decimal(rng.randrange(100, 2000, 10))
        rate = Decimal(rng.randrange(450, 860, 10))
        specs.append(
            ProjectSpec(
                f"P{i + 1:04d}",
                f"Projet {practice} n° {i + 1}",
                f"Client {i // 4 + 1:03d}",
                BillingMode.FIXED_PRICE if fixed else BillingMode.TIME_AND_MATERIALS,
                practice,
                rate,
                budget,
                budget * rate if fixed else None,
            )
        )
    return specs


def _by_month(days: list[date]) -> dict[date, list[date]]:
    months: dict[date, list[date]] = {}
    for day in days:
        months.setdefault(day.replace(day=1), []).append(day)
    return months


def _window(today: date, months: int) -> tuple[date, date]:
    """From the first day ``months`` months before the current one, to yesterday."""
    first = today.replace(day=1)
    for _ in range(months):
        first = (first - timedelta(days=1)).replace(day=1)
    return first, today - timedelta(days=1)


def _create_projects(org, specs: list[ProjectSpec], managers: list[Membership], start: date) -> list[Project]:
    clients = {}
    for name in sorted({s.client for s in specs if s.client}):
        clients[name] = Client.objects.create(organization=org, name=name)
    projects = []
    for i, spec in enumerate(specs):
        manager = managers[i % len(managers)].user if managers else None
        projects.append(
            Project(
                organization=org,
                client=clients.get(spec.client),
                name=spec.name,
                code=spec.code,
                billing_mode=spec.mode,
                start_date=start - timedelta(days=90),
                budget_days=spec.budget_days,
                budget_amount=spec.budget_days * spec.daily_rate
                if spec.budget_days and spec.daily_rate
                else None,
                fixed_price=spec.fixed_price,
                project_manager=manager,
            )
        )
    return Project.objects.bulk_create(projects, batch_size=1000)  # < 65,535 parameters a statement


class _Planner:
    """Decides each person's assignments and days, deterministically from a seed."""

    def __init__(self, org, rng: random.Random, first: date, last: date):
        self.org, self.rng, self.first, self.last = org, rng, first, last
        self.types = {t.code: t for t in activity_types(org)}

    def assign(
        self, person: Membership, projects: list[Project], specs: dict[str, ProjectSpec]
    ) -> list[Assignment]:
        """Most on one mission; a few on two at 50 %; one in ten on the bench for part of the window."""
        team = person.team.name if person.team_id else ""
        billable = [p for p in projects if p.billing_mode != BillingMode.INTERNAL]
        matching = [
            p for p in billable if specs[p.code].practice and specs[p.code].practice in team
        ] or billable
        start = max(person.start_date or self.first, self.first - timedelta(days=self.rng.randint(0, 200)))
        draw = self.rng.random()
        if draw < 0.10:  # on the bench until a mission starts in the last month
            mission_start = max(start, self.last.replace(day=1))
            return [self._assignment(person, self.rng.choice(matching), mission_start, specs)]
        if draw < 0.20 and len(matching) > 1:
            first, second = self.rng.sample(matching, 2)
            return [
                self._assignment(person, first, start, specs, Decimal("50")),
                self._assignment(person, second, start, specs, Decimal("50")),
            ]
        return [self._assignment(person, self.rng.choice(matching), start, specs)]

    def _assignment(self, person, project, start, specs, allocation=Decimal("100")) -> Assignment:
        return Assignment(
            organization=self.org,
            user_id=person.user_id,
            project=project,
            start_date=start,
            end_date=None,
            allocation_percent=allocation,
            daily_rate=specs[project.code].daily_rate,
        )

    def days_off(self, person: Membership, worked: list[date]) -> set[date]:
        """The days a part-time contract leaves empty: as many per month as the contract allows
        (``services.part_time_days_off``), Wednesdays first, then Thursdays, Fridays…"""
        if person.contract_ratio >= 1:
            return set()
        preference = {2: 0, 3: 1, 4: 2, 0: 3, 1: 4, 5: 5, 6: 6}
        off: set[date] = set()
        for days in _by_month(worked).values():
            allowed = int(len(days) * (1 - person.contract_ratio))
            off.update(sorted(days, key=lambda d: (preference[d.weekday()], d))[:allowed])
        return off

    def leave_days(self, worked: list[date]) -> dict[date, str]:
        """A week of paid leave, an RTT a month, two days of training, a sick day now and then."""
        leave: dict[date, str] = {}
        if len(worked) > 30:
            start = self.rng.randrange(0, len(worked) - 5)
            leave.update((day, "paid_leave") for day in worked[start : start + 5])
        for days in _by_month(worked).values():
            leave.setdefault(self.rng.choice(days), "rtt")
            if self.rng.random() < 0.3:
                leave.setdefault(self.rng.choice(days), "training")
            if self.rng.random() < 0.1:
                leave.setdefault(self.rng.choice(days), "sick_leave")
        return leave

    def entries(self, person: Membership, assignments: list[Assignment], days: list[date]):
        """(day, activity code, project or None, days) for every day of the person's window."""
        leave = self.leave_days(days)
        off = self.days_off(person, days)
        for day in days:
            if day in off:
                continue
            if day in leave:
                yield day, leave[day], None, FULL
                continue
            covering = [a for a in assignments if a.covers(day)]
            if not covering:
                if self.rng.random() < 0.2:
                    yield day, "presales", None, HALF
                    yield day, "bench", None, HALF
                else:
                    yield day, "bench", None, FULL
            elif len(covering) == 2:
                yield day, "project", covering[0].project, HALF
                yield day, "project", covering[1].project, HALF
            elif self.rng.random() < 0.08:
                yield day, "project", covering[0].project, HALF
                yield day, "internal", None, HALF
            else:
                yield day, "project", covering[0].project, FULL


def seed_activity(
    org,
    *,
    months: int,
    today: date | None = None,
    specs: list[ProjectSpec] | None = None,
    prepare: Callable | None = None,
) -> int:
    """Projects, assignments and ``months`` past months of CRAs (plus the current month up to yesterday)
    for the consultants and managers of ``org``. Returns the number of entries written.

    ``prepare(org, projects, assignments, first=, today=)`` runs once the assignments exist, before the
    CRAs: what it writes (rates) is valued by the one rollup rebuild at the end."""
    today = today or timezone.localdate()
    first, last = _window(today, months)
    rng = random.Random(f"{org.slug}-activity")
    people = list(
        Membership.objects.for_org(org)
        .filter(role__in=[Role.CONSULTANT, Role.MANAGER])
        .select_related("organization", "team", "agency", "user")
        .order_by("user_id")
    )
    managers = [p for p in people if p.role == Role.MANAGER]
    specs = specs or DEMO_PROJECTS
    with transaction.atomic():
        projects = _create_projects(org, specs, managers, first)
        planner = _Planner(org, rng, first, last)
        by_code = {s.code: s for s in specs}
        plans = {}
        for person in people:
            if person.role == Role.CONSULTANT:
                plans[person.user_id] = planner.assign(person, projects, by_code)
            else:
                plans[person.user_id] = []
        assignments = [a for plan in plans.values() for a in plan]
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        if prepare is not None:
            prepare(org, projects, assignments, first=first, today=today)
        written = _write_months(org, planner, people, plans, first, last, today)
        rebuild_rollups(org)  # bulk inserts bypass the write path that keeps the rollup
        return written


def _write_months(org, planner: _Planner, people, plans, first: date, last: date, today: date) -> int:
    sheets = {}
    rows = []
    current = today.replace(day=1)
    for person in people:
        schedule = person.schedule()
        worked = schedule.worked_days(first, last)
        if not worked:
            continue
        for month in sorted({d.replace(day=1) for d in worked}):
            status, submitted_at = _status_of(planner.rng, month, current, person)
            sheets[(person.user_id, month)] = Timesheet(
                organization=org,
                user_id=person.user_id,
                month=month,
                status=status,
                submitted_at=submitted_at,
            )
        internal = person.role == Role.MANAGER
        for day, code, project, quantity in planner.entries(person, plans[person.user_id], worked):
            if internal and code == "bench":
                code = "internal"
            rows.append((person.user_id, day, code, project, quantity))
    Timesheet.objects.bulk_create(list(sheets.values()), batch_size=BATCH)
    hours_per_day = org.hours_per_day
    entries = [
        TimeEntry(
            organization=org,
            user_id=user_id,
            timesheet=sheets[(user_id, day.replace(day=1))],
            date=day,
            activity_type=planner.types[code],
            project=project,
            hours=quantity * hours_per_day,
        )
        for user_id, day, code, project, quantity in rows
    ]
    TimeEntry.objects.bulk_create(entries, batch_size=BATCH)
    return len(entries)


def _status_of(rng, month: date, current: date, person) -> tuple[str, object]:
    """Past months are submitted (a few of last month still in draft); the current month is a draft."""
    if month >= current:
        return TimesheetStatus.DRAFT, None
    last_month = (current - timedelta(days=1)).replace(day=1)
    if month == last_month and rng.random() < 0.25:
        return TimesheetStatus.DRAFT, None
    _first, month_end = month_bounds(month.year, month.month)
    submitted = timezone.make_aware(
        datetime.combine(month_end + timedelta(days=rng.randint(1, 4)), time(rng.randint(8, 18)))
    )
    return TimesheetStatus.SUBMITTED, submitted
