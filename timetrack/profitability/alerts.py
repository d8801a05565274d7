"""Preventive alerts on projects: which conditions hold, and raising / resolving them once per crossing.

Conditions (thresholds from the organisation's settings), over the whole life of the project:
budget consumed ≥ the warning threshold; ≥ the overrun threshold; forecast at completion above the sold
days; margin rate below the organisation's target; days logged after the project's end (one per person).
An alert is created when its condition starts to hold and resolved when it stops; while it holds nothing
is repeated (a partial unique index keeps one open alert per condition, even when two workers race).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from timetrack.notifications.services import notify
from timetrack.orgs.models import Membership, Organization, Role
from timetrack.profitability import engine
from timetrack.profitability.models import Alert, AlertKind, Severity
from timetrack.projects.models import BillingMode, Project

# who hears about each kind: margins derive from cost rates, so only admin and finance see them
COST_KINDS = {AlertKind.MARGIN_BELOW_TARGET}
SEVERITY = {
    AlertKind.BUDGET_WARNING: Severity.WARNING,
    AlertKind.BUDGET_EXCEEDED: Severity.CRITICAL,
    AlertKind.FORECAST_OVER_BUDGET: Severity.WARNING,
    AlertKind.MARGIN_BELOW_TARGET: Severity.WARNING,
    AlertKind.WORK_AFTER_END: Severity.WARNING,
}


@dataclass(frozen=True)
class Condition:
    project: Project
    kind: str
    value: Decimal
    threshold: Decimal | None
    user_id: int | None = None
    person: str = ""

    @property
    def key(self):
        return (self.project.pk, self.kind, self.user_id)


def _number(value) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True)


def message_of(condition: Condition) -> str:
    """The alert's text in the active language."""
    context = {
        "project": str(condition.project),
        "value": _number(condition.value),
        "threshold": _number(condition.threshold) if condition.threshold is not None else "",
        "person": condition.person,
        "end": formats.date_format(condition.project.end_date, "SHORT_DATE_FORMAT")
        if condition.project.end_date
        else "",
    }
    texts = {
        AlertKind.BUDGET_WARNING: _(
            "Le projet %(project)s a consommé %(value)s %% de son budget (seuil d'alerte : %(threshold)s %%)."
        ),
        AlertKind.BUDGET_EXCEEDED: _(
            "Le projet %(project)s a consommé %(value)s %% de son budget : il dépasse le seuil de "
            "%(threshold)s %%."
        ),
        AlertKind.FORECAST_OVER_BUDGET: _(
            "La prévision à terminaison du projet %(project)s est de %(value)s jours pour un budget de "
            "%(threshold)s jours."
        ),
        AlertKind.MARGIN_BELOW_TARGET: _(
            "Le taux de marge du projet %(project)s est de %(value)s %%, sous l'objectif de %(threshold)s %%."
        ),
        AlertKind.WORK_AFTER_END: _(
            "%(person)s a saisi %(value)s jours sur le projet %(project)s après sa fin, le %(end)s."
        ),
    }
    return texts[condition.kind] % context


