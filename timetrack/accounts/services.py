"""Writes on accounts: API tokens and invitations."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from timetrack.accounts.models import ApiToken, Invitation, User, hash_token
from timetrack.lib.errors import DomainError
from timetrack.orgs import rules
from timetrack.orgs.models import Membership
from timetrack.orgs.services import add_member

INVITATION_SALT = "timetrack.invitation"
INVITATION_INVALID = _("Ce lien d'invitation n'est pas valide ou a expiré.")
INVITATION_USED = _("Cette invitation a déjà été acceptée.")


# --- API tokens -------------------------------------------------------------------------------------
def issue_token(*, membership: Membership, name: str, days: int | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``membership``'s user and organisation; the clear key is returned only here."""
    key = ApiToken.new_key()
    expires_at = timezone.now() + timedelta(days=days) if days else None
    token = ApiToken.objects.create(
        organization=membership.organization,
        user=membership.user,
        name=name[:100],
        key_prefix=key[:10],
        key_hash=hash_token(key),
        expires_at=expires_at,
    )
    return token, key


def authenticate_token(key: str) -> tuple[ApiToken, Membership] | None:
    """The usable token and the active membership behind ``key``, or None."""
    from timetrack.accounts.selectors import usable_token_with_membership

    now = timezone.now()
    found = usable_token_with_membership(hash_token(key), now)
    if found is None:
        return None
    token, _membership = found
    # One write per minute at most: last_used_at is informative, not worth a write per request.
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return found


def revoke_token(*, membership: Membership, token_id) -> ApiToken:
    """Revoke one of the caller's own tokens (404 for anyone else's)."""
    from timetrack.orgs.scoping import get_for_org

    with transaction.atomic():
        token = get_for_org(
            ApiToken.objects.select_for_update(), membership.organization, pk=token_id, user=membership.user
        )
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
    return token


def purge_dead_tokens(*, now=None) -> int:
    """Delete tokens that expired or were revoked more than a day ago (kept a day for the profile page)."""
    limit = (now or timezone.now()) - timedelta(days=1)
    deleted, _ = ApiToken.objects.filter(expires_at__lt=limit).delete()
    revoked, _ = ApiToken.objects.filter(revoked_at__lt=limit).delete()
    return deleted + revoked


# --- Invitations ------------------------------------------------------------------------------------
def invite_member(
    *, org, actor: User, email: str, role: str, manager=None, team=None, agency=None
) -> Invitation:
    """Record an invitation and e-mail its signed link once the transaction commits."""
    email = User.objects.normalize_email(email).lower()
    with transaction.atomic():
        rules.check_not_member(org, User.objects.filter(email__iexact=email).first())
        rules.check_manager_in_org(org, manager.pk if manager else None)
        rules.check_same_org(org, team, field="team", message=rules.TEAM_OTHER_ORG)
        rules.check_same_org(org, agency, field="agency", message=rules.AGENCY_OTHER_ORG)
        invitation = Invitation.objects.create(
            organization=org,
            email=email,
            role=role,
            manager=manager,
            team=team,
            agency=agency,
            invited_by=actor,
        )
        transaction.on_commit(lambda: _queue_invitation_mail(invitation.pk))
    return invitation


def _queue_invitation_mail(invitation_id: int) -> None:
    from timetrack.accounts.tasks import send_invitation_mail

    send_invitation_mail(invitation_id)


def invitation_link(invitation: Invitation) -> str:
    token = signing.dumps({"i": invitation.pk, "e": invitation.email}, salt=INVITATION_SALT)
    return settings.SITE_URL + reverse("accounts:accept_invitation", args=[token])


def invitation_from_token(token: str) -> Invitation:
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=settings.INVITATION_MAX_AGE)
    except signing.BadSignature as exc:
        raise DomainError(INVITATION_INVALID) from exc
    invitation = (
        Invitation.objects.select_related("organization", "invited_by")
        .filter(pk=data.get("i"), email=data.get("e"))
        .first()
    )
    if invitation is None:
        raise DomainError(INVITATION_INVALID)
    if invitation.accepted_at is not None:
        raise DomainError(INVITATION_USED)
    return invitation


def accept_invitation(*, token: str, first_name: str, last_name: str, password: str | None) -> Membership:
    """Turn an invitation into a membership; a new user sets a password, a known one keeps theirs."""
    with transaction.atomic():
        invitation = invitation_from_token(token)
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.accepted_at is not None:
            raise DomainError(INVITATION_USED)
        membership = add_member(
            org=invitation.organization,
            actor=invitation.invited_by,
            email=invitation.email,
            first_name=first_name,
            last_name=last_name,
            password=password,
            role=invitation.role,
            manager_id=invitation.manager_id,
            team=invitation.team,
            agency=invitation.agency,
        )
        invitation.accepted_at = timezone.now()
        invitation.save(update_fields=["accepted_at"])
    return membership


def render_invitation_mail(invitation: Invitation) -> tuple[str, str]:
    """Subject and body of the invitation, in French (the invitee has no language yet)."""
    with translation.override("fr"):
        inviter = invitation.invited_by.get_full_name() if invitation.invited_by else "TimeTrack"
        subject = gettext("%(org)s vous invite sur TimeTrack") % {"org": invitation.organization.name}
        body = gettext(
            "Bonjour,\n\n%(inviter)s vous invite à rejoindre %(org)s sur TimeTrack.\n\n"
            "Pour accepter l'invitation et choisir votre mot de passe, ouvrez ce lien (valable 7 jours) :\n"
            "%(link)s\n\nÀ bientôt sur TimeTrack."
        ) % {"inviter": inviter, "org": invitation.organization.name, "link": invitation_link(invitation)}
    return subject, body


# --- Profile ----------------------------------------------------------------------------------------
def update_profile(*, user: User, first_name: str, last_name: str, language: str) -> User:
    """The user's own settings; the language applies from the next request on."""
    user.first_name, user.last_name, user.language = first_name.strip(), last_name.strip(), language
    user.save(update_fields=["first_name", "last_name", "language"])
    return user
