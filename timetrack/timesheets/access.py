"""Who may read and write whose CRA: oneself, an admin, or a manager for their N+1 subtree."""

from django.core.exceptions import PermissionDenied

from timetrack.orgs.models import Membership, Role
from timetrack.orgs.selectors import subtree_user_ids


def can_edit_for(actor: Membership, person: Membership) -> bool:
    if actor.organization_id != person.organization_id:
        return False
    if actor.user_id == person.user_id or actor.role == Role.ADMIN:
        return True
    return actor.role == Role.MANAGER and person.user_id in subtree_user_ids(
        actor.organization, actor.user_id
    )


def check_can_edit_for(actor: Membership, person: Membership) -> None:
    if not can_edit_for(actor, person):
        raise PermissionDenied
