from timetrack.orgs.models import Membership

SESSION_KEY = "org_id"


def current_membership(request) -> Membership | None:
    """The active membership of the session's organisation, or the user's first one."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.filter(user=user, is_active=True).select_related(
        "organization", "user", "agency"
    )
    wanted = request.session.get(SESSION_KEY)
    membership = memberships.filter(organization_id=wanted).first() if wanted else None
    return membership or memberships.order_by("organization__name").first()


class OrganizationMiddleware:
    """Sets ``request.membership`` and ``request.org`` for session-authenticated requests.

    The API's token authentication overrides both with the token's organisation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = current_membership(request)
        request.org = request.membership.organization if request.membership else None
        return self.get_response(request)
