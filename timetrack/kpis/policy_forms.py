"""The form of a new TACE policy; its rules (1st of a month, paid leave and RTT always leave, confirmation
of a past date) live in ``rules`` and are checked by the service."""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from timetrack.core.forms import BootstrapMixin, DateInput
from timetrack.timesheets.models import ActivityType


class PolicyForm(BootstrapMixin, forms.Form):
    effective_from = forms.DateField(
        label=_("En vigueur à partir du"),
        widget=DateInput(),
        help_text=_("Le 1er d'un mois : la politique s'applique aux mois entiers, jusqu'à la suivante."),
    )
    billable_types = forms.ModelMultipleChoiceField(
        label=_("Types comptés comme facturables (produits)"),
        queryset=ActivityType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    leave_types = forms.ModelMultipleChoiceField(
        label=_("Types retirés des heures possibles (congés)"),
        queryset=ActivityType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Les congés payés et les RTT en font toujours partie."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    confirm_past = forms.BooleanField(
        required=False,
        help_text=_(
            "Obligatoire quand ce mois a déjà commencé : ses TACE et ceux des mois suivants changent."
        ),
    )

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        types = ActivityType.objects.for_org(org).order_by("position", "name")
        self.fields["billable_types"].queryset = types
        self.fields["leave_types"].queryset = types
        day = self._entered_date()
        self.fields["confirm_past"].label = (
            gettext("Je confirme que ce changement recalcule les TACE depuis le %(date)s")
            % {"date": date_format(day, "DATE_FORMAT")}
            if day
            else _("Je confirme que ce changement recalcule les TACE depuis le 1er du mois choisi")
        )

    def _entered_date(self) -> date | None:
        try:
            return date.fromisoformat(str(self["effective_from"].value()))
        except ValueError:
            return None
