"""Settings of the validation: workflows (admins), delegations (managers for themselves, admins for
anyone) and the lead-time dashboard (admins)."""

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from timetrack.approvals import lead_times, services
from timetrack.approvals.models import Delegation, Workflow, WorkflowStep
from timetrack.approvals.selectors import default_workflow
from timetrack.approvals.settings_forms import DelegationForm, StepFormSet, WorkflowForm, initial_steps
from timetrack.lib.errors import DomainError
from timetrack.orgs.access import member_required
from timetrack.orgs.models import Role
from timetrack.orgs.scoping import get_for_org

# --- Workflows ------------------------------------------------------------------------------------


@member_required(Role.ADMIN)
def workflows(request):
    default_workflow(request.org)
    steps = WorkflowStep.objects.select_related("user").order_by("position")
    context = {
        "workflows": Workflow.objects.for_org(request.org).prefetch_related(Prefetch("steps", queryset=steps))
    }
    return render(request, "approvals/workflows.html", context)


@member_required(Role.ADMIN)
def workflow_form(request, pk=None):
    workflow = get_for_org(Workflow, request.org, pk=pk) if pk else None
    data = request.POST if request.method == "POST" else None
    form = WorkflowForm(data, initial={"name": workflow.name if workflow else ""})
    steps = StepFormSet(
        data, initial=initial_steps(workflow), form_kwargs={"org": request.org}, prefix="steps"
    )
    if data is not None and form.is_valid() and steps.is_valid():
        try:
            workflow = services.save_workflow(
                actor=request.membership,
                workflow=workflow,
                name=form.cleaned_data["name"],
                steps=steps.steps(),
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Le circuit « %(name)s » est enregistré.") % {"name": workflow.name})
            return redirect("approval_settings:workflows")
    context = {"form": form, "steps": steps, "workflow": workflow}
    return render(request, "approvals/workflow_form.html", context)


@require_POST
@member_required(Role.ADMIN)
def workflow_delete(request, pk):
    workflow = get_for_org(Workflow, request.org, pk=pk)
    try:
        services.delete_workflow(actor=request.membership, workflow=workflow)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Le circuit « %(name)s » est supprimé.") % {"name": workflow.name})
    return redirect("approval_settings:workflows")


# --- Delegations ----------------------------------------------------------------------------------


def _delegations_of(membership):
    mine = Delegation.objects.for_org(membership.organization).select_related("delegator", "delegate")
    if membership.is_admin:
        return mine
    return mine.filter(Q(delegator_id=membership.user_id) | Q(delegate_id=membership.user_id))


@member_required(Role.ADMIN, Role.MANAGER)
def delegations(request):
    context = {"delegations": _delegations_of(request.membership), "today": timezone.localdate()}
    return render(request, "approvals/delegations.html", context)


@member_required(Role.ADMIN, Role.MANAGER)
def delegation_create(request):
    form = DelegationForm(request.POST or None, membership=request.membership)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_delegation(
                actor=request.membership,
                delegator=data.get("delegator") or request.user,
                delegate=data["delegate"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La délégation est enregistrée."))
            return redirect("approval_settings:delegations")
    return render(request, "approvals/delegation_form.html", {"form": form})


@require_POST
@member_required(Role.ADMIN, Role.MANAGER)
def delegation_end(request, pk):
    delegation = get_for_org(_delegations_of(request.membership), request.org, pk=pk)
    services.end_delegation(actor=request.membership, delegation=delegation)
    messages.success(request, _("La délégation est terminée."))
    return redirect("approval_settings:delegations")


# --- Lead time --------------------------------------------------------------------------------------


@member_required(Role.ADMIN)
def lead_time_dashboard(request):
    now = timezone.now()
    context = {
        "by_month": lead_times.median_by_month(request.org, now=now),
        "by_manager": lead_times.median_by_manager(request.org, now=now),
        "waiting": lead_times.waiting_longer_than(request.org, now=now),
    }
    return render(request, "approvals/lead_times.html", context)
