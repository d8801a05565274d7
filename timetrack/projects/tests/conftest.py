from datetime import date
from decimal import Decimal

import pytest

from timetrack.timesheets.selectors import activity_type_by_code
from timetrack.timesheets.services import Cell, save_entry

MONDAY = date(2026, 3, 2)


@pytest.fixture
def log_day():
    """Log one day of mission work on ``assignment`` (a Monday inside it by default)."""

    def _log(assignment, person, day=MONDAY):
        cell = Cell(
            day=day,
            activity_type=activity_type_by_code(person.organization, "project"),
            project=assignment.project,
            quantity=Decimal("1"),
            unit="days",
        )
        return save_entry(actor=person, person=person, cell=cell)

    return _log
