from datetime import date

import pytest

from timetrack.tests.factories import AssignmentFactory
from timetrack.timesheets.selectors import activity_type_by_code


class Cra:
    """The personas plus a mission for the consultant since 1 January 2026 and the activity types."""

    def __init__(self, personas):
        self.p = personas
        self.org = personas.org
        self.assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
        self.project = self.assignment.project
        self.types = {
            code: activity_type_by_code(self.org, code) for code in ("project", "training", "paid_leave")
        }


@pytest.fixture
def cra(personas):
    return Cra(personas)
