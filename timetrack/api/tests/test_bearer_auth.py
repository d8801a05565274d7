from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from timetrack.accounts.models import ApiToken
from timetrack.accounts.services import issue_token, revoke_token

pytestmark = pytest.mark.django_db


def client_with(key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_it_requires_authentication_with_401(personas):
    response = APIClient().get("/api/v1/me")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_it_refuses_an_unknown_token(personas):
    assert client_with("tt_unknown").get("/api/v1/me").status_code == 401


def test_it_refuses_a_malformed_header(personas):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer a b")
    assert client.get("/api/v1/me").status_code == 401


def test_it_refuses_a_revoked_token(personas):
    token, key = issue_token(membership=personas.consultant, name="cli")
    assert client_with(key).get("/api/v1/me").status_code == 200
    revoke_token(membership=personas.consultant, token_id=token.pk)
    assert client_with(key).get("/api/v1/me").status_code == 401


def test_it_refuses_an_expired_token(personas):
    token, key = issue_token(membership=personas.consultant, name="cli", days=1)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client_with(key).get("/api/v1/me").status_code == 401


def test_it_refuses_the_token_of_a_member_who_left(personas):
    _token, key = issue_token(membership=personas.consultant, name="cli")
    personas.consultant.is_active = False
    personas.consultant.save()
    assert client_with(key).get("/api/v1/me").status_code == 401


def test_it_records_the_last_use(personas):
    token, key = issue_token(membership=personas.consultant, name="cli")
    client_with(key).get("/api/v1/me")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_it_acts_in_the_organisation_of_the_token(personas):
    from timetrack.tests.factories import member

    second = member(personas.other_org, role="finance", user=personas.consultant.user)
    _token, key = issue_token(membership=second, name="beta")
    me = client_with(key).get("/api/v1/me").json()
    assert me["organization"]["name"] == "ESN Bêta"
    assert me["role"] == "finance"


def test_it_cannot_revoke_someone_elses_token(personas):
    from django.http import Http404

    token, _key = issue_token(membership=personas.admin, name="cli")
    with pytest.raises(Http404):
        revoke_token(membership=personas.consultant, token_id=token.pk)


def test_the_session_also_authenticates_the_api(personas, login):
    client = login(personas.manager)
    assert client.get("/api/v1/me").json()["role"] == "manager"


def test_me_describes_the_organisation_with_decimal_strings(personas):
    me = personas.api(personas.consultant).get("/api/v1/me").json()
    assert me["organization"] == {
        "id": personas.org.pk,
        "name": "ESN Alpha",
        "time_unit": "days",
        "hours_per_day": "7.00",
    }
    assert me["manager"] == personas.manager.user_id
