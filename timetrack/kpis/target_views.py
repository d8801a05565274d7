"""Admin screens of the TACE targets: list, create, delete."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from timetrack.kpis import services
from timetrack.kpis.models import TaceTarget
from timetrack.kpis.target_forms import TargetForm
from timetrack.lib.errors import DomainError
from timetrack.orgs.access import member_required
from timetrack.orgs.models import Role
from timetrack.orgs.scoping import get_for_org


@member_required(Role.ADMIN)
def target_list(request):
    targets = (
        TaceTarget.objects.for_org(request.org)
        .select_related("team", "user")
        .order_by("user", "team", "-effective_from")
    )
    return render(request, "kpis/targets.html", {"targets": targets})


@member_required(Role.ADMIN)
def target_create(request):
    form = TargetForm(request.POST or None, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_target(actor=request.membership, **form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("L'objectif de TACE est enregistré."))
            return redirect("targets:list")
    return render(request, "kpis/targets_form.html", {"form": form})


@member_required(Role.ADMIN)
def target_delete(request, pk):
    target = get_for_org(TaceTarget.objects.select_related("team", "user"), request.org, pk=pk)
    if request.method != "POST":
        return render(request, "kpis/targets_delete.html", {"target": target})
    services.delete_target(actor=request.membership, target=target)
    messages.success(request, _("L'objectif de TACE est supprimé."))
    return redirect("targets:list")
