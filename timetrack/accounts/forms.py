from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from timetrack.accounts import throttling
from timetrack.accounts.models import Language, User
from timetrack.core.forms import BootstrapMixin

INVALID_LOGIN = _("Adresse e-mail ou mot de passe incorrect.")
LOCKED = _(
    "Trop de tentatives de connexion échouées. Par sécurité, la connexion est bloquée pendant "
    "%(minutes)s minutes : réessayez plus tard ou réinitialisez votre mot de passe."
)
PASSWORDS_DIFFER = _("Les deux mots de passe ne correspondent pas.")


class LoginForm(BootstrapMixin, auth_forms.AuthenticationForm):
    """E-mail and password, with failed attempts throttled per e-mail and per address."""

    error_messages = {**auth_forms.AuthenticationForm.error_messages, "invalid_login": INVALID_LOGIN}

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Adresse e-mail")
        username.widget.input_type = "email"
        username.widget.attrs.update(autocomplete="email", autocapitalize="none")

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        ip = throttling.client_ip(self.request)
        if throttling.is_locked(email=email, ip=ip):
            minutes = settings.LOGIN_FAILURE_WINDOW // 60
            raise ValidationError(LOCKED, code="locked", params={"minutes": minutes})
        try:
            cleaned = super().clean()
        except ValidationError:
            throttling.record_failure(email=email, ip=ip)
            raise
        throttling.clear_failures(email=email)
        return cleaned


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    pass


class PasswordResetForm(BootstrapMixin, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Adresse e-mail")


class SetPasswordForm(BootstrapMixin, auth_forms.SetPasswordForm):
    pass


class AcceptInvitationForm(BootstrapMixin, forms.Form):
    """A new member's name and password; the password goes through Django's validators."""

    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif password1:
            # An unsaved user, so that the similarity validator compares with the name and e-mail.
            names = {"first_name": cleaned.get("first_name", ""), "last_name": cleaned.get("last_name", "")}
            user = User(email=self.email, **names)
            try:
                password_validation.validate_password(password1, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(BootstrapMixin, forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Langue"), choices=Language.choices)


class TokenForm(BootstrapMixin, forms.Form):
    name = forms.CharField(
        label=_("Nom du jeton"), max_length=100, help_text=_("Par exemple : « Export paie ».")
    )
    days = forms.IntegerField(
        label=_("Validité (jours)"),
        min_value=1,
        max_value=3650,
        required=False,
        initial=settings.API_TOKEN_DEFAULT_DAYS,
        help_text=_("Laissez vide pour un jeton sans expiration."),
    )
