"""API of profitability: ``/api/v1/assignment-rates``, ``/cost-rates``, ``/reports/profitability``,
``/alerts``.

Adapters only: rates are written through ``profitability.services``, figures come from ``engine``, and who
sees what from ``profitability.access``. Sell rates (TJM) are for admin, finance and managers; cost rates
(CJM) and every figure derived from them (cost, margin, margin rate, ROI) for admin and finance only: for
anyone else those keys are left out of the answer, not nulled.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from timetrack.api.permissions import HasRole, IsOrgMember, membership_of
from timetrack.lib.errors import DomainError
from timetrack.lib.numbers import quantize2
from timetrack.orgs.scoping import get_for_org
from timetrack.profitability import access, engine, services
from timetrack.profitability.alerts import COST_KINDS
from timetrack.profitability.models import Alert, AlertKind, AssignmentRate, CostRate
from timetrack.profitability.serializers import (
    PROFITABILITY_REPORT,
    AlertSerializer,
    AssignmentRateSerializer,
    CostRateSerializer,
)
from timetrack.projects.apis import id_param
from timetrack.projects.models import Client

BAD_DATE = _("Date attendue au format AAAA-MM-JJ.")
BAD_RANGE = _("La date de fin doit suivre la date de début.")
OUT_OF_RANGE = _("Date attendue entre le 01/01/1900 et le 31/12/2999.")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)
BAD_KIND = _("Type d'alerte inconnu.")
BAD_STATUS = _("Statut attendu : open, resolved ou all.")
ALERT_STATUSES = ("open", "resolved", "all")
# what a cost rate reveals, for admin and finance only
COST_KEYS = ("cost", "gross_margin", "margin_rate", "roi")

SellRateRoles = HasRole.for_roles(*access.SELL_RATE_ROLES)
CostRateRoles = HasRole.for_roles(*access.COST_ROLES)


class ProfitabilityReaders(IsOrgMember):
    """Admin, finance, or the manager of at least one project (``access.require_access``)."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        try:
            access.require_access(membership_of(request))
        except PermissionDenied:
            return False
        return True


class _RateViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """List, read, add and delete rate changes; ``add`` and ``remove`` call the service of the rate (which
    re-derives the figures in the same transaction)."""

    lookup_value_regex = r"[0-9]+"
    http_method_names = ["get", "post", "delete", "head", "options"]

    def fetch(self, pk):
        return get_for_org(
            self.serializer_class.Meta.model.objects, membership_of(self.request).organization, pk=pk
        )

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.fetch(pk)).data)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rate = self.add(membership_of(request), **serializer.validated_data)
        return Response(self.get_serializer(rate).data, status=201)

    def destroy(self, request, pk=None):
        self.remove(membership_of(request), self.fetch(pk))
        return Response(status=204)


@extend_schema_view(
    list=extend_schema(
        summary="Changements de TJM",
        parameters=[
            OpenApiParameter("assignment", int, description="Changements de cette affectation"),
            OpenApiParameter("user", int, description="Changements des affectations de ce consultant"),
            OpenApiParameter("project", int, description="Changements des affectations de ce projet"),
        ],
    ),
    destroy=extend_schema(responses={204: None}),
)
class AssignmentRateViewSet(_RateViewSet):
    """Changes of an assignment's TJM: each holds from ``effective_from`` (within the assignment) until the
    next; the assignment's own ``daily_rate`` holds from its start. Admin, finance and managers only."""

    serializer_class = AssignmentRateSerializer
    permission_classes = [SellRateRoles]

    def get_queryset(self):
        rates = AssignmentRate.objects.for_org(membership_of(self.request).organization).select_related(
            "assignment"
        )
        for name, lookup in (
            ("assignment", "assignment_id"),
            ("user", "assignment__user_id"),
            ("project", "assignment__project_id"),
        ):
            value = id_param(self.request, name)
            if value is not None:
                rates = rates.filter(**{lookup: value})
        return rates.order_by("assignment_id", "effective_from", "id")

    def add(self, actor, *, assignment, daily_rate, effective_from):
        return services.add_assignment_rate(
            actor=actor, assignment=assignment, daily_rate=daily_rate, effective_from=effective_from
        )

    def remove(self, actor, rate):
        services.delete_assignment_rate(actor=actor, rate=rate)


@extend_schema_view(
    list=extend_schema(
        summary="Coûts journaliers (CJM)",
        parameters=[OpenApiParameter("user", int, description="CJM de cette personne")],
    ),
    destroy=extend_schema(responses={204: None}),
)
class CostRateViewSet(_RateViewSet):
    """A person's CJM, each from ``effective_from`` until the next. Admin and finance only."""

    serializer_class = CostRateSerializer
    permission_classes = [CostRateRoles]

    def get_queryset(self):
        rates = CostRate.objects.for_org(membership_of(self.request).organization)
        user_id = id_param(self.request, "user")
        if user_id is not None:
            rates = rates.filter(user_id=user_id)
        return rates.order_by("user_id", "effective_from", "id")

    def add(self, actor, *, user_id, daily_cost, effective_from):
        return services.add_cost_rate(
            actor=actor, user_id=user_id, daily_cost=daily_cost, effective_from=effective_from
        )

    def remove(self, actor, rate):
        services.delete_cost_rate(actor=actor, rate=rate)


# ---------------------------------------------------------------------------------------------- report


def _date_param(params, name: str) -> date | None:
    if not params.get(name):
        return None
    try:
        value = date.fromisoformat(params[name])
    except ValueError as exc:
        raise DomainError(BAD_DATE, field=name) from exc
    if not FIRST_DAY <= value <= LAST_DAY:  # the engine steps days and weeks around the bounds
        raise DomainError(OUT_OF_RANGE, field=name)
    return value


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else str(quantize2(value))


