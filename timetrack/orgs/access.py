"""Access helpers: fetch an object for a membership, 404 outside its organisation, 403 outside its role."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from timetrack.orgs.models import Membership, Role
from timetrack.orgs.scoping import get_for_org
from timetrack.orgs.selectors import visible_user_ids


def require_role(membership, *roles: str) -> None:
    if membership is None or membership.role not in roles:
        raise PermissionDenied


def require_admin(membership) -> None:
    require_role(membership, Role.ADMIN)


def get_member_for(membership, user_id, *, write: bool = False) -> Membership:
    """The membership of ``user_id`` in the caller's organisation.

    Another organisation's person is a 404; a person outside the caller's scope is a 403;
    only admins write.
    """
    target = get_for_org(
        Membership.objects.select_related("user", "manager", "team", "agency", "organization"),
        membership.organization,
        user_id=user_id,
    )
    if write:
        require_admin(membership)
        return target
    visible = visible_user_ids(membership)
    if visible is not None and target.user_id not in visible:
        raise PermissionDenied
    return target


def member_required(*roles: str):
    """View decorator: logged in (else the login page), an active membership, and one of ``roles`` if given.

    A user without an organisation, or with the wrong role, gets a 403.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.membership is None:
                raise PermissionDenied
            if roles:
                require_role(request.membership, *roles)
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator
