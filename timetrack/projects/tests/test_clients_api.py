import pytest

from timetrack.projects.models import Client
from timetrack.tests.factories import AssignmentFactory, ClientFactory, ProjectFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/clients"


def names(response):
    return [row["name"] for row in response.json()["results"]]


def test_it_lists_the_clients_of_the_organisation_only(personas):
    ClientFactory(organization=personas.org, name="Banque Azur")
    ClientFactory(organization=personas.other_org, name="Secret")
    response = personas.api(personas.finance).get(URL)
    assert response.status_code == 200
    assert response.json()["count"] == 1
    assert response.json()["results"][0].keys() == {"id", "name"}
    assert names(response) == ["Banque Azur"]


def test_a_consultant_sees_the_clients_of_their_missions_only(personas):
    AssignmentFactory(person=personas.consultant, project__client__name="Mine")
    ClientFactory(organization=personas.org, name="Not mine")
    assert names(personas.api(personas.consultant).get(URL)) == ["Mine"]


def test_it_paginates(personas):
    for n in range(5):
        ClientFactory(organization=personas.org, name=f"Client {n}")
    body = personas.api(personas.admin).get(URL, {"page_size": 2}).json()
    assert (body["count"], len(body["results"])) == (5, 2)
    assert body["next"] is not None


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_admins_and_managers_create_and_rename_a_client(personas, persona):
    client = personas.api(getattr(personas, persona))
    response = client.post(URL, {"name": "  Banque Azur "}, format="json")
    assert response.status_code == 201
    created = Client.objects.get(pk=response.json()["id"])
    assert (created.organization, created.name) == (personas.org, "Banque Azur")
    response = client.patch(f"{URL}/{created.pk}", {"name": "Azur"}, format="json")
    assert response.json() == {"id": created.pk, "name": "Azur"}


@pytest.mark.parametrize("persona", ["finance", "consultant"])
def test_other_roles_cannot_write(personas, persona):
    existing = ClientFactory(organization=personas.org)
    client = personas.api(getattr(personas, persona))
    assert client.post(URL, {"name": "X"}, format="json").status_code == 403
    assert client.patch(f"{URL}/{existing.pk}", {"name": "X"}, format="json").status_code == 403
    assert client.delete(f"{URL}/{existing.pk}").status_code == 403
    assert Client.objects.get(pk=existing.pk).name == existing.name


def test_a_consultant_gets_403_on_a_client_outside_their_missions(personas):
    other = ClientFactory(organization=personas.org)
    assert personas.api(personas.consultant).get(f"{URL}/{other.pk}").status_code == 403


def test_another_organisations_client_is_a_404(personas):
    foreign = ClientFactory(organization=personas.other_org)
    client = personas.api(personas.admin)
    assert client.get(f"{URL}/{foreign.pk}").status_code == 404
    assert client.patch(f"{URL}/{foreign.pk}", {"name": "X"}, format="json").status_code == 404
    assert client.delete(f"{URL}/{foreign.pk}").status_code == 404
    assert personas.api(personas.consultant).delete(f"{URL}/{foreign.pk}").status_code == 404
    assert Client.objects.filter(pk=foreign.pk).exists()


def test_a_duplicate_name_is_a_400_naming_the_field(personas):
    ClientFactory(organization=personas.org, name="Azur")
    response = personas.api(personas.admin).post(URL, {"name": "azur"}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": "x" * 201}, {"name": ["a"]}])
def test_bad_input_is_a_400_naming_the_field(personas, body):
    response = personas.api(personas.admin).post(URL, body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


def test_it_deletes_a_client_without_projects(personas):
    client = ClientFactory(organization=personas.org)
    assert personas.api(personas.manager).delete(f"{URL}/{client.pk}").status_code == 204
    assert not Client.objects.filter(pk=client.pk).exists()


def test_it_refuses_to_delete_a_client_with_projects_with_a_409(personas):
    project = ProjectFactory(organization=personas.org)
    response = personas.api(personas.admin).delete(f"{URL}/{project.client_id}")
    assert response.status_code == 409
    assert "projets" in response.json()["detail"]
    assert Client.objects.filter(pk=project.client_id).exists()


def test_a_malformed_id_is_a_404(personas):
    assert personas.api(personas.admin).get(f"{URL}/abc").status_code == 404


def test_it_requires_authentication(client):
    assert client.get(URL).status_code == 401
