"""Shortcuts of the inbox and review tests: submitted CRAs of March 2026."""

from datetime import date, timedelta

from timetrack.approvals.services import submit_timesheet
from timetrack.tests.factories import AssignmentFactory, member
from timetrack.timesheets.selectors import activity_type_by_code
from timetrack.timesheets.services import Cell, save_entries

MARCH = date(2026, 3, 1)


def submit(person):
    return submit_timesheet(actor=person, person=person, month=MARCH)


def filled_consultant(personas, email, manager=None):
    """Another consultant of ``manager`` (the manager persona by default), March filled, submitted."""
    person = member(personas.org, "consultant", manager=manager or personas.manager, user__email=email)
    assignment = AssignmentFactory(person=person, start_date=date(2026, 1, 1))
    mission = activity_type_by_code(personas.org, "project")
    days = [MARCH + timedelta(days=i) for i in range(31)]
    cells = [Cell(d, mission, assignment.project, 1, "days") for d in days if person.schedule().is_worked(d)]
    save_entries(actor=person, person=person, cells=cells)
    return submit(person)
