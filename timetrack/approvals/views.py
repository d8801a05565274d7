"""The approver's inbox, the review of one CRA, and the decisions taken from them.

Every decision goes through the approvals services; a refusal (a rule, a CRA already processed, a CRA
that is not mine to decide) is shown in the user's language, never as a crash.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from timetrack.approvals import services
from timetrack.approvals.models import Action
from timetrack.approvals.reviews import inbox_reviews, reviews_of
from timetrack.approvals.selectors import history, is_routed_to
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.orgs.access import get_member_for, member_required
from timetrack.orgs.scoping import get_for_org
from timetrack.timesheets.grid import Period, build_grid
from timetrack.timesheets.models import Timesheet, TimesheetStatus

REFUSALS = (DomainError, PermissionDenied, Http404)


@require_GET
@member_required()
def inbox(request):
    reviews = inbox_reviews(request.membership, timezone.localdate())
    return render(request, "approvals/inbox.html", {"reviews": reviews, "now": timezone.now()})


@require_POST
@member_required()
def approve(request, timesheet_id):
    """Approve one CRA from the inbox: the row again (htmx), or back to the inbox."""
    sheet = _sheet(request, timesheet_id)
    try:
        sheet = services.approve_timesheet(
            actor=request.membership, timesheet_id=sheet.pk, comment="", ip=_ip(request)
        )
        message, level = _approved_message(sheet), "success"
    except REFUSALS as error:
        message, level = _reason(error), "danger"
    if request.htmx:
        context = {"sheet": sheet, "message": message, "level": level}
        return render(request, "approvals/_inbox_done.html", context)
    getattr(messages, level if level == "success" else "error")(request, message)
    return redirect("approvals:inbox")


@require_POST
@member_required()
def bulk(request):
    """Approve a selection, each CRA in its own transaction; report what passed and what did not."""
    approved, refused = 0, []
    for key in dict.fromkeys(request.POST.getlist("ids")):
        try:
            services.approve_timesheet(
                actor=request.membership, timesheet_id=int(key), comment="", ip=_ip(request)
            )
            approved += 1
        except (*REFUSALS, ValueError) as error:
            refused.append(_reason(error))
    if not approved and not refused:
        messages.warning(request, _("Sélectionnez au moins un CRA."))
        return redirect("approvals:inbox")
    summary = _("%(approved)s validé(s), %(refused)s refusé(s)") % {
        "approved": approved,
        "refused": len(refused),
    }
    if refused:
        messages.warning(request, f"{summary} : {' ; '.join(dict.fromkeys(refused))}")
    else:
        messages.success(request, f"{summary}.")
    return redirect("approvals:inbox")


@require_GET
@member_required()
def review(request, timesheet_id):
    return _review_page(request, _sheet(request, timesheet_id))


@require_POST
@member_required()
def decide(request, timesheet_id):
    """Approve, request changes or reject from the review page (a comment is required to send back)."""
    sheet = _sheet(request, timesheet_id)
    action, comment = request.POST.get("action", ""), request.POST.get("comment", "").strip()
    try:
        if action == Action.APPROVE:
            sheet = services.approve_timesheet(
                actor=request.membership, timesheet_id=sheet.pk, comment=comment, ip=_ip(request)
            )
            messages.success(request, _approved_message(sheet))
        elif action in (Action.REJECT, Action.REQUEST_CHANGES):
            services.send_back(
                actor=request.membership,
                timesheet_id=sheet.pk,
                action=action,
                comment=comment,
                ip=_ip(request),
            )
            messages.success(request, _("Le CRA est renvoyé au consultant, qui en est informé."))
        else:
            return _review_page(
                request, sheet, error=_("Choisissez une décision."), comment=comment, status=400
            )
    except REFUSALS as error:
        return _review_page(request, sheet, error=_reason(error), comment=comment, status=_status(error))
    return redirect("approvals:inbox")


@require_POST
@member_required()
def recall(request, timesheet_id):
    """The consultant takes back their submitted CRA (until its first approval)."""
    sheet = get_for_org(Timesheet, request.membership.organization, pk=timesheet_id)
    try:
        services.recall_timesheet(actor=request.membership, timesheet_id=sheet.pk, ip=_ip(request))
        messages.success(
            request, _("Le CRA est rappelé : vous pouvez le modifier et le soumettre à nouveau.")
        )
    except REFUSALS as error:
        messages.error(request, _reason(error))
    return redirect(_month_url(sheet, request.membership))


@require_POST
@member_required()
def reopen(request, timesheet_id):
    """An admin reopens a validated CRA, with a reason."""
    sheet = get_for_org(Timesheet, request.membership.organization, pk=timesheet_id)
    try:
        services.reopen_timesheet(
            actor=request.membership,
            timesheet_id=sheet.pk,
            reason=request.POST.get("reason", "").strip(),
            ip=_ip(request),
        )
        messages.success(request, _("Le CRA est rouvert : il est de nouveau modifiable."))
    except REFUSALS as error:
        messages.error(request, _reason(error))
    return redirect(_month_url(sheet, request.membership))


# --- Helpers ------------------------------------------------------------------------------------------
def _sheet(request, timesheet_id) -> Timesheet:
    """The CRA if it is routed to me (or my delegators) or I may see its consultant: 404 for another
    organisation's, 403 for someone else's."""
    me = request.membership
    sheet = get_for_org(Timesheet.objects.select_related("route", "user"), me.organization, pk=timesheet_id)
    if not is_routed_to(sheet, me.user_id, timezone.localdate()):
        get_member_for(me, sheet.user_id)
    return sheet


def _review_page(request, sheet, *, error="", comment="", status=200):
    me, today = request.membership, timezone.localdate()
    summary = reviews_of(me.organization, [sheet], user_id=me.user_id, on=today)[0]
    grid = build_grid(summary.person, Period.month(sheet.month.year, sheet.month.month), today=today)
    context = {
        "summary": summary,
        "sheet": sheet,
        "grid": grid,
        "period": grid.period,
        "person": summary.person,
        "user_query": f"?user={sheet.user_id}",
        "events": history(sheet),
        "decidable": sheet.status == TimesheetStatus.SUBMITTED and sheet.user_id != me.user_id,
        "error": error,
        "comment": comment,
        "month_url": _month_url(sheet, me),
    }
    return render(request, "approvals/review.html", context, status=status)


def _approved_message(sheet) -> str:
    values = {
        "name": sheet.user.get_full_name() or sheet.user.email,
        "month": date_format(sheet.month, "F Y"),
    }
    if sheet.status == TimesheetStatus.VALIDATED:
        return _("CRA de %(name)s (%(month)s) validé.") % values
    return _("CRA de %(name)s (%(month)s) approuvé : il passe à l'étape suivante.") % values


def _reason(error) -> str:
    if isinstance(error, Http404):
        return _("CRA introuvable.")
    if isinstance(error, ValueError):
        return _("Sélection invalide.")
    message = str(getattr(error, "message", "") or error)
    if isinstance(error, PermissionDenied) and not message:
        return _("Vous ne pouvez pas décider de ce CRA.")
    return message


def _status(error) -> int:
    if isinstance(error, StateConflict):
        return 409
    if isinstance(error, PermissionDenied):
        return 403
    return 404 if isinstance(error, Http404) else 400


def _month_url(sheet, me) -> str:
    url = reverse("timesheets:month", args=[sheet.month.year, sheet.month.month])
    return url if sheet.user_id == me.user_id else f"{url}?user={sheet.user_id}"


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
