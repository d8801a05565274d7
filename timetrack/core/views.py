from django.contrib.auth.decorators import login_required
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from timetrack.accounts.selectors import pending_invitations
from timetrack.approvals.selectors import inbox
from timetrack.core.health import check_database, check_queue
from timetrack.kpis.selectors import my_tace
from timetrack.orgs.access import get_member_for
from timetrack.orgs.models import Role
from timetrack.orgs.selectors import active_member_count, team_size
from timetrack.profitability.access import sees_costs
from timetrack.profitability.selectors import open_alert_count


@require_GET
@never_cache
def healthz(request):
    db_ok, db_detail = check_database()
    queue_ok, queue_detail = check_queue()
    healthy = db_ok and queue_ok
    body = {
        "status": "ok" if healthy else "error",
        "database": {"ok": db_ok, "detail": db_detail},
        "queue": {"ok": queue_ok, "detail": queue_detail},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@login_required
def home(request):
    membership = request.membership
    context = {"me": get_member_for(membership, membership.user_id) if membership else None}
    if membership and membership.is_admin:
        context["people_count"] = active_member_count(membership.organization)
        context["pending_count"] = pending_invitations(membership.organization).count()
    if membership and membership.role == Role.MANAGER:
        context["team_size"] = team_size(membership)
    if membership:
        context["to_approve"] = len(inbox(membership, timezone.localdate()))  # two queries
        context["my_tace"] = my_tace(membership, timezone.localdate())  # three queries
        alerts = open_alert_count(membership)  # one query
        if alerts or sees_costs(membership):
            context["project_alerts"] = alerts
    return render(request, "core/home.html", context)


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    # No request context: the failure may come from the database or the session the layout would read.
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))
