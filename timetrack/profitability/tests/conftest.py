from datetime import date
from decimal import Decimal

import pytest

from timetrack.profitability.models import CostRate
from timetrack.tests.factories import AssignmentFactory, ProjectFactory
from timetrack.timesheets.selectors import activity_type_by_code
from timetrack.timesheets.services import Cell, save_entries


class Books:
    """The personas with one time-and-materials project for the consultant since 1 January 2026
    (TJM 500 €, CJM 300 €), and a way to log days through the real write path."""

    def __init__(self, personas):
        self.p = personas
        self.org = personas.org
        self.project = ProjectFactory(
            organization=self.org,
            billing_mode="time_and_materials",
            budget_days=Decimal("20"),
            project_manager=personas.manager.user,
        )
        self.assignment = AssignmentFactory(
            person=personas.consultant,
            project=self.project,
            start_date=date(2026, 1, 1),
            daily_rate=Decimal("500.00"),
        )
        CostRate.objects.create(
            organization=self.org,
            user=personas.consultant.user,
            daily_cost=Decimal("300.00"),
            effective_from=date(2026, 1, 1),
        )
        self.types = {code: activity_type_by_code(self.org, code) for code in ("project", "training")}

    def log(self, days: dict, *, person=None, project=None, unit="days"):
        """``days``: {date: quantity in days}."""
        person = person or self.p.consultant
        cells = [
            Cell(day, self.types["project"], project or self.project, Decimal(str(qty)), unit)
            for day, qty in days.items()
        ]
        save_entries(actor=person, person=person, cells=cells)

    def weekdays(self, first: date, last: date, qty="1") -> dict:
        from timetrack.lib.calendar import days_between

        return {d: qty for d in days_between(first, last) if d.weekday() < 5}


@pytest.fixture
def books(personas):
    return Books(personas)
