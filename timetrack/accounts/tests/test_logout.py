import pytest

pytestmark = pytest.mark.django_db
URL = "/comptes/deconnexion/"


def test_it_logs_out_on_post(login, personas):
    client = login(personas.consultant)
    response = client.post(URL)
    assert response.status_code == 302
    assert response["Location"] == "/comptes/connexion/"
    assert client.get("/").status_code == 302


def test_it_refuses_a_get(login, personas):
    client = login(personas.consultant)
    assert client.get(URL).status_code == 405
    assert client.get("/").status_code == 200


def test_the_layout_has_a_logout_form(login, personas):
    content = login(personas.consultant).get("/").content.decode()
    assert f'action="{URL}"' in content
    assert "Se déconnecter" in content
