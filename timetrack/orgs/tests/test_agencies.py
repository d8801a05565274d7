import pytest

from timetrack.orgs.models import Agency
from timetrack.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db
URL = "/organisation/agences/"
CREATE = "/organisation/agences/nouvelle/"


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_it_lists_the_agencies_of_the_organisation_only(login, personas):
    AgencyFactory(organization=personas.org, name="Strasbourg", calendar="FR-Alsace-Moselle")
    AgencyFactory(organization=personas.other_org, name="Secrète")
    content = login(personas.admin).get(URL).content.decode()
    assert "Strasbourg" in content
    assert "France (Alsace-Moselle)" in content
    assert "Secrète" not in content


def test_an_admin_creates_an_agency(login, personas):
    response = login(personas.admin).post(CREATE, {"name": "Metz", "calendar": "FR-Alsace-Moselle"})
    assert response["Location"] == URL
    agency = Agency.objects.get(name="Metz")
    assert (agency.organization, agency.calendar) == (personas.org, "FR-Alsace-Moselle")


def test_it_refuses_a_duplicate_name(login, personas):
    AgencyFactory(organization=personas.org, name="Metz")
    response = login(personas.admin).post(CREATE, {"name": "Metz", "calendar": "FR"})
    assert response.context["form"].errors["name"]


def test_an_admin_edits_an_agency(login, personas):
    agency = AgencyFactory(organization=personas.org, name="Metz")
    assert (
        login(personas.admin)
        .post(f"{URL}{agency.pk}/", {"name": "Metz", "calendar": "FR-Alsace-Moselle"})
        .status_code
        == 302
    )
    agency.refresh_from_db()
    assert agency.calendar == "FR-Alsace-Moselle"


def test_another_organisations_agency_is_not_found(login, personas):
    agency = AgencyFactory(organization=personas.other_org)
    client = login(personas.admin)
    assert client.get(f"{URL}{agency.pk}/").status_code == 404
    assert client.post(f"{URL}{agency.pk}/", {"name": "Pris", "calendar": "FR"}).status_code == 404


@pytest.mark.parametrize("persona", ["manager", "finance", "consultant"])
def test_other_roles_are_refused(login, personas, persona):
    client = login(getattr(personas, persona))
    assert client.get(URL).status_code == 403
    assert client.post(CREATE, {"name": "x", "calendar": "FR"}).status_code == 403
