"""Forms of the validation settings: a workflow and its steps, a delegation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from timetrack.approvals import rules
from timetrack.approvals.models import ApproverRule
from timetrack.core.forms import BootstrapMixin, DateInput
from timetrack.lib.errors import DomainError
from timetrack.orgs.forms import PersonChoiceField
from timetrack.orgs.models import Role
from timetrack.orgs.selectors import member_users


class WorkflowForm(BootstrapMixin, forms.Form):
    name = forms.CharField(label=_("Nom du circuit"), max_length=120)


class StepForm(BootstrapMixin, forms.Form):
    rule = forms.ChoiceField(
        label=_("Valideur"), choices=[("", _("— Aucune étape —")), *ApproverRule.choices], required=False
    )
    role = forms.ChoiceField(label=_("Rôle"), choices=[("", "—"), *Role.choices], required=False)
    user = PersonChoiceField(label=_("Personne"), queryset=None, required=False, empty_label="—")
    client_name = forms.CharField(label=_("Contact client"), max_length=200, required=False)
    client_email = forms.EmailField(label=_("E-mail du contact"), required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        self.fields["user"].queryset = member_users(org)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rule") and not self.errors:
            try:
                rules.check_step_complete(self.org, cleaned)
            except DomainError as error:
                self.add_error(error.field, error.message)
        return cleaned


class BaseStepFormSet(forms.BaseFormSet):
    def _construct_form(self, i, **kwargs):
        # Every row is read, even one left as shown: a blank « Valideur » is what skips a row.
        return super()._construct_form(i, empty_permitted=False, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        try:
            rules.check_has_steps(self.steps())
        except DomainError as error:
            raise forms.ValidationError(error.message) from error

    def steps(self) -> list[dict]:
        """The kept steps, in the order typed in « Ordre » (then as shown)."""
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("rule") and not form.cleaned_data.get("DELETE")
        ]
        kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 1000)
        return [{k: v for k, v in form.cleaned_data.items() if k not in ("ORDER", "DELETE")} for form in kept]


StepFormSet = forms.formset_factory(
    StepForm, formset=BaseStepFormSet, extra=2, can_delete=True, can_order=True
)


def initial_steps(workflow) -> list[dict]:
    if workflow is None:
        return [{"rule": ApproverRule.MANAGER}]
    return [
        {
            "rule": step.rule,
            "role": step.role,
            "user": step.user_id,
            "client_name": step.client_name,
            "client_email": step.client_email,
        }
        for step in workflow.steps.order_by("position")
    ]


class DelegationForm(BootstrapMixin, forms.Form):
    delegator = PersonChoiceField(label=_("Manager absent"), queryset=None)
    delegate = PersonChoiceField(label=_("Délégué"), queryset=None)
    start_date = forms.DateField(label=_("Du"), widget=DateInput())
    end_date = forms.DateField(label=_("Au"), widget=DateInput())

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        users = member_users(membership.organization)
        self.fields["delegate"].queryset = users
        if membership.is_admin:
            self.fields["delegator"].queryset = users
        else:
            del self.fields["delegator"]
