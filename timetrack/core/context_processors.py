from timetrack.orgs.selectors import memberships_of
from timetrack.profitability.selectors import manages_a_project


def shell(request):
    """What the layout needs on every page: the current membership, the organisations to switch to, and
    whether to offer profitability (read in the same query as the organisations)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    mine = list(memberships_of(user).annotate(manages_a_project=manages_a_project()))
    current = next((m for m in mine if membership is not None and m.pk == membership.pk), None)
    return {
        "membership": membership,
        "org": membership.organization if membership else None,
        "other_memberships": [m for m in mine if m is not current],
        "shows_profitability": membership is not None
        and (membership.sees_costs or bool(current and current.manages_a_project)),
    }
