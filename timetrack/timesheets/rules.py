"""The rules of time entry, one function each, shared by the grid and the API.

Each raises a DomainError (400) or a StateConflict (409) with a constant, translatable French message.
"""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from timetrack.lib.calendar import WorkSchedule
from timetrack.lib.errors import DomainError, StateConflict

NEGATIVE = _("La quantité ne peut pas être négative.")
NOT_POSITIVE = _("La quantité doit être positive (supprimez la saisie pour la retirer).")
CELL_TAKEN = _("Une saisie existe déjà pour ce jour, cette activité et ce projet.")
BAD_STEP_DAYS = _("En jours, la saisie se fait par quart de journée (0,25 ; 0,5 ; 0,75 ; 1).")
BAD_STEP_HOURS = _("En heures, la saisie se fait au centième d'heure près.")
DAILY_MAX = _("Le total de la journée dépasserait le maximum autorisé (%(max)s).")
PROJECT_REQUIRED = _("Choisissez le projet pour cette activité.")
PROJECT_FORBIDDEN = _("Cette activité ne se rattache pas à un projet.")
NOT_ASSIGNED = _("Vous n'êtes pas affecté(e) à ce projet à cette date.")
NOT_EMPLOYED = _("Cette date est en dehors de votre période d'emploi.")
LOCKED = _("Ce CRA est soumis ou validé : il ne peut plus être modifié.")
INACTIVE_ACTIVITY = _("Ce type d'activité n'est plus utilisable.")
INCOMPLETE_MONTH = _("Le mois ne peut pas être soumis : %(count)s jour(s) ouvré(s) non rempli(s).")
NOT_DRAFT = _("Seul un CRA en brouillon ou renvoyé peut être soumis.")

QUARTER = Decimal("0.25")
HUNDREDTH = Decimal("0.01")


def check_not_negative(quantity: Decimal) -> None:
    if quantity < 0:
        raise DomainError(NEGATIVE, field="quantity")


def check_step(quantity: Decimal, *, unit: str) -> None:
    if unit == "days" and quantity % QUARTER:
        raise DomainError(BAD_STEP_DAYS, field="days")
    if unit == "hours" and quantity % HUNDREDTH:
        raise DomainError(BAD_STEP_HOURS, field="hours")


def check_daily_max(day_total_hours: Decimal, *, max_hours: Decimal, max_label: str) -> None:
    if day_total_hours > max_hours:
        raise DomainError(DAILY_MAX % {"max": max_label}, field="quantity")


def check_project_matches(activity_type, project) -> None:
    if activity_type.requires_project and project is None:
        raise DomainError(PROJECT_REQUIRED, field="project")
    if not activity_type.requires_project and project is not None:
        raise DomainError(PROJECT_FORBIDDEN, field="project")


def check_assigned(project, day: date, assignments) -> None:
    """Project work needs one of the person's (already loaded) ``assignments`` covering ``day``."""
    if project is None:
        return
    if not any(a.project_id == project.pk and a.covers(day) for a in assignments):
        raise DomainError(NOT_ASSIGNED, field="project")


def check_employed(schedule: WorkSchedule, day: date) -> None:
    if not schedule.is_employed(day):
        raise DomainError(NOT_EMPLOYED, field="date")


def check_not_locked(timesheet) -> None:
    if timesheet.is_locked:
        raise StateConflict(LOCKED, code="locked")


def check_activity_active(activity_type) -> None:
    if not activity_type.is_active:
        raise DomainError(INACTIVE_ACTIVITY, field="activity_type")


def check_submittable(timesheet) -> None:
    from timetrack.timesheets.models import TimesheetStatus

    if timesheet.status not in (
        TimesheetStatus.DRAFT,
        TimesheetStatus.CHANGES_REQUESTED,
        TimesheetStatus.REJECTED,
    ):
        raise StateConflict(NOT_DRAFT, code="not_draft")


def check_month_complete(missing_days: list[date], *, allowance: int = 0) -> None:
    """Every worked day filled, but for the days off a part-time contract allows (``allowance``)."""
    if len(missing_days) > allowance:
        raise DomainError(INCOMPLETE_MONTH % {"count": len(missing_days) - allowance}, field="month")


def check_cell_free(org, user_id: int, cell) -> None:
    from timetrack.timesheets.models import TimeEntry

    taken = TimeEntry.objects.for_org(org).filter(
        user_id=user_id, date=cell.day, activity_type=cell.activity_type, project=cell.project
    )
    if taken.exists():
        raise DomainError(CELL_TAKEN, field="date")
