from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from timetrack.orgs.models import Role
from timetrack.orgs.scoping import OrgOwnedModel


class ApproverRule(models.TextChoices):
    MANAGER = "manager", _("Manager (N+1) du consultant")
    PROJECT_MANAGER = "project_manager", _("Chefs de projet des projets du CRA")
    ROLE = "role", _("Un rôle")
    USER = "user", _("Une personne nommée")
    CLIENT = "client", _("Le client, par un lien")


class Workflow(OrgOwnedModel):
    """An ordered list of approval steps. Each organisation has a default one (the N+1 manager);
    a project or a client may name another."""

    name = models.CharField(_("nom"), max_length=120)
    is_default = models.BooleanField(_("par défaut"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("circuit de validation")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="workflow_unique_name"),
            models.UniqueConstraint(
                fields=["organization"], condition=Q(is_default=True), name="workflow_one_default"
            ),
        ]

    def __str__(self):
        return self.name


class WorkflowStep(OrgOwnedModel):
    workflow = models.ForeignKey(Workflow, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("ordre"))
    rule = models.CharField(_("valideur"), max_length=20, choices=ApproverRule)
    role = models.CharField(_("rôle"), max_length=12, choices=Role, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    client_name = models.CharField(_("contact client"), max_length=200, blank=True)
    client_email = models.EmailField(_("e-mail du contact client"), blank=True)

    class Meta:
        verbose_name = _("étape de validation")
        ordering = ["workflow", "position"]
        constraints = [
            models.UniqueConstraint(fields=["workflow", "position"], name="workflow_step_unique_position"),
        ]

    def __str__(self):
        return f"{self.workflow} #{self.position}: {self.get_rule_display()}"


class Route(OrgOwnedModel):
    """The steps a submitted CRA goes through, resolved at submission into approvers and frozen:
    editing a workflow afterwards never changes a CRA already in validation."""

    timesheet = models.OneToOneField("timesheets.Timesheet", on_delete=models.CASCADE, related_name="route")
    workflow_name = models.CharField(max_length=120)
    # [{"label": str, "rule": str, "approvers": [user ids]}], in order; Timesheet.current_step is 1-based.
    steps = models.JSONField(default=list)
    approvals = models.PositiveSmallIntegerField(default=0)  # approvals given in this submission

    class Meta:
        verbose_name = _("parcours de validation")


class Delegation(OrgOwnedModel):
    """A manager away names a delegate who acts for them on the CRAs routed to them, between two dates."""

    delegator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    delegate = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    start_date = models.DateField(_("du"))
    end_date = models.DateField(_("au"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("délégation")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="delegation_dates_ordered"
            ),
            models.CheckConstraint(condition=~Q(delegator=F("delegate")), name="delegation_not_self"),
        ]


class ClientApprovalLink(OrgOwnedModel):
    """The single-purpose link sent to a client contact for one step of one submission of a CRA.

    Only a SHA-256 of the random token is stored: a database leak gives no usable link."""

    timesheet = models.ForeignKey(
        "timesheets.Timesheet", on_delete=models.CASCADE, related_name="client_links"
    )
    step = models.PositiveSmallIntegerField()
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    decided_by_name = models.CharField(max_length=200, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("lien d'approbation client")
        indexes = [models.Index(fields=["organization", "timesheet"], name="client_link_org_sheet")]


class Action(models.TextChoices):
    SUBMIT = "submit", _("Soumission")
    APPROVE = "approve", _("Approbation")
    REJECT = "reject", _("Refus")
    REQUEST_CHANGES = "request_changes", _("Modifications demandées")
    RECALL = "recall", _("Rappel par le consultant")
    REOPEN = "reopen", _("Réouverture")


class TimesheetEvent(OrgOwnedModel):
    """One transition of a CRA. Written once by the approvals services, never updated or deleted."""

    timesheet = models.ForeignKey("timesheets.Timesheet", on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200, blank=True)  # who, as shown then (a client contact's name)
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)
    totals = models.JSONField(default=dict)  # the CRA's totals at that moment
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("événement de CRA")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["organization", "timesheet", "at"], name="event_org_sheet_at")]
