from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.views import SuccessMessageMixin
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from timetrack.accounts import services, throttling
from timetrack.accounts.forms import (
    AcceptInvitationForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    ProfileForm,
    SetPasswordForm,
    TokenForm,
)
from timetrack.accounts.models import User
from timetrack.accounts.selectors import tokens_of
from timetrack.lib.errors import DomainError
from timetrack.orgs.access import member_required
from timetrack.orgs.middleware import SESSION_KEY


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    form_class = PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Votre mot de passe a été changé.")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        # The public address, as in invitation links, rather than whatever Host the request came with.
        return {"site_url": settings.SITE_URL}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        # Whoever proves they own the address gets their login back at once.
        throttling.clear_failures(email=self.user.email)
        return super().form_valid(form)


@never_cache
def accept_invitation(request, token):
    try:
        invitation = services.invitation_from_token(token)
    except DomainError as error:
        return _invitation_refused(request, error)
    known = User.objects.filter(email__iexact=invitation.email).first()
    if known is not None and request.user != known:
        # An existing account joins only once its owner has logged in.
        messages.info(
            request, _("Connectez-vous avec %(email)s pour accepter l'invitation.") % {"email": known.email}
        )
        return redirect_to_login(request.get_full_path())
    form = None if known else AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (form is None or form.is_valid()):
        return _accept(request, token, form.cleaned_data if form else {})
    return render(request, "accounts/accept_invitation.html", {"invitation": invitation, "form": form})


def _accept(request, token: str, data: dict):
    try:
        membership = services.accept_invitation(
            token=token,
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            password=data.get("password1"),
        )
    except DomainError as error:
        return _invitation_refused(request, error)
    login(request, membership.user)
    request.session[SESSION_KEY] = membership.organization_id
    messages.success(request, _("Bienvenue dans %(org)s !") % {"org": membership.organization.name})
    return redirect("core:home")


def _invitation_refused(request, error: DomainError):
    return render(request, "accounts/invitation_invalid.html", {"error": error.message}, status=400)


@login_required
def profile(request):
    form = _profile_form(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.update_profile(user=request.user, **form.cleaned_data)
        translation.activate(user.language)  # the confirmation already speaks the new language
        messages.success(request, _("Votre profil est enregistré."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form, **_tokens_context(request)})


def _profile_form(user, data=None) -> ProfileForm:
    initial = {"first_name": user.first_name, "last_name": user.last_name, "language": user.language}
    return ProfileForm(data, initial=initial)


def _tokens_context(request, *, token_form=None, new_key=None) -> dict:
    membership = request.membership
    tokens = tokens_of(membership) if membership else []
    return {"tokens": tokens, "token_form": token_form or TokenForm(), "new_key": new_key}


@never_cache
@require_POST
@member_required()
def token_create(request):
    form = TokenForm(request.POST)
    new_key = None
    if form.is_valid():
        _token, new_key = services.issue_token(membership=request.membership, **form.cleaned_data)
        form = None
    context = _tokens_context(request, token_form=form, new_key=new_key)
    if request.htmx:
        return render(request, "accounts/_tokens.html", context)
    return render(request, "accounts/profile.html", {"form": _profile_form(request.user), **context})


@require_POST
@member_required()
def token_revoke(request, token_id):
    token = services.revoke_token(membership=request.membership, token_id=token_id)
    if request.htmx:
        return render(request, "accounts/_tokens.html", _tokens_context(request))
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("accounts:profile")
