import pytest

from timetrack.orgs.models import Team
from timetrack.tests.factories import AgencyFactory, TeamFactory

pytestmark = pytest.mark.django_db
URL = "/organisation/equipes/"
CREATE = "/organisation/equipes/nouvelle/"


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_it_lists_the_teams_of_the_organisation_only(login, personas):
    team = TeamFactory(organization=personas.org, name="Data")
    personas.consultant.team = team
    personas.consultant.save()
    TeamFactory(organization=personas.other_org, name="Secrète")
    response = login(personas.admin).get(URL)
    content = response.content.decode()
    assert "Data" in content
    assert "Secrète" not in content
    assert response.context["teams"][0].member_count == 1


def test_an_admin_creates_a_team(login, personas):
    agency = AgencyFactory(organization=personas.org)
    data = {"name": "Cloud", "agency": agency.pk, "lead": personas.manager.user_id}
    response = login(personas.admin).post(CREATE, data)
    assert response["Location"] == URL
    team = Team.objects.get(name="Cloud")
    assert (team.organization, team.agency, team.lead) == (personas.org, agency, personas.manager.user)


def test_it_refuses_a_duplicate_name(login, personas):
    TeamFactory(organization=personas.org, name="Cloud")
    response = login(personas.admin).post(CREATE, {"name": "cloud"})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]


def test_the_same_name_is_fine_in_another_organisation(login, personas):
    TeamFactory(organization=personas.other_org, name="Cloud")
    assert login(personas.admin).post(CREATE, {"name": "Cloud"}).status_code == 302


def test_an_admin_edits_a_team(login, personas):
    team = TeamFactory(organization=personas.org, name="Cloud")
    response = login(personas.admin).post(f"{URL}{team.pk}/", {"name": "Cloud & DevOps"})
    assert response.status_code == 302
    team.refresh_from_db()
    assert team.name == "Cloud & DevOps"


def test_choices_come_from_the_organisation_only(login, personas):
    other_agency = AgencyFactory(organization=personas.other_org)
    client = login(personas.admin)
    response = client.post(
        CREATE, {"name": "Cloud", "agency": other_agency.pk, "lead": personas.other.user_id}
    )
    assert set(response.context["form"].errors) == {"agency", "lead"}


def test_another_organisations_team_is_not_found(login, personas):
    team = TeamFactory(organization=personas.other_org)
    assert login(personas.admin).get(f"{URL}{team.pk}/").status_code == 404


@pytest.mark.parametrize("persona", ["manager", "finance", "consultant"])
def test_other_roles_are_refused(login, personas, persona):
    client = login(getattr(personas, persona))
    assert client.get(URL).status_code == 403
    assert client.post(CREATE, {"name": "x"}).status_code == 403
