import pytest
from django.conf import settings
from django.test import override_settings

pytestmark = pytest.mark.django_db
URL = "/comptes/connexion/"


def _post(client, email, password, **extra):
    return client.post(URL, {"username": email, "password": password}, **extra)


def test_it_shows_the_french_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Adresse e-mail" in content
    assert "Se connecter" in content
    assert '<html lang="fr">' in content


def test_it_logs_in_with_the_email(client, personas):
    response = _post(client, "alice@alpha.test", personas.password)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


def test_it_accepts_the_email_in_any_case(client, personas):
    response = _post(client, "Alice@Alpha.TEST", personas.password)
    assert response.status_code == 302


def test_it_follows_next(client, personas):
    response = client.post(
        URL, {"username": "alice@alpha.test", "password": personas.password, "next": "/comptes/profil/"}
    )
    assert response["Location"] == "/comptes/profil/"


def test_it_refuses_a_wrong_password_in_french(client, personas):
    response = _post(client, "alice@alpha.test", "wrong-password")
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect." in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_MAX_FAILURES=3)
def test_it_locks_the_email_after_too_many_failures(client, personas):
    for n in range(3):
        _post(client, "alice@alpha.test", "wrong-password", REMOTE_ADDR=f"10.0.0.{n}")
    response = _post(client, "alice@alpha.test", personas.password, REMOTE_ADDR="10.0.1.1")
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(LOGIN_MAX_FAILURES=3)
def test_it_locks_the_address_after_too_many_failures(client, personas):
    for n in range(3):
        _post(client, f"nobody{n}@alpha.test", "wrong-password", REMOTE_ADDR="10.0.0.9")
    response = _post(client, "alice@alpha.test", personas.password, REMOTE_ADDR="10.0.0.9")
    assert "Trop de tentatives" in response.content.decode()
    other = _post(client, "alice@alpha.test", personas.password, REMOTE_ADDR="10.0.0.10")
    assert other.status_code == 302


@override_settings(LOGIN_MAX_FAILURES=3)
def test_it_says_how_long_the_lock_lasts(client, personas):
    for _ in range(4):
        response = _post(client, "alice@alpha.test", "wrong-password")
    minutes = settings.LOGIN_FAILURE_WINDOW // 60
    assert f"pendant {minutes} minutes" in response.content.decode()


@override_settings(LOGIN_MAX_FAILURES=3)
def test_it_forgets_the_failures_of_an_email_after_a_success(client, personas):
    for n in range(2):
        _post(client, "alice@alpha.test", "wrong-password", REMOTE_ADDR=f"10.0.2.{n}")
    assert _post(client, "alice@alpha.test", personas.password, REMOTE_ADDR="10.0.3.1").status_code == 302
    client.logout()
    for n in range(2):
        _post(client, "alice@alpha.test", "wrong-password", REMOTE_ADDR=f"10.0.4.{n}")
    assert _post(client, "alice@alpha.test", personas.password, REMOTE_ADDR="10.0.5.1").status_code == 302


def test_it_refuses_a_deactivated_user(client, personas):
    user = personas.consultant.user
    user.is_active = False
    user.save()
    response = _post(client, "alice@alpha.test", personas.password)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
