"""Admin screens of the TACE policy: the history, a new policy, deleting one not yet in force."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from timetrack.kpis import policies, services
from timetrack.kpis.models import TacePolicy
from timetrack.kpis.policy_forms import PolicyForm
from timetrack.lib.calendar import month_bounds
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.orgs.access import member_required
from timetrack.orgs.models import Role
from timetrack.orgs.scoping import get_for_org
from timetrack.timesheets.selectors import activity_types


@member_required(Role.ADMIN)
def policy_list(request):
    rows = (
        TacePolicy.objects.for_org(request.org)
        .select_related("created_by")
        .prefetch_related("billable_types", "leave_types")
        .order_by("-effective_from")
    )
    today = timezone.localdate()
    current = next((p for p in rows if p.effective_from <= today), None)
    return render(request, "kpis/policies.html", {"policies": rows, "current": current, "today": today})


@member_required(Role.ADMIN)
def policy_create(request):
    types = activity_types(request.org)  # the built-in types exist before they are offered
    form = PolicyForm(request.POST or None, org=request.org, initial=_initial(request.org, types))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_policy(actor=request.membership, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La politique TACE est enregistrée."))
            return redirect("targets:policies")
    return render(request, "kpis/policies_form.html", {"form": form})


def _initial(org, types) -> dict:
    """The next month, with the sets in force today as the starting point."""
    today = timezone.localdate()
    sets = policies.classification_on(org, today.replace(day=1), types)
    return {
        "effective_from": month_bounds(today.year, today.month)[1] + timedelta(days=1),
        "billable_types": sorted(sets.billable),
        "leave_types": sorted(sets.leave),
    }


@member_required(Role.ADMIN)
def policy_delete(request, pk):
    policy = get_for_org(TacePolicy, request.org, pk=pk)
    if request.method != "POST":
        return render(request, "kpis/policies_delete.html", {"policy": policy})
    try:
        services.delete_policy(actor=request.membership, policy=policy)
    except StateConflict as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La politique TACE est supprimée."))
    return redirect("targets:policies")
