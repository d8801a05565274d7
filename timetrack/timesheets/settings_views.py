"""Admin screens of the activity types: the list with their flags, creation and edition."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from timetrack.lib.errors import DomainError
from timetrack.orgs.access import member_required
from timetrack.orgs.models import Role
from timetrack.orgs.scoping import get_for_org
from timetrack.timesheets.activity_forms import ActivityTypeForm
from timetrack.timesheets.activity_services import create_activity_type, update_activity_type
from timetrack.timesheets.models import ActivityType
from timetrack.timesheets.selectors import activity_types


def _form_error(form, error: DomainError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@member_required(Role.ADMIN)
def activity_type_list(request):
    return render(request, "timesheets/activity_types.html", {"activity_types": activity_types(request.org)})


@member_required(Role.ADMIN)
def activity_type_form(request, pk=None):
    activity_type = get_for_org(ActivityType, request.org, pk=pk) if pk else None
    form = ActivityTypeForm(request.POST or None, instance=activity_type)
    if request.method == "POST" and form.is_valid():
        try:
            if activity_type is None:
                create_activity_type(actor=request.membership, **form.cleaned_data)
            else:
                update_activity_type(
                    actor=request.membership, activity_type=activity_type, **form.cleaned_data
                )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request,
                _("Le type d'activité « %(name)s » est enregistré.") % {"name": form.cleaned_data["name"]},
            )
            return redirect("activity_types:list")
    context = {"form": form, "activity_type": activity_type}
    return render(request, "timesheets/activity_types_form.html", context)