def _money(money: engine.Money) -> dict:
    return {
        "billable_days": _amount(money.billable_days),
        "worked_days": _amount(money.worked_days),
        "revenue": _amount(money.revenue),
        "cost": _amount(money.cost),
        "gross_margin": _amount(money.gross_margin),
        "margin_rate": _amount(money.margin_rate),
        "roi": _amount(money.roi),
    }


def _row(figures: engine.ProjectFigures, *, costs: bool) -> dict:
    project = figures.project
    return {
        "project": project.pk,
        "project_code": project.code,
        "project_name": project.name,
        "client": project.client_id,
        "billing_mode": project.billing_mode,
        **_money(figures.money),
        "budget_days": _amount(figures.budget_days),
        "consumed_days": _amount(figures.consumed_days),
        "consumed_amount": _amount(figures.consumed_amount),
        "budget_consumed_percent": _amount(figures.budget_consumed_percent),
        "remaining_days": _amount(figures.remaining_days),
        "burn_days_per_week": _amount(figures.burn_days_per_week),
        "forecast_at_completion_days": _amount(figures.forecast_at_completion_days),
        "runs_out_on": figures.runs_out_on.isoformat() if figures.runs_out_on else None,
        "status": figures.status(with_margin=costs),
    }


def _shown(row: dict, *, costs: bool, start: date | None, end: date | None) -> dict:
    row |= {"from": start.isoformat() if start else None, "to": end.isoformat() if end else None}
    return row if costs else {key: value for key, value in row.items() if key not in COST_KEYS}


class ProfitabilityReportView(APIView):
    """Per project over [from, to] (each optional: no bound): billable days, revenue, cost, gross margin,
    margin rate and ROI; budget consumption, burn and forecast at completion are cumulative from the
    project's start to ``to``. ``total`` is the ratio of the sums over the rows. Admin and finance see every
    project; a project manager sees the projects they manage, without the cost-derived keys."""

    permission_classes = [ProfitabilityReaders]

    @extend_schema(
        summary="Rentabilité des projets",
        parameters=[
            OpenApiParameter("from", date, description="Début inclus (défaut : aucun)"),
            OpenApiParameter("to", date, description="Fin incluse (défaut : aucune)"),
            OpenApiParameter("project", int),
            OpenApiParameter("client", int),
        ],
        responses=PROFITABILITY_REPORT,
    )
    def get(self, request):
        caller = membership_of(request)
        costs = access.sees_costs(caller)
        params = request.query_params
        start, end = _date_param(params, "from"), _date_param(params, "to")
        if start and end and end < start:
            raise DomainError(BAD_RANGE, field="to")
        projects = access.visible_projects(caller).order_by("code", "id")
        project_id, client_id = id_param(request, "project"), id_param(request, "client")
        if project_id is not None:
            projects = projects.filter(pk=access.get_project_for(caller, project_id).pk)
        if client_id is not None:
            client = get_for_org(Client.objects, caller.organization, pk=client_id)
            projects = projects.filter(client=client)
        figures = engine.projects(caller.organization, start, end, queryset=projects)
        shown = {"costs": costs, "start": start, "end": end}
        return Response(
            {
                "results": [_shown(_row(f, costs=costs), **shown) for f in figures],
                "total": _shown(_money(engine.total(figures)), **shown),
            }
        )


# ---------------------------------------------------------------------------------------------- alerts


def visible_alerts(membership):
    """Admin and finance: every alert; a project manager: those of their projects that show no cost."""
    alerts = Alert.objects.for_org(membership.organization).select_related("project")
    if access.sees_costs(membership):
        return alerts
    return alerts.filter(project__in=access.visible_projects(membership)).exclude(kind__in=COST_KINDS)


@extend_schema_view(
    list=extend_schema(
        summary="Alertes des projets",
        parameters=[
            OpenApiParameter("kind", str, enum=AlertKind.values),
            OpenApiParameter("project", int),
            OpenApiParameter("user", int, description="Alertes sur cette personne (saisie après la fin)"),
            OpenApiParameter(
                "status",
                str,
                enum=list(ALERT_STATUSES),
                description="open (défaut) : non résolues ; resolved ; all",
            ),
        ],
    ),
    retrieve=extend_schema(responses={200: AlertSerializer, 404: OpenApiTypes.OBJECT}),
)
class AlertViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Alerts on projects, newest first: raised once when a condition starts to hold, resolved (never
    deleted) when it stops. Margin alerts are for admin and finance; a project manager sees the other
    alerts of their projects; anyone else gets a 403."""

    serializer_class = AlertSerializer
    permission_classes = [ProfitabilityReaders]
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        params = self.request.query_params
        alerts = visible_alerts(membership_of(self.request))
        status = params.get("status") or "open"
        if status not in ALERT_STATUSES:
            raise serializers.ValidationError({"status": [BAD_STATUS]})
        if status == "open":
            alerts = alerts.active()
        elif status == "resolved":
            alerts = alerts.filter(resolved_at__isnull=False)
        if params.get("kind"):
            if params["kind"] not in AlertKind.values:
                raise serializers.ValidationError({"kind": [BAD_KIND]})
            alerts = alerts.filter(kind=params["kind"])
        for name in ("project", "user"):
            value = id_param(self.request, name)
            if value is not None:
                alerts = alerts.filter(**{f"{name}_id": value})
        return alerts.order_by("-created_at", "-id")

    def retrieve(self, request, pk=None):
        caller = membership_of(request)
        alert = get_for_org(Alert.objects.select_related("project"), caller.organization, pk=pk)
        if not visible_alerts(caller).filter(pk=alert.pk).exists():
            raise PermissionDenied
        return Response(self.get_serializer(alert).data)
