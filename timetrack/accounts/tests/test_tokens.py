import re
from datetime import timedelta

import pytest
from django.utils import timezone

from timetrack.accounts.models import ApiToken
from timetrack.accounts.services import authenticate_token, issue_token

pytestmark = pytest.mark.django_db
CREATE = "/comptes/profil/jetons/"


def _revoke_url(token) -> str:
    return f"/comptes/profil/jetons/{token.pk}/revoquer/"


def _shown_key(response) -> str:
    return re.search(r'value="(tt_[^"]+)"', response.content.decode()).group(1)


def test_it_creates_a_token_and_shows_the_key_once(login, personas):
    client = login(personas.consultant)
    response = client.post(CREATE, {"name": "Export paie", "days": 30})
    assert response.status_code == 200
    key = _shown_key(response)
    token, membership = authenticate_token(key)
    assert token.name == "Export paie"
    assert membership == personas.consultant
    assert timezone.now() + timedelta(days=29) < token.expires_at <= timezone.now() + timedelta(days=30)
    assert key not in client.get("/comptes/profil/").content.decode()


def test_it_creates_a_token_without_expiry(login, personas):
    response = login(personas.consultant).post(CREATE, {"name": "CI", "days": ""})
    token, _membership = authenticate_token(_shown_key(response))
    assert token.expires_at is None


def test_it_answers_the_fragment_to_htmx(login, personas):
    response = login(personas.consultant).post(CREATE, {"name": "CI", "days": 5}, HTTP_HX_REQUEST="true")
    content = response.content.decode()
    assert content.lstrip().startswith("<section")
    assert "<html" not in content
    assert "tt_" in content


def test_it_refuses_a_token_without_name(login, personas):
    response = login(personas.consultant).post(CREATE, {"name": "", "days": 5})
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_lists_the_tokens_with_their_status(login, personas):
    issue_token(membership=personas.consultant, name="Actif")
    revoked, _key = issue_token(membership=personas.consultant, name="Ancien")
    revoked.revoked_at = timezone.now()
    revoked.save()
    issue_token(membership=personas.colleague, name="Celui de Bob")
    content = login(personas.consultant).get("/comptes/profil/").content.decode()
    assert "Actif" in content
    assert "Révoqué" in content
    assert "Celui de Bob" not in content


def test_revoking_makes_the_key_useless(login, personas):
    token, key = issue_token(membership=personas.consultant, name="Script")
    client = login(personas.consultant)
    response = client.post(_revoke_url(token), follow=True)
    assert "Révoqué" in response.content.decode()
    assert authenticate_token(key) is None


def test_it_cannot_revoke_someone_elses_token(login, personas):
    token, key = issue_token(membership=personas.colleague, name="Script")
    assert login(personas.consultant).post(_revoke_url(token)).status_code == 404
    assert authenticate_token(key) is not None


def test_it_cannot_revoke_another_organisations_token(login, personas):
    token, key = issue_token(membership=personas.other, name="Script")
    assert login(personas.admin).post(_revoke_url(token)).status_code == 404
    assert authenticate_token(key) is not None


def test_it_requires_login(client, personas):
    assert client.post(CREATE, {"name": "x"})["Location"].startswith("/comptes/connexion/")
