import pytest

from timetrack.projects.models import Client
from timetrack.tests.factories import ClientFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/projets/clients/"
CREATE = "/projets/clients/nouveau/"


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


@pytest.mark.parametrize("persona", ["admin", "manager", "finance"])
def test_it_lists_the_organisations_clients_with_their_project_count(login, personas, persona):
    ProjectFactory(organization=personas.org, client__name="Banque Azur")
    ClientFactory(organization=personas.other_org, name="Secret")
    response = login(getattr(personas, persona)).get(URL)
    content = response.content.decode()
    assert "Banque Azur" in content
    assert "Secret" not in content
    assert response.context["clients"][0].project_count == 1
    assert ("Nouveau client" in content) is (persona != "finance")


def test_a_consultant_is_refused(login, personas):
    assert login(personas.consultant).get(URL).status_code == 403


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_it_creates_a_client(login, personas, persona):
    response = login(getattr(personas, persona)).post(CREATE, {"name": "Banque Azur"})
    assert response["Location"] == URL
    assert Client.objects.get(name="Banque Azur").organization == personas.org


def test_it_refuses_a_duplicate_name(login, personas):
    ClientFactory(organization=personas.org, name="Banque Azur")
    response = login(personas.admin).post(CREATE, {"name": "banque azur"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["name"]


def test_it_renames_a_client(login, personas):
    existing = ClientFactory(organization=personas.org)
    client = login(personas.manager)
    url = f"/projets/clients/{existing.pk}/modifier/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"name": "Azur"})["Location"] == URL
    existing.refresh_from_db()
    assert existing.name == "Azur"


def test_it_deletes_a_client_without_projects(login, personas):
    existing = ClientFactory(organization=personas.org)
    response = login(personas.admin).post(f"/projets/clients/{existing.pk}/supprimer/", follow=True)
    assert "est supprimé" in response.content.decode()
    assert not Client.objects.filter(pk=existing.pk).exists()


def test_it_refuses_to_delete_a_client_with_projects_and_says_why(login, personas):
    project = ProjectFactory(organization=personas.org)
    response = login(personas.admin).post(f"/projets/clients/{project.client_id}/supprimer/", follow=True)
    assert "alert-danger" in response.content.decode()
    assert Client.objects.filter(pk=project.client_id).exists()


def test_deleting_needs_a_post(login, personas):
    existing = ClientFactory(organization=personas.org)
    assert login(personas.admin).get(f"/projets/clients/{existing.pk}/supprimer/").status_code == 405


@pytest.mark.parametrize("persona", ["finance", "consultant"])
def test_readers_cannot_write(login, personas, persona):
    existing = ClientFactory(organization=personas.org)
    client = login(getattr(personas, persona))
    assert client.post(CREATE, {"name": "X"}).status_code == 403
    assert client.post(f"/projets/clients/{existing.pk}/modifier/", {"name": "X"}).status_code == 403
    assert client.post(f"/projets/clients/{existing.pk}/supprimer/").status_code == 403
    assert Client.objects.filter(pk=existing.pk, name=existing.name).exists()


def test_another_organisations_client_is_not_found(login, personas):
    foreign = ClientFactory(organization=personas.other_org)
    client = login(personas.admin)
    assert client.get(f"/projets/clients/{foreign.pk}/modifier/").status_code == 404
    assert client.post(f"/projets/clients/{foreign.pk}/supprimer/").status_code == 404
    assert Client.objects.filter(pk=foreign.pk).exists()
