"""One function per rule on organisations and their members; each raises a DomainError."""

from django.utils.translation import gettext_lazy as _

from timetrack.lib.errors import DomainError
from timetrack.orgs.models import Membership, Role
from timetrack.orgs.selectors import subtree_user_ids

MANAGER_NOT_MEMBER = _("Le manager doit être membre de l'organisation.")
LEAD_NOT_MEMBER = _("Le responsable doit être membre de l'organisation.")
MANAGER_CYCLE = _("Cette personne ne peut pas être son propre manager, même indirectement.")
DATES_REVERSED = _("La date de sortie doit être postérieure ou égale à la date d'entrée.")
LAST_ADMIN = _("L'organisation doit garder au moins un administrateur actif.")
TEAM_OTHER_ORG = _("Cette équipe n'existe pas dans l'organisation.")
AGENCY_OTHER_ORG = _("Cette agence n'existe pas dans l'organisation.")
ALREADY_MEMBER = _("Cette personne est déjà membre de l'organisation.")
EMAIL_TAKEN = _("Cette adresse e-mail est déjà utilisée.")
NAME_TAKEN = _("Ce nom est déjà utilisé dans l'organisation.")
EMAIL_SHARED = _("Cette personne appartient à plusieurs organisations : elle seule peut changer son e-mail.")


def check_manager_in_org(org, manager_user_id: int | None) -> None:
    if manager_user_id is None:
        return
    if not Membership.objects.for_org(org).filter(user_id=manager_user_id, is_active=True).exists():
        raise DomainError(MANAGER_NOT_MEMBER, field="manager")


def check_lead_in_org(org, lead) -> None:
    if lead is not None and not Membership.objects.for_org(org).filter(user=lead, is_active=True).exists():
        raise DomainError(LEAD_NOT_MEMBER, field="lead")


def check_no_manager_cycle(org, user_id: int | None, manager_user_id: int | None) -> None:
    if manager_user_id is None or user_id is None:
        return
    if manager_user_id == user_id or manager_user_id in subtree_user_ids(org, user_id):
        raise DomainError(MANAGER_CYCLE, field="manager")


def check_dates_ordered(start_date, end_date) -> None:
    if start_date and end_date and end_date < start_date:
        raise DomainError(DATES_REVERSED, field="end_date")


def check_keeps_an_admin(membership: Membership, *, new_role: str, new_active: bool) -> None:
    if membership.role != Role.ADMIN or (new_role == Role.ADMIN and new_active):
        return
    others = (
        Membership.objects.for_org(membership.organization)
        .filter(role=Role.ADMIN, is_active=True)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise DomainError(LAST_ADMIN, field="role")


def check_same_org(org, obj, *, field: str, message) -> None:
    if obj is not None and obj.organization_id != org.id:
        raise DomainError(message, field=field)


def check_not_member(org, user) -> None:
    if user is not None and Membership.objects.for_org(org).filter(user=user).exists():
        raise DomainError(ALREADY_MEMBER, field="email")


def check_email_changeable(user, email: str) -> None:
    from timetrack.accounts.models import User

    if user.memberships.count() > 1:
        raise DomainError(EMAIL_SHARED, field="email")
    if User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise DomainError(EMAIL_TAKEN, field="email")


def check_name_free(queryset, org, name: str, *, exclude_pk=None) -> None:
    """Team and agency names are unique per organisation (the form cannot see that constraint)."""
    clash = queryset.for_org(org).filter(name__iexact=name.strip())
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise DomainError(NAME_TAKEN, field="name")
