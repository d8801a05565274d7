"""Screens of clients, projects and assignments: admins and managers write, finance reads,
a consultant sees their own missions."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from timetrack.lib.errors import DomainError
from timetrack.orgs.access import member_required
from timetrack.projects import selectors, services
from timetrack.projects.access import (
    READ_ALL_ROLES,
    WRITE_ROLES,
    can_write,
    get_assignment_for,
    get_client_for,
    get_project_for,
)
from timetrack.projects.forms import AssignmentForm, ClientForm, ProjectFilterForm, ProjectForm

PROJECTS_PER_PAGE = 50


def _form_error(form, error: DomainError) -> None:
    """Show a rule's refusal on the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


# --- Clients ------------------------------------------------------------------------------------


@member_required(*READ_ALL_ROLES)
def clients(request):
    context = {
        "clients": selectors.clients_with_counts(request.org),
        "can_write": can_write(request.membership),
    }
    return render(request, "projects/clients.html", context)


@member_required(*WRITE_ROLES)
def client_form(request, pk=None):
    client = get_client_for(request.membership, pk, write=True) if pk else None
    form = ClientForm(request.POST or None, instance=client, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            if client is None:
                services.create_client(actor=request.membership, **form.cleaned_data)
            else:
                services.update_client(actor=request.membership, client=client, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Le client « %(name)s » est enregistré.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("projects:clients")
    return render(request, "projects/client_form.html", {"form": form, "client": client})


@require_POST
@member_required(*WRITE_ROLES)
def client_delete(request, pk):
    client = get_client_for(request.membership, pk, write=True)
    try:
        services.delete_client(actor=request.membership, client=client)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Le client « %(name)s » est supprimé.") % {"name": client.name})
    return redirect("projects:clients")


# --- Projects -----------------------------------------------------------------------------------


@member_required(*READ_ALL_ROLES)
def project_list(request):
    filters = ProjectFilterForm(request.GET or None, org=request.org)
    projects = selectors.project_list(request.membership, **filters.filters())
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "projects": page.object_list,
        "filters": filters,
        "can_write": can_write(request.membership),
    }
    return render(request, "projects/projects.html", context)


@member_required(*READ_ALL_ROLES)
def project_detail(request, pk):
    project = get_project_for(request.membership, pk)
    context = {
        "project": project,
        "assignments": selectors.project_assignments(project),
        "can_write": can_write(request.membership),
    }
    return render(request, "projects/project.html", context)


@member_required(*WRITE_ROLES)
def project_form(request, pk=None):
    project = get_project_for(request.membership, pk, write=True) if pk else None
    form = ProjectForm(request.POST or None, instance=project, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            if project is None:
                project = services.create_project(actor=request.membership, **form.cleaned_data)
            else:
                project = services.update_project(
                    actor=request.membership, project=project, **form.cleaned_data
                )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Le projet « %(project)s » est enregistré.") % {"project": project})
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


# --- Assignments --------------------------------------------------------------------------------


@member_required(*WRITE_ROLES)
def assignment_form(request, project_pk=None, pk=None):
    assignment = get_assignment_for(request.membership, pk, write=True) if pk else None
    project = (
        assignment.project if assignment else get_project_for(request.membership, project_pk, write=True)
    )
    form = AssignmentForm(request.POST or None, instance=assignment, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            if assignment is None:
                services.create_assignment(actor=request.membership, project=project, **form.cleaned_data)
            else:
                services.update_assignment(
                    actor=request.membership, assignment=assignment, **form.cleaned_data
                )
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("L'affectation est enregistrée."))
            return redirect("projects:detail", pk=project.pk)
    context = {"form": form, "project": project, "assignment": assignment}
    return render(request, "projects/assignment_form.html", context)


@member_required(*WRITE_ROLES)
def assignment_delete(request, pk):
    assignment = get_assignment_for(request.membership, pk, write=True)
    if request.method != "POST":
        return render(request, "projects/assignment_delete.html", {"assignment": assignment})
    try:
        services.delete_assignment(actor=request.membership, assignment=assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L'affectation est supprimée."))
    return redirect("projects:detail", pk=assignment.project_id)


@member_required()
def my_missions(request):
    context = {"assignments": selectors.my_assignments(request.membership), "today": timezone.localdate()}
    return render(request, "projects/my_missions.html", context)
