"""The client contact's approval page: no account, a single-purpose link that expires."""

from decimal import Decimal

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from timetrack.approvals import services
from timetrack.approvals.client_forms import ClientDecisionForm
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.lib.numbers import quantize2
from timetrack.timesheets.models import TimeEntry


def _client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _link_or_404(token: str):
    try:
        return services.client_link(token)
    except DomainError as error:
        raise Http404(error.message) from error


def _entries(link) -> tuple[list[dict], Decimal, Decimal]:
    """The month's entries, read-only, each in hours and in days of the organisation."""
    per_day = link.organization.hours_per_day
    entries = (
        TimeEntry.objects.for_org(link.organization)
        .filter(timesheet_id=link.timesheet_id)
        .select_related("activity_type", "project")
        .order_by("date", "activity_type__position", "id")
    )
    rows = [{"entry": e, "hours": quantize2(e.hours), "days": quantize2(e.hours / per_day)} for e in entries]
    total = sum((e.hours for e in entries), Decimal(0))
    return rows, quantize2(total), quantize2(total / per_day)


@never_cache
def decide(request, token):
    link = _link_or_404(token)
    try:
        services.check_client_link(link)
    except StateConflict as error:
        return render(request, "approvals/client_link_closed.html", {"message": error.message}, status=410)
    form = ClientDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        approve = data["decision"] == "approve"
        try:
            services.client_decide(
                token=token,
                name=data["name"],
                approve=approve,
                comment=data["comment"],
                ip=_client_ip(request),
            )
        except StateConflict as error:
            return render(
                request, "approvals/client_link_closed.html", {"message": error.message}, status=410
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            message = _("Merci, le CRA est approuvé.") if approve else _("Merci, votre refus est transmis.")
            return render(request, "approvals/client_link_closed.html", {"message": message, "done": True})
    entries, total, total_days = _entries(link)
    sheet = link.timesheet
    context = {
        "form": form,
        "sheet": sheet,
        "consultant": sheet.user.get_full_name() or sheet.user.email,
        "org": link.organization,
        "entries": entries,
        "total": total,
        "total_days": total_days,
    }
    return render(request, "approvals/client_approval.html", context)
