import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from timetrack.lib.calendar import WorkSchedule
from timetrack.orgs.scoping import OrgOwnedModel, OrgQuerySet


class TimeUnit(models.TextChoices):
    DAYS = "days", _("Jours")
    HOURS = "hours", _("Heures")


class Calendar(models.TextChoices):
    FR = "FR", _("France")
    FR_ALSACE_MOSELLE = "FR-Alsace-Moselle", _("France (Alsace-Moselle)")


class Role(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    MANAGER = "manager", _("Manager")
    ADMIN = "admin", _("Administrateur")
    FINANCE = "finance", _("Finance")


# Roles that see other people: admins and finance everyone, managers their N+1 subtree.
PEOPLE_ROLES = (Role.ADMIN, Role.FINANCE, Role.MANAGER)


class Organization(models.Model):
    """The tenant: one ESN, with the settings every calculation reads."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    time_unit = models.CharField(_("unité de saisie"), max_length=5, choices=TimeUnit, default=TimeUnit.DAYS)
    hours_per_day = models.DecimalField(
        _("heures par jour"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("7.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("24"))],
    )
    default_calendar = models.CharField(
        _("calendrier par défaut"), max_length=20, choices=Calendar, default=Calendar.FR
    )
    working_weekdays = models.CharField(
        _("jours travaillés"),
        max_length=7,
        default="01234",
        validators=[
            RegexValidator(
                r"^[0-6]{1,7}$", _("Indiquez les jours par leur numéro, 0 = lundi … 6 = dimanche.")
            )
        ],
        help_text=_("Numéros des jours de la semaine travaillés (0 = lundi)."),
    )
    require_complete_month = models.BooleanField(
        _("mois complet exigé pour soumettre"),
        default=True,
        help_text=_("Un CRA ne peut être soumis que si chaque jour ouvré est rempli."),
    )
    forfait_days_per_year = models.PositiveSmallIntegerField(
        _("jours par an (forfait-jours)"),
        default=218,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    budget_warning_percent = models.DecimalField(
        _("alerte de budget (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("80.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("999"))],
        help_text=_("Une alerte est levée quand un projet a consommé cette part de son budget."),
    )
    budget_critical_percent = models.DecimalField(
        _("alerte de dépassement (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("999"))],
        help_text=_("Seuil de consommation du budget considéré comme un dépassement."),
    )
    margin_target_percent = models.DecimalField(
        _("taux de marge visé (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        validators=[MinValueValidator(Decimal("-100")), MaxValueValidator(Decimal("100"))],
        help_text=_("Un projet dont le taux de marge passe sous ce seuil déclenche une alerte."),
    )
    # Changed by every write of the organisation's activity types: a process may keep them between
    # requests while the stamp it reads with the organisation is the same (selectors.cached_activity_type).
    activity_types_stamp = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_day__gt=0) & Q(hours_per_day__lte=24), name="org_hours_per_day_range"
            ),
            models.CheckConstraint(
                condition=Q(budget_warning_percent__lte=F("budget_critical_percent")),
                name="org_budget_thresholds_ordered",
                violation_error_message=_(
                    "Le seuil d'alerte doit être inférieur ou égal au seuil de dépassement."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def weekdays(self) -> frozenset[int]:
        return frozenset(int(d) for d in self.working_weekdays)


class Agency(OrgOwnedModel):
    """A site of the ESN; its calendar is the default of the people attached to it."""

    name = models.CharField(_("nom"), max_length=120)
    calendar = models.CharField(_("calendrier"), max_length=20, choices=Calendar, default=Calendar.FR)

    class Meta:
        verbose_name = _("agence")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="agency_unique_name")]

    def __str__(self):
        return self.name


class Team(OrgOwnedModel):
    name = models.CharField(_("nom"), max_length=120)
    agency = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="teams")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("équipe")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="team_unique_name")]

    def __str__(self):
        return self.name


class MembershipQuerySet(OrgQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def matching(self, text: str):
        """Members whose first name, last name or e-mail contains every word of ``text``."""
        queryset = self
        for word in text.split():
            queryset = queryset.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
            )
        return queryset


class Membership(OrgOwnedModel):
    """A person in an organisation: role, N+1, team, agency and employment contract."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=12, choices=Role, default=Role.CONSULTANT)
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager (N+1)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("équipe"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    agency = models.ForeignKey(
        Agency,
        verbose_name=_("agence"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    job_title = models.CharField(_("poste"), max_length=120, blank=True)
    contract_ratio = models.DecimalField(
        _("taux d'activité du contrat"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    start_date = models.DateField(_("date d'entrée"), null=True, blank=True)
    end_date = models.DateField(_("date de sortie"), null=True, blank=True)
    calendar = models.CharField(
        _("calendrier"),
        max_length=20,
        choices=Calendar,
        blank=True,
        help_text=_("Vide : celui de l'agence, sinon celui de l'organisation."),
    )
    forfait_jours = models.BooleanField(
        _("forfait-jours"), default=False, help_text=_("Cadre au forfait annuel en jours (Syntec).")
    )
    is_active = models.BooleanField(_("actif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membre")
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="membership_unique_user"),
            models.CheckConstraint(
                condition=Q(contract_ratio__gt=0) & Q(contract_ratio__lte=1), name="membership_ratio_range"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="membership_dates_ordered",
            ),
        ]
        indexes = [models.Index(fields=["organization", "manager"], name="membership_org_manager")]

    def __str__(self):
        return f"{self.user} @ {self.organization}"

    @property
    def effective_calendar(self) -> str:
        return (
            self.calendar
            or (self.agency.calendar if self.agency_id else "")
            or self.organization.default_calendar
        )

    def schedule(self) -> WorkSchedule:
        """The working calendar of this person (organisation, agency and contract together)."""
        return work_schedule(
            self.organization,
            calendar=self.calendar,
            agency_calendar=self.agency.calendar if self.agency_id else "",
            ratio=self.contract_ratio,
            employed_from=self.start_date,
            employed_until=self.end_date,
        )

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def sees_costs(self) -> bool:
        return self.role in (Role.ADMIN, Role.FINANCE)

    @property
    def sees_everyone(self) -> bool:
        return self.role in (Role.ADMIN, Role.FINANCE)

    @property
    def sees_people(self) -> bool:
        """May open the people list (everyone for admin and finance, their subtree for a manager)."""
        return self.role in PEOPLE_ROLES


def work_schedule(
    org, *, calendar, agency_calendar, ratio, employed_from, employed_until, weekdays=None
) -> WorkSchedule:
    """A person's working calendar: their own calendar, else their agency's, else the organisation's;
    the organisation's working weekdays and day length; their contract. One place for the rule, used by
    ``Membership.schedule()`` and by the KPI reads that load thousands of people as plain values."""
    return WorkSchedule(
        calendar=calendar or agency_calendar or org.default_calendar,
        weekdays=weekdays if weekdays is not None else org.weekdays,
        hours_per_day=org.hours_per_day,
        ratio=ratio,
        employed_from=employed_from,
        employed_until=employed_until,
    )