def conditions(org: Organization, project_ids=None, *, today: date | None = None) -> list[Condition]:
    """Every alert condition that holds now on the projects of ``org`` (or of ``project_ids``)."""
    from timetrack.timesheets.models import TimeEntry

    queryset = Project.objects.for_org(org)
    if project_ids is not None:
        queryset = queryset.filter(pk__in=project_ids)
    found = []
    for figures in engine.projects(org, None, None, queryset=queryset, today=today):
        project = figures.project
        consumed = figures.budget_consumed_percent
        if consumed is not None and consumed >= org.budget_warning_percent:
            found.append(Condition(project, AlertKind.BUDGET_WARNING, consumed, org.budget_warning_percent))
        if consumed is not None and consumed >= org.budget_critical_percent:
            found.append(Condition(project, AlertKind.BUDGET_EXCEEDED, consumed, org.budget_critical_percent))
        if figures.forecast_over_budget:
            found.append(
                Condition(
                    project,
                    AlertKind.FORECAST_OVER_BUDGET,
                    figures.forecast_at_completion_days,
                    figures.budget_days,
                )
            )
        margin_rate = figures.money.margin_rate
        if (
            project.billing_mode != BillingMode.INTERNAL
            and margin_rate is not None
            and margin_rate < org.margin_target_percent
        ):
            found.append(
                Condition(project, AlertKind.MARGIN_BELOW_TARGET, margin_rate, org.margin_target_percent)
            )
    late = (
        TimeEntry.objects.for_org(org)
        .filter(project__end_date__isnull=False, date__gt=F("project__end_date"))
        .values("project_id", "user_id", "user__first_name", "user__last_name")
        .annotate(total=Sum("hours"))
    )
    if project_ids is not None:
        late = late.filter(project_id__in=project_ids)
    late = list(late)
    if late:
        projects_by_id = Project.objects.for_org(org).in_bulk({row["project_id"] for row in late})
        for row in late:
            found.append(
                Condition(
                    projects_by_id[row["project_id"]],
                    AlertKind.WORK_AFTER_END,
                    row["total"] / org.hours_per_day,
                    None,
                    user_id=row["user_id"],
                    person=f"{row['user__first_name']} {row['user__last_name']}".strip(),
                )
            )
    return found


def evaluate(org: Organization, project_ids=None, *, today: date | None = None) -> dict:
    """Raise the alerts whose condition started to hold, resolve those whose condition stopped.
    Returns {"raised": [...], "resolved": [...]} (alert ids)."""
    holding = {c.key: c for c in conditions(org, project_ids, today=today)}
    open_alerts = Alert.objects.for_org(org).active()
    if project_ids is not None:
        open_alerts = open_alerts.filter(project_id__in=project_ids)
    open_by_key = {(a.project_id, a.kind, a.user_id): a for a in open_alerts}
    raised, resolved = [], []
    stale = [a.pk for key, a in open_by_key.items() if key not in holding]
    if stale:
        Alert.objects.filter(pk__in=stale, resolved_at__isnull=True).update(resolved_at=timezone.now())
        resolved.extend(stale)
    for key, condition in holding.items():
        if key in open_by_key:
            continue
        alert = _raise(org, condition)
        if alert is not None:
            raised.append(alert.pk)
    return {"raised": raised, "resolved": resolved}


def _raise(org, condition: Condition) -> Alert | None:
    try:
        with transaction.atomic():
            with translation.override("fr"):
                message = message_of(condition)
            alert = Alert.objects.create(
                organization=org,
                kind=condition.kind,
                severity=SEVERITY[condition.kind],
                project=condition.project,
                user_id=condition.user_id,
                message=message,
                value=condition.value.quantize(Decimal("0.01")),
                threshold=condition.threshold,
            )
            _tell(org, alert, condition)
    except IntegrityError:  # another worker raised it a moment ago: once per crossing
        return None
    return alert


def recipients(org, alert_kind: str, project: Project):
    """The project manager (unless the alert shows a cost-derived figure) and the admins; finance too
    for the cost-derived ones."""
    roles = [Role.ADMIN, Role.FINANCE] if alert_kind in COST_KINDS else [Role.ADMIN]
    members = Membership.objects.for_org(org).filter(is_active=True, role__in=roles).select_related("user")
    people = {m.user_id: m.user for m in members}
    if alert_kind not in COST_KINDS and project.project_manager_id:
        manager = (
            Membership.objects.for_org(org)
            .filter(user_id=project.project_manager_id, is_active=True)
            .select_related("user")
            .first()
        )
        if manager is not None:
            people[manager.user_id] = manager.user
    return list(people.values())


def _tell(org, alert: Alert, condition: Condition) -> None:
    from django.urls import reverse

    url = reverse("profitability:project", args=[condition.project.pk])
    for person in recipients(org, alert.kind, condition.project):
        with translation.override(person.language):
            text = message_of(condition)
        notify(
            org=org,
            recipient=person,
            event="project_alert",
            context={"project": str(condition.project), "kind": alert.get_kind_display(), "message": text},
            url=url,
        )
