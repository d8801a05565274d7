import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from timetrack.accounts.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db
URL = "/api/v1/auth/token"


def test_it_answers_a_token_that_works_on_me(personas):
    client = APIClient()
    response = client.post(URL, {"email": "alice@alpha.test", "password": personas.password}, format="json")
    assert response.status_code == 200
    key = response.json()["token"]
    assert response.json()["organization"]["name"] == "ESN Alpha"
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == "alice@alpha.test"
    assert me.json()["role"] == "consultant"


def test_it_stores_only_the_hash_of_the_key(personas):
    response = APIClient().post(
        URL, {"email": "alice@alpha.test", "password": personas.password}, format="json"
    )
    key = response.json()["token"]
    token = ApiToken.objects.get(user=personas.consultant.user)
    assert token.key_hash == hash_token(key)
    assert key not in {token.key_hash, token.key_prefix, token.name}
    assert token.expires_at is not None


def test_it_accepts_the_email_in_any_case(personas):
    response = APIClient().post(
        URL, {"email": "Alice@Alpha.TEST", "password": personas.password}, format="json"
    )
    assert response.status_code == 200


def test_it_refuses_a_wrong_password_with_401(personas):
    response = APIClient().post(URL, {"email": "alice@alpha.test", "password": "nope"}, format="json")
    assert response.status_code == 401
    assert "incorrect" in response.json()["detail"]
    assert not ApiToken.objects.exists()


def test_it_names_the_missing_fields(personas):
    response = APIClient().post(URL, {"email": "not-an-email"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_it_refuses_malformed_json_with_400(personas):
    response = APIClient().post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_it_issues_the_token_in_the_chosen_organisation(personas):
    from timetrack.tests.factories import member

    member(personas.other_org, user=personas.consultant.user)
    response = APIClient().post(
        URL,
        {"email": "alice@alpha.test", "password": personas.password, "organization": personas.other_org.pk},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["organization"]["id"] == personas.other_org.pk


def test_it_refuses_an_organisation_the_user_does_not_belong_to(personas):
    body = {"email": "alice@alpha.test", "password": personas.password, "organization": personas.other_org.pk}
    response = APIClient().post(URL, body, format="json")
    assert response.status_code == 403


def test_it_refuses_a_deactivated_member(personas):
    personas.consultant.is_active = False
    personas.consultant.save()
    response = APIClient().post(
        URL, {"email": "alice@alpha.test", "password": personas.password}, format="json"
    )
    assert response.status_code == 403


@override_settings(API_TOKEN_THROTTLE="3/min")
def test_it_throttles_repeated_attempts(personas):
    client = APIClient()
    codes = [
        client.post(URL, {"email": "alice@alpha.test", "password": "x"}, format="json").status_code
        for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]
