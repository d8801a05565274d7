import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from timetrack.orgs.scoping import OrgOwnedModel, OrgQuerySet


class ActivityKind(models.TextChoices):
    WORK = "work", _("Travail")
    ABSENCE = "absence", _("Absence")


class ActivityType(OrgOwnedModel):
    """What time is spent on. Built-in codes exist in every organisation; admins add their own."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("libellé"), max_length=120)
    kind = models.CharField(_("nature"), max_length=8, choices=ActivityKind, default=ActivityKind.WORK)
    billable = models.BooleanField(_("facturable"), default=False)
    counts_as_leave = models.BooleanField(_("compte comme congé (TACE)"), default=False)
    requires_project = models.BooleanField(_("projet obligatoire"), default=False)
    is_builtin = models.BooleanField(default=False, editable=False)
    is_active = models.BooleanField(_("actif"), default=True)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        verbose_name = _("type d'activité")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="activity_type_unique_code")
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        renew_activity_types_stamp(self.organization_id)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        renew_activity_types_stamp(self.organization_id)
        return result


def renew_activity_types_stamp(org_id: int) -> uuid.UUID:
    """Say that the activity types of the organisation changed: processes keeping them read them again."""
    from timetrack.orgs.models import Organization

    stamp = uuid.uuid4()
    Organization.objects.filter(pk=org_id).update(activity_types_stamp=stamp)
    return stamp


class TimesheetStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Soumis")
    VALIDATED = "validated", _("Validé")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    REJECTED = "rejected", _("Refusé")


LOCKED_STATUSES = (TimesheetStatus.SUBMITTED, TimesheetStatus.VALIDATED)


class Timesheet(OrgOwnedModel):
    """The CRA: one person's calendar month. ``month`` is the first day of that month."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="timesheets")
    month = models.DateField(_("mois"))
    status = models.CharField(
        _("statut"), max_length=20, choices=TimesheetStatus, default=TimesheetStatus.DRAFT
    )
    current_step = models.PositiveSmallIntegerField(_("étape en cours"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("soumis le"), null=True, blank=True)
    validated_at = models.DateTimeField(_("validé le"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("CRA")
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "user", "month"], name="timesheet_unique_month"),
        ]

    def __str__(self):
        return f"{self.user} {self.month:%Y-%m}"

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES


class TimeEntryQuerySet(OrgQuerySet):
    def in_period(self, start, end):
        return self.filter(date__gte=start, date__lte=end)


class TimeEntry(OrgOwnedModel):
    """A quantity on one day for one activity (and a project for project work).

    Stored in hours with four decimals, so that a quarter day of any day length (7.5 h → 1.875 h) stays
    exact; days are derived with the organisation's hours per day.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="time_entries")
    timesheet = models.ForeignKey(Timesheet, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField(_("date"))
    activity_type = models.ForeignKey(
        ActivityType, verbose_name=_("activité"), on_delete=models.PROTECT, related_name="entries"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("projet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    hours = models.DecimalField(_("heures"), max_digits=8, decimal_places=4)
    comment = models.CharField(_("commentaire"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TimeEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("saisie")
        ordering = ["date", "id"]
        constraints = [
            # One cell, one row: two saves of the same cell update it, never duplicate it.
            models.UniqueConstraint(
                fields=["organization", "user", "date", "activity_type", "project"],
                condition=Q(project__isnull=False),
                name="entry_unique_project_cell",
            ),
            models.UniqueConstraint(
                fields=["organization", "user", "date", "activity_type"],
                condition=Q(project__isnull=True),
                name="entry_unique_activity_cell",
            ),
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=24), name="entry_hours_range"),
        ]
        indexes = [
            models.Index(fields=["organization", "user", "date"], name="entry_org_user_date"),
            # organisation-wide reads of a few days or weeks: partial months, a project's burn rate
            models.Index(fields=["organization", "date"], name="entry_org_date"),
        ]

    def __str__(self):
        return f"{self.user} {self.date} {self.activity_type.code} {self.hours}"


class MonthlyRollup(OrgOwnedModel):
    """Hours per person, month and activity type: the sum of the entries, kept exact by the entries'
    write path in the same transaction as each change (services._apply_rollup), so that KPIs over months
    read a few rows per person instead of every entry. ``rebuild_rollups`` recomputes it from the entries."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    activity_type = models.ForeignKey(ActivityType, on_delete=models.CASCADE, related_name="+")
    hours = models.DecimalField(max_digits=12, decimal_places=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user", "month", "activity_type"], name="rollup_unique_cell"
            )
        ]
        indexes = [models.Index(fields=["organization", "month"], name="rollup_org_month")]
