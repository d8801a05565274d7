import re

from django import forms
from django.utils.translation import gettext_lazy as _

from timetrack.core.forms import BootstrapMixin, DateInput
from timetrack.lib.errors import DomainError
from timetrack.orgs.forms import PersonChoiceField
from timetrack.orgs.selectors import member_users
from timetrack.projects import rules
from timetrack.projects.models import Assignment, BillingMode, Client, Project


def _workflow_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Circuit de validation"),
        queryset=None,
        required=False,
        empty_label=_("— Circuit par défaut —"),
    )


def _org_workflows(org):
    from timetrack.approvals.models import Workflow

    return Workflow.objects.for_org(org).filter(is_default=False)


class ClientForm(BootstrapMixin, forms.ModelForm):
    workflow = _workflow_field()

    class Meta:
        model = Client
        fields = ["name", "workflow"]

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workflow"].queryset = _org_workflows(org)


class PeriodMixin:
    """Reversed dates get the rule's message on the end date, before the model's own check
    (which would speak of a violated constraint)."""

    def clean(self):
        cleaned = super().clean()
        try:
            rules.check_dates_ordered(cleaned.get("start_date"), cleaned.get("end_date"))
        except DomainError as error:
            self.add_error(error.field, error.message)
        return cleaned


class AmountField(forms.DecimalField):
    """A decimal typed the French way: "78 000,50" (spaces between thousands, a decimal comma)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"\s", "", value)
        return super().to_python(value)


def _amount_field(model_field: str, model, **kwargs) -> forms.DecimalField:
    """An ``AmountField`` bounded as the model's field (digits, decimal places)."""
    field = model._meta.get_field(model_field).formfield(form_class=AmountField, localize=True, **kwargs)
    field.widget.attrs.setdefault("inputmode", "decimal")
    return field


class ProjectForm(PeriodMixin, BootstrapMixin, forms.ModelForm):
    client = forms.ModelChoiceField(
        label=_("Client"), queryset=None, required=False, empty_label=_("— Aucun (projet interne) —")
    )
    project_manager = PersonChoiceField(
        label=_("Chef de projet"), queryset=None, required=False, empty_label=_("— Aucun —")
    )
    budget_days = _amount_field("budget_days", Project, min_value=0)
    budget_amount = _amount_field("budget_amount", Project, min_value=0)
    fixed_price = _amount_field(
        "fixed_price", Project, min_value=0, help_text=_("Prix vendu, pour un projet au forfait.")
    )
    workflow = _workflow_field()

    class Meta:
        model = Project
        fields = [
            "code",
            "name",
            "client",
            "billing_mode",
            "start_date",
            "end_date",
            "project_manager",
            "budget_days",
            "budget_amount",
            "fixed_price",
            "workflow",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.for_org(org)
        self.fields["project_manager"].queryset = member_users(org)
        self.fields["workflow"].queryset = _org_workflows(org)


class ProjectFilterForm(forms.Form):
    """The filters of the projects list; an unknown value is ignored rather than refused."""

    client = forms.ModelChoiceField(label=_("Client"), queryset=None, required=False)
    billing_mode = forms.ChoiceField(
        label=_("Mode"), choices=[("", _("Tous les modes")), *BillingMode.choices], required=False
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.for_org(org)
        self.fields["client"].empty_label = _("Tous les clients")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"

    def filters(self) -> dict:
        if not self.is_valid():
            return {"client_id": None, "billing_mode": None}
        client = self.cleaned_data["client"]
        return {"client_id": client.pk if client else None, "billing_mode": self.cleaned_data["billing_mode"]}


class AssignmentForm(PeriodMixin, BootstrapMixin, forms.ModelForm):
    user = PersonChoiceField(label=_("Consultant"), queryset=None)
    allocation_percent = _amount_field("allocation_percent", Assignment)
    daily_rate = _amount_field("daily_rate", Assignment, min_value=0, label=_("TJM (€)"))

    class Meta:
        model = Assignment
        fields = ["user", "start_date", "end_date", "allocation_percent", "daily_rate"]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "allocation_percent": _("Part du temps du consultant sur ce projet (100 = plein temps).")
        }

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = member_users(org)
