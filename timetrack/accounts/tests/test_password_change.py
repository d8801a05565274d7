import pytest

pytestmark = pytest.mark.django_db
URL = "/comptes/mot-de-passe/"
NEW = "another-long-passphrase"


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_it_changes_the_password(login, personas):
    client = login(personas.consultant)
    data = {"old_password": personas.password, "new_password1": NEW, "new_password2": NEW}
    response = client.post(URL, data, follow=True)
    assert response.redirect_chain[-1][0] == "/comptes/profil/"
    assert "Votre mot de passe a été changé." in response.content.decode()
    personas.consultant.user.refresh_from_db()
    assert personas.consultant.user.check_password(NEW)


def test_it_refuses_a_weak_password(login, personas):
    client = login(personas.consultant)
    data = {"old_password": personas.password, "new_password1": "123", "new_password2": "123"}
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()
    personas.consultant.user.refresh_from_db()
    assert personas.consultant.user.check_password(personas.password)
