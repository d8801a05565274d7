import pytest

pytestmark = pytest.mark.django_db
URL = "/comptes/profil/"


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_it_shows_the_profile_and_the_tokens(login, personas):
    content = login(personas.consultant).get(URL).content.decode()
    assert "Mon profil" in content
    assert "alice@alpha.test" in content
    assert "Jetons d'API personnels" in content


def test_it_saves_the_names(login, personas):
    client = login(personas.consultant)
    response = client.post(URL, {"first_name": "Alice", "last_name": "Martin", "language": "fr"}, follow=True)
    assert "Votre profil est enregistré." in response.content.decode()
    user = personas.consultant.user
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Alice", "Martin")


def test_the_language_switch_changes_the_page_language(login, personas):
    client = login(personas.consultant)
    response = client.post(URL, {"first_name": "Alice", "last_name": "Martin", "language": "en"}, follow=True)
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "My profile" in content
    assert "Your profile is saved." in content
    assert "Home" in client.get("/").content.decode()


def test_it_refuses_an_unknown_language(login, personas):
    client = login(personas.consultant)
    response = client.post(URL, {"first_name": "A", "last_name": "B", "language": "de"})
    assert response.status_code == 200
    personas.consultant.user.refresh_from_db()
    assert personas.consultant.user.language == "fr"
