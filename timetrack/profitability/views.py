"""Screens of profitability: the projects table, a project's page, the alerts and the cost rates (CJM).

Admin and finance see everything; a project manager sees the projects they manage without any
cost-derived figure (cost, margin, margin rate, ROI, CJM); everyone else gets a 403.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from timetrack.lib.errors import DomainError
from timetrack.orgs.access import member_required
from timetrack.orgs.models import Membership
from timetrack.orgs.scoping import get_for_org
from timetrack.profitability import engine, selectors, services
from timetrack.profitability.access import (
    COST_ROLES,
    SELL_RATE_ROLES,
    get_project_for,
    require_access,
    sees_costs,
)
from timetrack.profitability.alerts import COST_KINDS
from timetrack.profitability.forms import AssignmentRateForm, CostRateForm, ProjectFilters, ProjectPeriod
from timetrack.profitability.models import AlertKind, CostRate

PEOPLE_PER_PAGE = 50
RESOLVED_SHOWN = 100


def _form_error(form, error: DomainError) -> None:
    """Show a rule's refusal on the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


TABLE_PAGE = 50


@member_required()
def projects(request):
    me = request.membership
    require_access(me)
    today = timezone.localdate()
    filters = ProjectFilters(request.GET, org=me.organization, today=today, everyone=sees_costs(me))
    start, end = filters.bounds()
    table = selectors.project_table(
        me, start=start, end=end, today=today, sort=request.GET.get("sort"), **filters.filters()
    )
    context = {
        "filters": filters,
        "table": table,
        # every project counts in the totals and the sort; a page of them is rendered
        "page": Paginator(table.rows, TABLE_PAGE).get_page(request.GET.get("page")),
        "open_alerts": selectors.open_alert_count(me),
        "export_url": _export_url(start, end, filters.filters()),
    }
    return render(request, "profitability/projects.html", context)


def _export_url(start, end, filters: dict) -> str:
    """The Excel export of the table's period, client and mode (the filters it knows)."""
    query = {"from": start.isoformat(), "to": end.isoformat()}
    if filters.get("client"):
        query["client"] = filters["client"].pk
    if filters.get("billing_mode"):
        query["mode"] = filters["billing_mode"]
    return f"{reverse('profitability:export')}?{urlencode(query)}"


@member_required()
def project(request, pk):
    me = request.membership
    project = get_project_for(me, pk)
    can_change_rates = me.role in SELL_RATE_ROLES
    rate_form = AssignmentRateForm(request.POST or None, project=project) if can_change_rates else None
    if request.method == "POST":
        if rate_form is None:
            raise PermissionDenied
        if rate_form.is_valid():
            try:
                services.add_assignment_rate(actor=me, **rate_form.cleaned_data)
            except DomainError as error:
                _form_error(rate_form, error)
            else:
                messages.success(request, _("Le nouveau TJM est enregistré."))
                return redirect(request.get_full_path())
    return render(request, "profitability/project.html", _project_context(request, project, rate_form))


def _project_context(request, project, rate_form) -> dict:
    me, org = request.membership, request.membership.organization
    today = timezone.localdate()
    period = ProjectPeriod(request.GET, project=project, today=today)
    start, end = period.bounds()
    with_costs = sees_costs(me)
    figures = engine.project(org, project, start, end, today=today)
    alerts = selectors.visible_alerts(me).filter(project=project)
    status = figures.status(with_margin=with_costs)
    return {
        "project": project,
        "period": period,
        "period_label": selectors.range_label(start, end),
        "figures": figures,
        "status": status,
        "status_label": selectors.status_label(status),
        "reasons": selectors.reasons(figures, with_margin=with_costs),
        "with_costs": with_costs,
        "people": selectors.project_people(org, project, start, end, figures, today=today),
        "charts": selectors.charts(org, project, start, end, figures, with_costs=with_costs),
        "open_alerts": selectors.with_messages(alerts.active()),
        "resolved_alerts": selectors.with_messages(selectors.recently_resolved(alerts)[:20]),
        "rate_form": rate_form,
    }


@member_required()
def alerts(request):
    me = request.membership
    require_access(me)
    kinds = [(k, label) for k, label in AlertKind.choices if sees_costs(me) or k not in COST_KINDS]
    kind = request.GET.get("kind", "")
    alerts = selectors.visible_alerts(me)
    if kind in dict(kinds):
        alerts = alerts.filter(kind=kind)
    else:
        kind = ""
    context = {
        "kinds": kinds,
        "kind": kind,
        "open_alerts": selectors.with_messages(alerts.active().order_by("project__code", "-created_at")),
        "resolved_alerts": selectors.with_messages(selectors.recently_resolved(alerts)[:RESOLVED_SHOWN]),
        "resolved_days": selectors.RECENTLY_RESOLVED_DAYS,
    }
    return render(request, "profitability/alerts.html", context)


@member_required(*COST_ROLES)
def cost_rates(request):
    me, org = request.membership, request.membership.organization
    today = timezone.localdate()
    adding = request.method == "POST" and "delete" not in request.POST
    form = CostRateForm(request.POST if adding else None, org=org)
    if request.method == "POST" and not adding:
        rate = get_for_org(CostRate.objects.all(), org, pk=request.POST["delete"])
        if rate.effective_from <= today:
            messages.error(request, _("Seul un CJM qui n'a pas encore pris effet peut être supprimé."))
        else:
            services.delete_cost_rate(actor=me, rate=rate)
            messages.success(request, _("Le CJM à venir est supprimé."))
        return redirect(request.get_full_path())
    if adding and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_cost_rate(
                actor=me,
                user_id=data["user"].pk,
                daily_cost=data["daily_cost"],
                effective_from=data["effective_from"],
            )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Le CJM est enregistré."))
            return redirect(request.get_full_path())
    return render(request, "profitability/cost_rates.html", _cost_rates_context(request, form, today))


def _cost_rates_context(request, form, today) -> dict:
    org = request.membership.organization
    query = request.GET.get("q", "").strip()
    members = (
        Membership.objects.for_org(org)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__email")
    )
    if query:
        members = members.matching(query)
    page = Paginator(members, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    history: dict[int, list[CostRate]] = {}
    for rate in (
        CostRate.objects.for_org(org)
        .filter(user_id__in=[m.user_id for m in page])
        .order_by("user_id", "-effective_from")
    ):
        history.setdefault(rate.user_id, []).append(rate)
    rows = []
    for membership in page:
        rates = history.get(membership.user_id, [])
        current = next((r for r in rates if r.effective_from <= today), None)
        rows.append({"member": membership, "rates": rates, "current": current})
    return {"form": form, "rows": rows, "page": page, "query": query, "today": today}
