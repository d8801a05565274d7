"""Personas shared by every test module: an admin, a manager, a consultant and a finance member of org A,
and an admin of org B (the other tenant)."""

import pytest
from rest_framework.test import APIClient

from timetrack.accounts.services import issue_token
from timetrack.orgs.models import Role
from timetrack.tests.factories import PASSWORD, OrganizationFactory, member


class Personas:
    def __init__(self):
        self.org = OrganizationFactory(name="ESN Alpha", slug="esn-alpha")
        self.other_org = OrganizationFactory(name="ESN Bêta", slug="esn-beta")
        self.admin = member(self.org, Role.ADMIN, user__email="admin@alpha.test")
        self.finance = member(self.org, Role.FINANCE, user__email="finance@alpha.test")
        self.manager = member(self.org, Role.MANAGER, user__email="manager@alpha.test")
        self.consultant = member(
            self.org, Role.CONSULTANT, manager=self.manager, user__email="alice@alpha.test"
        )
        self.colleague = member(self.org, Role.CONSULTANT, user__email="bob@alpha.test")
        self.other = member(self.other_org, Role.ADMIN, user__email="admin@beta.test")
        self.password = PASSWORD

    def api(self, membership) -> APIClient:
        """An API client authenticated by a real Bearer token of ``membership``."""
        _token, key = issue_token(membership=membership, name="tests")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client


@pytest.fixture
def personas(db):
    return Personas()


@pytest.fixture
def login(client):
    """Log the Django test client in as a membership's user and return the client."""

    def _login(membership):
        client.force_login(membership.user)
        session = client.session
        session["org_id"] = membership.organization_id
        session.save()
        return client

    return _login


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling and login lock-outs live in the cache: no test inherits another's counters."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
