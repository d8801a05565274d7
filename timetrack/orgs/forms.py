from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from timetrack.core.forms import BootstrapMixin, DateInput
from timetrack.orgs.models import Agency, Calendar, Organization, Role, Team
from timetrack.orgs.selectors import member_users


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.email})" if name else user.email


class OrgChoicesMixin(BootstrapMixin):
    """Choices of people, teams and agencies come from the current organisation only."""

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        querysets = {
            "manager": member_users(org),
            "lead": member_users(org),
            "team": Team.objects.for_org(org),
            "agency": Agency.objects.for_org(org),
        }
        for name, queryset in querysets.items():
            if name in self.fields:
                self.fields[name].queryset = queryset


def _person_field(label):
    return PersonChoiceField(label=label, queryset=None, required=False, empty_label=_("— Aucun —"))


def _team_field():
    return forms.ModelChoiceField(
        label=_("Équipe"), queryset=None, required=False, empty_label=_("— Aucune —")
    )


def _agency_field():
    return forms.ModelChoiceField(
        label=_("Agence"), queryset=None, required=False, empty_label=_("— Aucune —")
    )


class MemberForm(OrgChoicesMixin, forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    email = forms.EmailField(label=_("Adresse e-mail"))
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices)
    manager = _person_field(_("Manager (N+1)"))
    team = _team_field()
    agency = _agency_field()
    job_title = forms.CharField(label=_("Poste"), max_length=120, required=False)
    contract_percent = forms.IntegerField(
        label=_("Taux d'activité du contrat (%)"),
        min_value=1,
        max_value=100,
        help_text=_("100 pour un temps plein, 80 pour un temps partiel à 80 %."),
    )
    start_date = forms.DateField(label=_("Date d'entrée"), required=False, widget=DateInput())
    end_date = forms.DateField(label=_("Date de sortie"), required=False, widget=DateInput())
    calendar = forms.ChoiceField(
        label=_("Calendrier"),
        choices=[("", _("Celui de l'agence ou de l'organisation")), *Calendar.choices],
        required=False,
    )
    forfait_jours = forms.BooleanField(
        label=_("Forfait-jours"), required=False, help_text=_("Cadre au forfait annuel en jours (Syntec).")
    )
    is_active = forms.BooleanField(label=_("Actif"), required=False)

    @classmethod
    def initial_for(cls, membership) -> dict:
        user = membership.user
        names = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
        fields = ("role", "manager", "team", "agency", "job_title", "start_date", "end_date", "calendar")
        values = {f: getattr(membership, f) for f in fields}
        percent = int(membership.contract_ratio * 100)
        flags = {"forfait_jours": membership.forfait_jours, "is_active": membership.is_active}
        return {**names, **values, **flags, "contract_percent": percent}

    def service_values(self) -> dict:
        """The cleaned data as ``update_member`` takes it."""
        values = dict(self.cleaned_data)
        manager = values.pop("manager")
        values["manager_id"] = manager.pk if manager else None
        values["contract_ratio"] = Decimal(values.pop("contract_percent")) / 100
        return values


class InviteForm(OrgChoicesMixin, forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail"))
    role = forms.ChoiceField(label=_("Rôle"), choices=Role.choices, initial=Role.CONSULTANT)
    manager = _person_field(_("Manager (N+1)"))
    team = _team_field()
    agency = _agency_field()


WEEKDAYS = [
    ("0", _("Lundi")),
    ("1", _("Mardi")),
    ("2", _("Mercredi")),
    ("3", _("Jeudi")),
    ("4", _("Vendredi")),
    ("5", _("Samedi")),
    ("6", _("Dimanche")),
]


class OrganizationForm(BootstrapMixin, forms.ModelForm):
    # Stored as digits ("01234" = Monday to Friday); shown as one box per day.
    working_weekdays = forms.MultipleChoiceField(
        label=_("Jours travaillés"), choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Organization
        fields = [
            "name",
            "time_unit",
            "hours_per_day",
            "default_calendar",
            "working_weekdays",
            "require_complete_month",
            "forfait_days_per_year",
            "budget_warning_percent",
            "budget_critical_percent",
            "margin_target_percent",
        ]
        labels = {"name": _("Nom de l'organisation")}
        help_texts = {
            "time_unit": _("Unité dans laquelle les consultants saisissent leur temps."),
            "hours_per_day": _(
                "Durée d'une journée de travail : une journée saisie vaut ce nombre d'heures."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["working_weekdays"] = list(self.instance.working_weekdays)

    def clean_working_weekdays(self) -> str:
        return "".join(sorted(set(self.cleaned_data["working_weekdays"])))

    def clean(self):
        cleaned = super().clean()
        warning, critical = cleaned.get("budget_warning_percent"), cleaned.get("budget_critical_percent")
        if warning is not None and critical is not None and warning > critical:
            self.add_error(
                "budget_warning_percent",
                _("Le seuil d'alerte doit être inférieur ou égal au seuil de dépassement."),
            )
        return cleaned


class TeamForm(OrgChoicesMixin, forms.ModelForm):
    agency = _agency_field()
    lead = _person_field(_("Responsable"))

    class Meta:
        model = Team
        fields = ["name", "agency", "lead"]


class AgencyForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "calendar"]
        help_texts = {"calendar": _("Calendrier des jours fériés des personnes rattachées à cette agence.")}
