"""Serializers of the profitability API: the rate changes and alerts, and the shapes of the report for the
OpenAPI document (the report itself is built as plain dicts in ``apis.py``)."""

from drf_spectacular.utils import inline_serializer
from rest_framework import serializers

from timetrack.orgs.apis import OrgRelatedField
from timetrack.profitability.models import Alert, AssignmentRate, CostRate
from timetrack.projects.apis import MAX_ID
from timetrack.projects.models import Assignment


class AssignmentRateSerializer(serializers.ModelSerializer):
    assignment = OrgRelatedField(queryset=Assignment.objects)
    daily_rate = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="TJM en euros.")

    class Meta:
        model = AssignmentRate
        fields = ["id", "assignment", "daily_rate", "effective_from", "created_at"]
        read_only_fields = ["created_at"]
        validators = []  # the service names the field of each refusal (a second TJM on the same day…)


class CostRateSerializer(serializers.ModelSerializer):
    user = serializers.IntegerField(source="user_id", min_value=1, max_value=MAX_ID)
    daily_cost = serializers.DecimalField(max_digits=10, decimal_places=2, help_text="CJM en euros.")

    class Meta:
        model = CostRate
        fields = ["id", "user", "daily_cost", "effective_from", "created_at"]
        read_only_fields = ["created_at"]
        validators = []


class AlertSerializer(serializers.ModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "severity",
            "project",
            "project_name",
            "user",
            "message",
            "created_at",
            "resolved_at",
        ]
        read_only_fields = fields


# ---------------------------------------------------------------------------------------- report shapes


def _str(**kwargs):
    """A decimal as a string with 2 decimals (a percent for rates)."""
    return serializers.CharField(**kwargs)


COST_ONLY = "Absent sauf pour admin et finance."
TOTAL_FIELDS = {
    "billable_days": _str(),
    "worked_days": _str(),
    "revenue": _str(),
    "cost": _str(required=False, help_text=COST_ONLY),
    "gross_margin": _str(required=False, help_text=COST_ONLY),
    "margin_rate": _str(allow_null=True, required=False, help_text=f"Pourcentage ou null. {COST_ONLY}"),
    "roi": _str(allow_null=True, required=False, help_text=f"Pourcentage ou null. {COST_ONLY}"),
    "from": serializers.DateField(allow_null=True),
    "to": serializers.DateField(allow_null=True),
}
PROFITABILITY_ROW = inline_serializer(
    "ProfitabilityRow",
    {
        "project": serializers.IntegerField(),
        "project_code": serializers.CharField(),
        "project_name": serializers.CharField(),
        "client": serializers.IntegerField(allow_null=True),
        "billing_mode": serializers.CharField(),
        **TOTAL_FIELDS,
        "budget_days": _str(allow_null=True, help_text="Null sans budget en jours."),
        "consumed_days": _str(),
        "consumed_amount": _str(),
        "budget_consumed_percent": _str(allow_null=True, help_text="Pourcentage, ou null sans budget."),
        "remaining_days": _str(allow_null=True),
        "burn_days_per_week": _str(),
        "forecast_at_completion_days": _str(
            allow_null=True, help_text="Null quand une affectation est sans fin."
        ),
        "runs_out_on": serializers.DateField(allow_null=True),
        "status": serializers.ChoiceField(choices=["ok", "warning", "danger"]),
    },
    many=True,
)
PROFITABILITY_REPORT = inline_serializer(
    "ProfitabilityReport",
    {"results": PROFITABILITY_ROW, "total": inline_serializer("ProfitabilityTotal", TOTAL_FIELDS)},
)
