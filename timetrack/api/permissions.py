from rest_framework import permissions

from timetrack.orgs.models import Role


def membership_of(request):
    return getattr(request._request, "membership", None)


class IsOrgMember(permissions.BasePermission):
    """Authenticated, with an active membership in the organisation the request acts in."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and membership_of(request))


class HasRole(IsOrgMember):
    """``HasRole.for_roles("admin")`` on a view; unsafe methods may be restricted with ``write_roles``."""

    roles: tuple[str, ...] = ()

    @classmethod
    def for_roles(cls, *roles: str):
        return type(f"HasRole_{'_'.join(roles)}", (cls,), {"roles": roles})

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        return membership_of(request).role in self.roles


IsAdmin = HasRole.for_roles(Role.ADMIN)
IsAdminOrFinance = HasRole.for_roles(Role.ADMIN, Role.FINANCE)
