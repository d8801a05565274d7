"""The rules a TACE target obeys: one function each, raising a DomainError that names the faulty field."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from timetrack.lib.errors import DomainError
from timetrack.orgs.models import Membership, Team

MAX_TARGET = Decimal("150")


def check_one_scope(*, team, user) -> None:
    """A target is the organisation's, a team's or a person's: never a team's and a person's at once."""
    if team is not None and user is not None:
        raise DomainError(
            _("Un objectif vise une équipe ou une personne, pas les deux à la fois."), field="user"
        )


def check_target_range(target) -> None:
    if target is None or not (Decimal("0") < Decimal(target) <= MAX_TARGET):
        raise DomainError(_("L'objectif doit être compris entre 0 (exclu) et 150 %."), field="target")


def check_team_of_org(org, team) -> None:
    if team is not None and not Team.objects.for_org(org).filter(pk=team.pk).exists():
        raise DomainError(_("Cette équipe n'appartient pas à l'organisation."), field="team")


def check_member_of_org(org, user) -> None:
    if user is not None and not Membership.objects.for_org(org).filter(user_id=user.pk).exists():
        raise DomainError(_("Cette personne n'est pas membre de l'organisation."), field="user")


def check_effective_from(effective_from) -> None:
    if effective_from is None:
        raise DomainError(_("Indiquez la date d'entrée en vigueur."), field="effective_from")
