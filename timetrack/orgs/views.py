from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from timetrack.accounts import services as account_services
from timetrack.accounts.selectors import pending_invitations
from timetrack.lib.errors import DomainError
from timetrack.orgs import selectors, services
from timetrack.orgs.access import get_member_for, member_required
from timetrack.orgs.forms import AgencyForm, InviteForm, MemberForm, OrganizationForm, TeamForm
from timetrack.orgs.middleware import SESSION_KEY
from timetrack.orgs.models import PEOPLE_ROLES, Agency, Organization, Role, Team
from timetrack.orgs.scoping import get_for_org

PEOPLE_PER_PAGE = 50


def _form_error(form, error: DomainError) -> None:
    """Show a rule's refusal on the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@require_POST
@login_required
def switch(request):
    org_id = request.POST.get("org_id", "")
    mine = selectors.memberships_of(request.user)
    membership = mine.filter(organization_id=org_id).first() if org_id.isdigit() else None
    if membership is None:
        raise Http404("Not a member of this organisation.")
    request.session[SESSION_KEY] = membership.organization_id
    messages.success(
        request, _("Vous travaillez maintenant dans %(org)s.") % {"org": membership.organization.name}
    )
    return redirect("core:home")


@member_required(*PEOPLE_ROLES)
def people(request):
    query = request.GET.get("q", "").strip()
    members = selectors.visible_memberships(request.membership).matching(query)
    page = Paginator(members, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "members": page.object_list, "query": query}
    return render(request, "orgs/people.html", context)


@member_required()
def person(request, user_id):
    target = get_member_for(request.membership, user_id)
    return render(request, "orgs/person.html", {"person": target})


@member_required(Role.ADMIN)
def person_edit(request, user_id):
    target = get_member_for(request.membership, user_id, write=True)
    form = MemberForm(request.POST or None, org=request.org, initial=MemberForm.initial_for(target))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(membership=target, actor=request.user, **form.service_values())
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Les informations de %(name)s sont enregistrées.") % {"name": target.user}
            )
            return redirect("orgs:person", user_id=target.user_id)
    return render(request, "orgs/person_edit.html", {"person": target, "form": form})


@member_required(Role.ADMIN)
def invite(request):
    form = InviteForm(request.POST or None, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.invite_member(org=request.org, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]}
            )
            return redirect("orgs:invite")
    invitations = pending_invitations(request.org)
    return render(request, "orgs/invite.html", {"form": form, "invitations": invitations})


@member_required(Role.ADMIN)
def org_settings(request):
    # A fresh copy: a form that fails validation must not alter request.org, which the layout shows.
    instance = Organization.objects.get(pk=request.org.pk)
    form = OrganizationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.update_organization(org=request.org, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Les paramètres de l'organisation sont enregistrés."))
        return redirect("orgs:settings")
    return render(request, "orgs/settings.html", {"form": form})


@member_required(Role.ADMIN)
def teams(request):
    return render(request, "orgs/teams.html", {"teams": selectors.teams_with_counts(request.org)})


@member_required(Role.ADMIN)
def team_form(request, pk=None):
    team = get_for_org(Team, request.org, pk=pk) if pk else None
    form = TeamForm(request.POST or None, instance=team, org=request.org)
    if request.method == "POST" and form.is_valid():
        try:
            if team is None:
                services.create_team(org=request.org, actor=request.user, **form.cleaned_data)
            else:
                services.update_team(team=team, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("L'équipe « %(name)s » est enregistrée.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("orgs:teams")
    return render(request, "orgs/team_form.html", {"form": form, "team": team})


@member_required(Role.ADMIN)
def agencies(request):
    return render(request, "orgs/agencies.html", {"agencies": selectors.agencies_with_counts(request.org)})


@member_required(Role.ADMIN)
def agency_form(request, pk=None):
    agency = get_for_org(Agency, request.org, pk=pk) if pk else None
    form = AgencyForm(request.POST or None, instance=agency)
    if request.method == "POST" and form.is_valid():
        try:
            if agency is None:
                services.create_agency(org=request.org, actor=request.user, **form.cleaned_data)
            else:
                services.update_agency(agency=agency, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, _("L'agence « %(name)s » est enregistrée.") % {"name": form.cleaned_data["name"]}
            )
            return redirect("orgs:agencies")
    return render(request, "orgs/agency_form.html", {"form": form, "agency": agency})
