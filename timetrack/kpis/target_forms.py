"""The form of a TACE target; the scope rules themselves live in ``rules`` and are checked by the service."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from timetrack.core.forms import DateInput
from timetrack.orgs.forms import OrgChoicesMixin, PersonChoiceField
from timetrack.orgs.selectors import member_users


class TargetForm(OrgChoicesMixin, forms.Form):
    team = forms.ModelChoiceField(
        label=_("Équipe"),
        queryset=None,
        required=False,
        empty_label=_("— Aucune —"),
        help_text=_("Laissez l'équipe et la personne vides pour l'objectif de toute l'organisation."),
    )
    user = PersonChoiceField(label=_("Personne"), queryset=None, required=False, empty_label=_("— Aucune —"))
    target = forms.DecimalField(
        label=_("Objectif de TACE (%)"), max_digits=5, decimal_places=2, min_value=Decimal("0.01")
    )
    effective_from = forms.DateField(label=_("En vigueur à partir du"), widget=DateInput())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, org=org, **kwargs)
        self.fields["user"].queryset = member_users(org)
