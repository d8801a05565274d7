from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from timetrack.notifications import selectors, services
from timetrack.orgs.access import member_required

NOTIFICATIONS_PER_PAGE = 30


@member_required()
def notification_list(request):
    notifications = selectors.notifications_of(request.membership)
    page = Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "notifications": page.object_list})


@require_http_methods(["GET", "POST"])
@member_required()
def open_notification(request, notification_id):
    notification = services.mark_read(membership=request.membership, notification_id=notification_id)
    if _is_local(request, notification.url):
        return redirect(notification.url)
    return redirect("notifications:list")


@require_POST
@member_required()
def read_all(request):
    if services.mark_all_read(membership=request.membership):
        messages.success(request, _("Toutes vos notifications sont marquées comme lues."))
    return redirect("notifications:list")


def _is_local(request, url: str) -> bool:
    """Only a path of this site is followed: never another host, even written as //host or /\\host."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
