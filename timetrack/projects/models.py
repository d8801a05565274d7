from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from timetrack.orgs.scoping import OrgOwnedModel, OrgQuerySet


class BillingMode(models.TextChoices):
    TIME_AND_MATERIALS = "time_and_materials", _("Régie")
    FIXED_PRICE = "fixed_price", _("Forfait")
    INTERNAL = "internal", _("Interne")


class Client(OrgOwnedModel):
    name = models.CharField(_("nom"), max_length=200)
    workflow = models.ForeignKey(
        "approvals.Workflow",
        verbose_name=_("circuit de validation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("client")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="client_unique_name")]

    def __str__(self):
        return self.name


class Project(OrgOwnedModel):
    client = models.ForeignKey(
        Client,
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    name = models.CharField(_("nom"), max_length=200)
    code = models.CharField(_("code"), max_length=40)
    billing_mode = models.CharField(
        _("mode de facturation"), max_length=20, choices=BillingMode, default=BillingMode.TIME_AND_MATERIALS
    )
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    budget_days = models.DecimalField(
        _("budget (jours)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    budget_amount = models.DecimalField(
        _("budget (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fixed_price = models.DecimalField(
        _("prix du forfait (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    project_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chef de projet"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    workflow = models.ForeignKey(
        "approvals.Workflow",
        verbose_name=_("circuit de validation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("projet")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="project_unique_code"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=F("start_date")),
                name="project_dates_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"


class AssignmentQuerySet(OrgQuerySet):
    def active_on(self, day):
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gte=day))

    def overlapping(self, start, end):
        return self.filter(start_date__lte=end).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))


class Assignment(OrgOwnedModel):
    """A consultant staffed on a project for a period, at an allocation and a daily sell rate (TJM)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("consultant"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="assignments"
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"), null=True, blank=True)
    allocation_percent = models.DecimalField(
        _("allocation (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100.00"))],
    )
    daily_rate = models.DecimalField(_("TJM (€)"), max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("affectation")
        ordering = ["start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="assignment_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(allocation_percent__gt=0) & Q(allocation_percent__lte=100),
                name="assignment_allocation_range",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "user", "start_date"], name="assignment_org_user_start")
        ]

    def __str__(self):
        return f"{self.user} → {self.project}"

    def covers(self, day) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)
