import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db
URL = "/comptes/langue/"


def test_it_sets_the_language_cookie(client):
    response = client.post(URL, {"language": "en", "next": "/comptes/connexion/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get("/comptes/connexion/").content.decode()
    assert "Log in" in page
    assert '<html lang="en">' in page


def test_the_login_page_offers_the_switch(client):
    assert f'action="{URL}"' in client.get("/comptes/connexion/").content.decode()


def test_the_user_language_wins_over_the_cookie(login, personas):
    client = login(personas.consultant)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "Accueil" in client.get("/").content.decode()
