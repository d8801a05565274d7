import re

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db
URL = "/comptes/mot-de-passe/oublie/"
NEW = "another-long-passphrase"


def _reset_link() -> str:
    match = re.search(r"https?://[^/\s]+(/comptes/mot-de-passe/nouveau/\S+/)", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1)


def test_it_sends_a_french_email(client, personas):
    response = client.post(URL, {"email": "alice@alpha.test"})
    assert response["Location"] == "/comptes/mot-de-passe/oublie/envoye/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@alpha.test"]
    assert "Réinitialisation" in message.subject
    assert "Bonjour," in message.body
    assert "http://127.0.0.1:8000/comptes/mot-de-passe/nouveau/" in message.body


def test_it_says_nothing_about_an_unknown_email(client, personas):
    response = client.post(URL, {"email": "nobody@alpha.test"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_the_link_sets_a_new_password(client, personas):
    client.post(URL, {"email": "alice@alpha.test"})
    form_url = client.get(_reset_link())["Location"]  # Django swaps the token for a session marker
    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    assert response["Location"] == "/comptes/mot-de-passe/nouveau/termine/"
    personas.consultant.user.refresh_from_db()
    assert personas.consultant.user.check_password(NEW)
    login = client.post("/comptes/connexion/", {"username": "alice@alpha.test", "password": NEW})
    assert login.status_code == 302


def test_the_link_works_only_once(client, personas):
    client.post(URL, {"email": "alice@alpha.test"})
    link = _reset_link()
    form_url = client.get(link)["Location"]
    client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
    response = client.get(link, follow=True)
    assert "Lien invalide" in response.content.decode()
