from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from timetrack.core.health import check_database, check_queue


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
    return render(request, "core/home.html")


def error_403(request, exception=None):
    return render(request, "errors/403.html", status=403)


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)
