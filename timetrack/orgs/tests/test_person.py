import pytest

pytestmark = pytest.mark.django_db


def _url(membership) -> str:
    return f"/organisation/personnes/{membership.user_id}/"


def test_it_requires_login(client, personas):
    assert client.get(_url(personas.consultant))["Location"].startswith("/comptes/connexion/")


def test_an_admin_sees_a_person(login, personas):
    response = login(personas.admin).get(_url(personas.consultant))
    assert response.status_code == 200
    content = response.content.decode()
    assert "alice@alpha.test" in content
    assert personas.manager.user.get_full_name() in content
    assert "/modifier/" in content


def test_a_manager_sees_a_report_without_edit_link(login, personas):
    response = login(personas.manager).get(_url(personas.consultant))
    assert response.status_code == 200
    assert "/modifier/" not in response.content.decode()


def test_a_manager_cannot_see_someone_outside_the_team(login, personas):
    assert login(personas.manager).get(_url(personas.colleague)).status_code == 403


def test_a_consultant_sees_only_self(login, personas):
    client = login(personas.consultant)
    assert client.get(_url(personas.consultant)).status_code == 200
    assert client.get(_url(personas.colleague)).status_code == 403


def test_another_organisations_person_is_not_found(login, personas):
    response = login(personas.admin).get(_url(personas.other))
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_an_unknown_person_is_not_found(login, personas):
    assert login(personas.admin).get("/organisation/personnes/999999/").status_code == 404
