from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from timetrack.tests.factories import AgencyFactory, TeamFactory, member

pytestmark = pytest.mark.django_db
URL = "/organisation/personnes/"


def _emails(response) -> set[str]:
    return {m.user.email for m in response.context["members"]}


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_an_admin_sees_everyone_of_the_organisation(login, personas):
    response = login(personas.admin).get(URL)
    assert response.status_code == 200
    assert _emails(response) == {
        "admin@alpha.test",
        "finance@alpha.test",
        "manager@alpha.test",
        "alice@alpha.test",
        "bob@alpha.test",
    }


def test_finance_sees_everyone(login, personas):
    assert len(_emails(login(personas.finance).get(URL))) == 5


def test_a_manager_sees_the_subtree_and_self(login, personas):
    indirect = member(personas.org, manager=personas.consultant, user__email="carol@alpha.test")
    response = login(personas.manager).get(URL)
    assert _emails(response) == {"manager@alpha.test", "alice@alpha.test", indirect.user.email}
    assert "Mon équipe" in response.content.decode()


def test_a_consultant_is_refused(login, personas):
    assert login(personas.consultant).get(URL).status_code == 403


def test_it_shows_role_manager_team_agency_contract_and_dates(login, personas):
    personas.consultant.team = TeamFactory(organization=personas.org, name="Data")
    personas.consultant.agency = AgencyFactory(organization=personas.org, name="Lyon")
    personas.consultant.contract_ratio = Decimal("0.80")
    personas.consultant.start_date = "2024-09-02"
    personas.consultant.save()
    content = login(personas.admin).get(URL).content.decode()
    assert "Consultant" in content
    assert personas.manager.user.get_full_name() in content
    assert "Data" in content
    assert "Lyon" in content
    assert "80 %" in content
    assert "100 %" in content
    assert "02/09/2024" in content


def test_it_never_lists_another_organisation(login, personas):
    assert "admin@beta.test" not in _emails(login(personas.admin).get(URL))


def _add_people(personas, count: int) -> None:
    team = TeamFactory(organization=personas.org)
    agency = AgencyFactory(organization=personas.org)
    for _ in range(count):
        member(personas.org, manager=personas.manager, team=team, agency=agency)


@pytest.mark.parametrize("persona", ["admin", "manager"])
def test_the_number_of_queries_does_not_grow_with_the_people(
    login, personas, persona, django_assert_max_num_queries
):
    client = login(getattr(personas, persona))
    _add_people(personas, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    assert len(few) <= 8  # session, user, membership, switch menu, (subtree), count, the page, bell
    _add_people(personas, 30)
    with django_assert_max_num_queries(len(few)):
        response = client.get(URL)
    assert len(response.context["members"]) >= 32


def test_it_pages_a_large_organisation(login, personas):
    _add_people(personas, 60)
    client = login(personas.admin)
    first = client.get(URL)
    assert len(first.context["members"]) == 50
    assert "65 personnes" in first.content.decode()
    second = client.get(URL, {"page": 2})
    assert len(second.context["members"]) == 15
    assert "2 sur 2" in second.content.decode()


def test_it_finds_people_by_name_or_email(login, personas):
    personas.consultant.user.first_name = "Zéphyrine"
    personas.consultant.user.last_name = "Quenardel"
    personas.consultant.user.save()
    client = login(personas.admin)
    assert _emails(client.get(URL, {"q": "quenardel"})) == {"alice@alpha.test"}
    assert _emails(client.get(URL, {"q": "bob@"})) == {"bob@alpha.test"}
    assert _emails(client.get(URL, {"q": "zéphyrine QUENARDEL"})) == {"alice@alpha.test"}


def test_a_manager_searches_only_the_team(login, personas):
    assert _emails(login(personas.manager).get(URL, {"q": "bob"})) == set()


def test_the_pager_keeps_the_search(login, personas):
    for n in range(51):
        member(personas.org, user__last_name=f"Martin{n:02d}")
    content = login(personas.admin).get(URL, {"q": "martin"}).content.decode()
    assert "?q=martin&amp;page=2" in content
