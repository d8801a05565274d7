from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from timetrack.orgs.scoping import OrgOwnedModel

NO_TEAM_NO_USER = Q(team__isnull=True, user__isnull=True)


class TaceTarget(OrgOwnedModel):
    """A TACE objective in force from ``effective_from`` until the next one of the same scope.

    The scope is the organisation (no team, no user), a team, or a person — never a team and a person.
    A new target starts at a date and never rewrites what an earlier date's target was.
    """

    team = models.ForeignKey(
        "orgs.Team",
        verbose_name=_("équipe"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    target_percent = models.DecimalField(_("objectif de TACE (%)"), max_digits=5, decimal_places=2)
    effective_from = models.DateField(_("en vigueur à partir du"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("objectif de TACE")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True) | Q(user__isnull=True), name="tace_target_one_scope"
            ),
            models.CheckConstraint(
                condition=Q(target_percent__gt=0) & Q(target_percent__lte=150),
                name="tace_target_percent_range",
            ),
            # NULL never equals NULL in a unique index: one constraint per scope.
            models.UniqueConstraint(
                fields=["organization", "effective_from"],
                condition=NO_TEAM_NO_USER,
                name="tace_target_unique_org_date",
            ),
            models.UniqueConstraint(
                fields=["organization", "team", "effective_from"],
                condition=Q(team__isnull=False),
                name="tace_target_unique_team_date",
            ),
            models.UniqueConstraint(
                fields=["organization", "user", "effective_from"],
                condition=Q(user__isnull=False),
                name="tace_target_unique_user_date",
            ),
        ]
        indexes = [models.Index(fields=["organization", "effective_from"], name="tace_target_org_from")]

    def __str__(self):
        return f"{self.target_percent} % @ {self.effective_from}"

    @property
    def scope(self) -> str:
        if self.user_id:
            return "user"
        return "team" if self.team_id else "organization"


class TacePolicy(OrgOwnedModel):
    """Which activity types the TACE counts as billable and as leave, from ``effective_from`` (the 1st of a
    month) until the next policy of the organisation. Months before the first policy count by the activity
    types' own flags. A policy is never edited: a change is a new row with its own date."""

    effective_from = models.DateField(_("en vigueur à partir du"))
    billable_types = models.ManyToManyField(
        "timesheets.ActivityType", verbose_name=_("types facturables"), related_name="+", blank=True
    )
    leave_types = models.ManyToManyField(
        "timesheets.ActivityType", verbose_name=_("types retirés comme congés"), related_name="+"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("créée par"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("politique TACE")
        ordering = ["-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "effective_from"], name="tace_policy_unique_date"
            ),
            models.CheckConstraint(condition=Q(effective_from__day=1), name="tace_policy_first_of_month"),
        ]

    def __str__(self):
        return f"{self.organization_id} @ {self.effective_from}"
