from datetime import date, timedelta

import pytest
from django.core import mail

from timetrack.tests.factories import AssignmentFactory, member
from timetrack.timesheets.selectors import activity_type_by_code
from timetrack.timesheets.services import Cell, save_entries

MARCH = date(2026, 3, 1)


class Flow:
    """The personas, a consultant's March 2026 filled with mission days, ready to submit."""

    def __init__(self, personas):
        self.p = personas
        self.org = personas.org
        self.assignment = AssignmentFactory(person=personas.consultant, start_date=date(2026, 1, 1))
        self.project = self.assignment.project
        self.project.project_manager = personas.colleague.user
        self.project.save()
        mission = activity_type_by_code(self.org, "project")
        days = [MARCH + timedelta(days=i) for i in range(31)]
        cells = [
            Cell(d, mission, self.project, 1, "days")
            for d in days
            if personas.consultant.schedule().is_worked(d)
        ]
        save_entries(actor=personas.consultant, person=personas.consultant, cells=cells)
        self.sheet_url = None
        mail.outbox.clear()

    def api(self, persona):
        return self.p.api(persona)

    def sheet_id(self):
        client = self.api(self.p.consultant)
        return client.get("/api/v1/timesheets", {"month": "2026-03"}).json()["results"][0]["id"]

    def second_manager(self):
        return member(self.org, "manager", user__email="director@alpha.test")


@pytest.fixture
def flow(personas):
    return Flow(personas)
