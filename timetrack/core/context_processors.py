from timetrack.orgs.selectors import memberships_of


def shell(request):
    """What the layout needs on every page: the current membership and the organisations to switch to."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    membership = getattr(request, "membership", None)
    return {
        "membership": membership,
        "org": membership.organization if membership else None,
        "other_memberships": [m for m in memberships_of(user) if membership is None or m.pk != membership.pk],
    }
