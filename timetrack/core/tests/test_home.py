from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timetrack.accounts.services import invite_member
from timetrack.tests.factories import AgencyFactory, TeamFactory, member

pytestmark = pytest.mark.django_db
URL = "/"


def test_it_requires_login(client):
    assert client.get(URL)["Location"] == "/comptes/connexion/?next=/"


def test_it_greets_the_person_with_the_organisation_and_role(login, personas):
    consultant = personas.consultant
    consultant.team = TeamFactory(organization=personas.org, name="Data")
    consultant.agency = AgencyFactory(organization=personas.org, name="Lyon")
    consultant.contract_ratio = Decimal("0.80")
    consultant.save()
    content = login(consultant).get(URL).content.decode()
    assert f"Bonjour {consultant.user.first_name}" in content
    assert "ESN Alpha" in content
    assert "Consultant" in content
    assert personas.manager.user.get_full_name() in content
    assert "Data" in content
    assert "Lyon" in content
    assert "80 %" in content


def test_an_admin_sees_the_people_and_pending_invitations(login, personas):
    invite_member(org=personas.org, actor=personas.admin.user, email="new@alpha.test", role="consultant")
    response = login(personas.admin).get(URL)
    assert response.context["people_count"] == 5
    assert response.context["pending_count"] == 1
    assert "Invitations en attente" in response.content.decode()


def test_a_manager_sees_the_team_size(login, personas):
    member(personas.org, manager=personas.consultant)
    response = login(personas.manager).get(URL)
    assert response.context["team_size"] == 2
    assert "people_count" not in response.context


def test_a_consultant_sees_no_shortcut_cards(login, personas):
    response = login(personas.consultant).get(URL)
    assert "people_count" not in response.context
    assert "team_size" not in response.context


def test_a_user_without_organisation_is_told_so(client, personas):
    personas.colleague.is_active = False
    personas.colleague.save()
    client.force_login(personas.colleague.user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "aucune organisation active" in response.content.decode()


@pytest.mark.parametrize("persona", ["admin", "manager", "consultant"])
def test_its_queries_are_bounded(login, personas, persona, django_assert_max_num_queries):
    client = login(getattr(personas, persona))
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(20):
        member(personas.org, manager=personas.manager)
    with django_assert_max_num_queries(len(few)):
        client.get(URL)
