"""Rates with history, the per-project rollup of work and its value, and the alerts on projects.

A TJM (sell rate) belongs to an assignment: its own ``daily_rate`` holds from its start, each
``AssignmentRate`` changes it from ``effective_from`` on. A CJM (cost rate) belongs to a person and holds
from ``effective_from`` until the next one. ``ProjectRollup`` keeps, per project, person, month and activity
type, the hours and their value at the rates in force each day, exact in the same transaction as each
entry change and recomputed when a rate changes (``rollup.py``).
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from timetrack.orgs.scoping import OrgOwnedModel


class AssignmentRate(OrgOwnedModel):
    assignment = models.ForeignKey(
        "projects.Assignment", verbose_name=_("affectation"), on_delete=models.CASCADE, related_name="rates"
    )
    daily_rate = models.DecimalField(
        _("TJM (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    effective_from = models.DateField(_("à partir du"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("changement de TJM")
        ordering = ["effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "effective_from"], name="assignment_rate_unique_day"
            ),
            models.CheckConstraint(condition=Q(daily_rate__gte=0), name="assignment_rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.assignment_id} · {self.daily_rate} € / {self.effective_from}"


class CostRate(OrgOwnedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="+"
    )
    daily_cost = models.DecimalField(
        _("CJM (€)"), max_digits=10, decimal_places=2, validators=[MinValueValidator(0)]
    )
    effective_from = models.DateField(_("à partir du"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("coût journalier")
        ordering = ["user_id", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "effective_from"], name="cost_rate_unique_day"
            ),
            models.CheckConstraint(condition=Q(daily_cost__gte=0), name="cost_rate_not_negative"),
        ]

    def __str__(self):
        return f"{self.user_id} · {self.daily_cost} € / {self.effective_from}"


class ProjectRollup(OrgOwnedModel):
    """Σ hours of one person on one project in one month for one activity type, with
    ``sell_value`` = Σ hours × TJM of the day and ``cost_value`` = Σ hours × CJM of the day (€·h/day:
    divide by the hours per day for euros; kept undivided so that the sums stay exact). Hours without a
    TJM (or CJM) are counted in ``unpriced_hours`` (``uncosted_hours``) so the screens can say so."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    activity_type = models.ForeignKey("timesheets.ActivityType", on_delete=models.CASCADE, related_name="+")
    hours = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    sell_value = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    cost_value = models.DecimalField(max_digits=20, decimal_places=6, default=0)
    unpriced_hours = models.DecimalField(max_digits=12, decimal_places=4, default=0)
    uncosted_hours = models.DecimalField(max_digits=12, decimal_places=4, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["project", "user", "month", "activity_type"], name="project_rollup_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["organization", "month"], name="project_rollup_org_month")]


class AlertKind(models.TextChoices):
    BUDGET_WARNING = "budget_warning", _("Budget bientôt consommé")
    BUDGET_EXCEEDED = "budget_exceeded", _("Budget dépassé")
    FORECAST_OVER_BUDGET = "forecast_over_budget", _("Prévision au-delà du budget")
    MARGIN_BELOW_TARGET = "margin_below_target", _("Marge sous l'objectif")
    WORK_AFTER_END = "work_after_end", _("Saisie après la fin du projet")


class Severity(models.TextChoices):
    WARNING = "warning", _("Attention")
    CRITICAL = "critical", _("Critique")


class AlertQuerySet(models.QuerySet):
    def for_org(self, org):
        return self.filter(organization=org)

    def active(self):
        return self.filter(resolved_at__isnull=True)


class Alert(OrgOwnedModel):
    """One crossing of a condition on a project: raised once when it starts to hold, resolved (never
    deleted) when it stops; a later crossing raises a new alert."""

    kind = models.CharField(_("type"), max_length=30, choices=AlertKind)
    severity = models.CharField(_("gravité"), max_length=10, choices=Severity)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("projet"), on_delete=models.CASCADE, related_name="alerts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    message = models.TextField(_("message"))
    value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    threshold = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alerte")
        ordering = ["-created_at", "-id"]
        constraints = [
            # at most one open alert per condition: "raised once per crossing", even under concurrency
            models.UniqueConstraint(
                fields=["project", "kind", "user"],
                condition=Q(resolved_at__isnull=True, user__isnull=False),
                name="alert_one_open_per_user",
            ),
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=Q(resolved_at__isnull=True, user__isnull=True),
                name="alert_one_open_per_project",
            ),
        ]
        indexes = [models.Index(fields=["organization", "resolved_at"], name="alert_org_open")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.project_id}"
