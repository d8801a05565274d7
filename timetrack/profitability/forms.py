"""Forms of the profitability screens: the table's filters (GET), a TJM change and a CJM (POST)."""

from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from timetrack.core.forms import BootstrapMixin, DateInput
from timetrack.core.widgets import FastSelect
from timetrack.kpis.forms import BAD_DATE, PERIODS, clean_custom_period, quarter_start
from timetrack.orgs.forms import PersonChoiceField
from timetrack.orgs.models import Agency
from timetrack.orgs.selectors import member_users
from timetrack.projects.forms import AmountField
from timetrack.projects.models import BillingMode, Client, Project


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        error_messages={"invalid": BAD_DATE},
        widget=forms.DateInput({"type": "date", "class": "form-control form-control-sm"}, format="%Y-%m-%d"),
    )


class PeriodFilters(forms.Form):
    """A period to date (month, quarter, year: the default) or from–to, as GET parameters. Invalid
    dates are reported on the page and the default period is used."""

    period = forms.ChoiceField(label=_("Période"), choices=PERIODS, required=False)
    start = _date_field(_("Du"))
    end = _date_field(_("Au"))

    default_period = "year"

    def __init__(self, data, *, today: date, **kwargs):
        if data is not None and not any(data.get(name) for name in ("period", "start", "end")):
            data = data.copy()  # the select shows the period in force
            data["period"] = self.default_period
        super().__init__(data, **kwargs)
        self.today = today
        self.fields["period"].widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        return clean_custom_period(self, super().clean())

    def value(self, name):
        """A valid filter's value; an invalid one (reported on the page) is ignored."""
        self.is_valid()
        return self.cleaned_data.get(name)

    def default_bounds(self) -> tuple[date, date]:
        return date(self.today.year, 1, 1), self.today

    def bounds(self) -> tuple[date, date]:
        self.is_valid()
        if self.non_field_errors() or "start" in self.errors or "end" in self.errors:
            return self.default_bounds()
        period = self.cleaned_data.get("period") or self.default_period
        if period == "custom":
            return self.cleaned_data["start"], self.cleaned_data["end"]
        if period == "month":
            return self.today.replace(day=1), self.today
        if period == "quarter":
            return quarter_start(self.today), self.today
        if period == "year":
            return date(self.today.year, 1, 1), self.today
        return self.default_bounds()


class ProjectFilters(PeriodFilters):
    """The projects table's filters. Choices come from the caller's organisation only; a project
    manager (who sees only their projects) is offered no manager or agency filter."""

    client = forms.ModelChoiceField(
        label=_("Client"), queryset=Client.objects.none(), required=False, widget=FastSelect
    )
    agency = forms.ModelChoiceField(
        label=_("Agence"), queryset=Agency.objects.none(), required=False, widget=FastSelect
    )
    manager = PersonChoiceField(
        label=_("Chef de projet"), queryset=get_user_model().objects.none(), required=False, widget=FastSelect
    )
    billing_mode = forms.ChoiceField(
        label=_("Mode"), choices=[("", _("Tous")), *BillingMode.choices], required=False
    )

    def __init__(self, data, *, org, today: date, everyone: bool):
        super().__init__(data, today=today)
        self.fields["client"].queryset = Client.objects.for_org(org)
        if everyone:
            self.fields["agency"].queryset = Agency.objects.for_org(org)
            self.fields["manager"].queryset = member_users(org).filter(
                pk__in=Project.objects.for_org(org).values("project_manager_id")
            )
        else:
            del self.fields["agency"], self.fields["manager"]
        for name in ("client", "agency", "manager", "billing_mode"):
            if name in self.fields:
                self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
                self.fields[name].empty_label = _("Tous")

    def filters(self) -> dict:
        return {
            name: self.value(name)
            for name in ("client", "agency", "manager", "billing_mode")
            if name in self.fields and self.value(name)
        }


class ProjectPeriod(PeriodFilters):
    """A project page's period: by default from the project's start (at most three years back, twelve
    months when it has no start) to today, or to its end when it is over."""

    default_period = "project"

    def __init__(self, data, *, project: Project, today: date):
        super().__init__(data, today=today)
        self.project = project
        self.fields["period"].choices = [("project", _("Depuis le début")), *PERIODS]

    def default_bounds(self) -> tuple[date, date]:
        end = min(self.today, self.project.end_date) if self.project.end_date else self.today
        earliest = date(end.year - 3, end.month, 1)
        if self.project.start_date:
            start = max(self.project.start_date, earliest)
        else:
            start = date(end.year - 1, end.month, 1)
        return min(start, end), end


class AssignmentRateForm(BootstrapMixin, forms.Form):
    """A new TJM for one of the project's assignments from a date."""

    assignment = forms.ModelChoiceField(label=_("Affectation"), queryset=None)
    daily_rate = AmountField(label=_("Nouveau TJM (€)"), max_digits=10, decimal_places=2, localize=True)
    effective_from = forms.DateField(label=_("À partir du"), widget=DateInput())

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, prefix="rate", **kwargs)
        self.fields["assignment"].queryset = project.assignments.select_related("user").order_by(
            "user__last_name", "start_date"
        )
        self.fields["assignment"].label_from_instance = _assignment_label
        self.fields["daily_rate"].widget.attrs["inputmode"] = "decimal"


def _assignment_label(assignment) -> str:
    name = assignment.user.get_full_name() or assignment.user.email
    start = formats.date_format(assignment.start_date, "SHORT_DATE_FORMAT")
    end = formats.date_format(assignment.end_date, "SHORT_DATE_FORMAT") if assignment.end_date else "…"
    return f"{name} ({start} → {end})"


class CostRateForm(BootstrapMixin, forms.Form):
    """A person's new CJM from a date."""

    user = PersonChoiceField(label=_("Personne"), queryset=None)
    daily_cost = AmountField(label=_("CJM (€)"), max_digits=10, decimal_places=2, localize=True)
    effective_from = forms.DateField(label=_("À partir du"), widget=DateInput())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, prefix="cost", **kwargs)
        self.fields["user"].queryset = member_users(org)
        self.fields["daily_cost"].widget.attrs["inputmode"] = "decimal"
