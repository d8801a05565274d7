from decimal import Decimal

import pytest

from timetrack.accounts.models import User
from timetrack.orgs.models import Membership, Role
from timetrack.tests.factories import TeamFactory, member

pytestmark = pytest.mark.django_db
URL = "/api/v1/users"


def ids(response):
    return {row["id"] for row in response.json()["results"]}


def test_it_lists_everyone_for_an_admin_with_the_contract_fields(personas):
    response = personas.api(personas.admin).get(URL)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    assert set(body) == {"count", "next", "previous", "results"}
    alice = next(row for row in body["results"] if row["email"] == "alice@alpha.test")
    assert alice["role"] == "consultant"
    assert alice["manager"] == personas.manager.user_id
    assert alice["contract_ratio"] == "1.00"
    assert alice["calendar"] == "FR"
    assert "password" not in alice


def test_a_manager_sees_their_subtree_and_themselves(personas):
    grand_child = member(personas.org, manager=personas.consultant)
    response = personas.api(personas.manager).get(URL)
    assert ids(response) == {personas.manager.user_id, personas.consultant.user_id, grand_child.user_id}


def test_a_consultant_sees_only_themselves(personas):
    response = personas.api(personas.consultant).get(URL)
    assert ids(response) == {personas.consultant.user_id}


def test_a_consultant_gets_403_on_a_colleague(personas):
    response = personas.api(personas.consultant).get(f"{URL}/{personas.colleague.user_id}")
    assert response.status_code == 403


def test_another_organisations_user_is_a_404(personas):
    response = personas.api(personas.admin).get(f"{URL}/{personas.other.user_id}")
    assert response.status_code == 404
    response = personas.api(personas.admin).patch(f"{URL}/{personas.other.user_id}", {"role": "admin"})
    assert response.status_code == 404


def test_it_paginates_up_to_500(personas):
    for _ in range(6):
        member(personas.org)
    client = personas.api(personas.admin)
    first = client.get(URL, {"page_size": 4}).json()
    assert len(first["results"]) == 4
    assert first["next"] is not None
    assert client.get(URL, {"page_size": 10000}).json()["count"] == 11


def test_it_filters_by_role_manager_and_search(personas):
    client = personas.api(personas.admin)
    assert ids(client.get(URL, {"role": "finance"})) == {personas.finance.user_id}
    assert ids(client.get(URL, {"manager": personas.manager.user_id})) == {personas.consultant.user_id}
    assert ids(client.get(URL, {"search": "bob@"})) == {personas.colleague.user_id}


def test_an_admin_creates_a_part_time_consultant(personas):
    team = TeamFactory(organization=personas.org)
    body = {
        "email": "Claire@Alpha.test",
        "first_name": "Claire",
        "last_name": "Dupré",
        "role": "consultant",
        "manager": personas.manager.user_id,
        "team": team.pk,
        "contract_ratio": "0.80",
        "start_date": "2026-03-15",
        "calendar": "FR-Alsace-Moselle",
        "password": "un-mot-de-passe-solide",
    }
    response = personas.api(personas.admin).post(URL, body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["email"] == "claire@alpha.test"
    assert created["contract_ratio"] == "0.80"
    assert created["calendar"] == "FR-Alsace-Moselle"
    membership = Membership.objects.get(user__email="claire@alpha.test")
    assert membership.organization == personas.org
    assert membership.contract_ratio == Decimal("0.80")
    assert membership.user.check_password("un-mot-de-passe-solide")


def test_creating_without_password_leaves_an_unusable_one(personas):
    response = personas.api(personas.admin).post(URL, {"email": "new@alpha.test"}, format="json")
    assert response.status_code == 201
    assert not User.objects.get(email="new@alpha.test").has_usable_password()


def test_only_admins_create_or_modify(personas):
    for persona in (personas.manager, personas.consultant, personas.finance):
        client = personas.api(persona)
        assert client.post(URL, {"email": "x@alpha.test"}, format="json").status_code == 403
        response = client.patch(f"{URL}/{personas.colleague.user_id}", {"job_title": "x"}, format="json")
        assert response.status_code == 403
    assert not User.objects.filter(email="x@alpha.test").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email"}, "email"),
        ({"email": "a@alpha.test", "role": "king"}, "role"),
        ({"email": "a@alpha.test", "contract_ratio": "1.50"}, "contract_ratio"),
        ({"email": "a@alpha.test", "contract_ratio": "abc"}, "contract_ratio"),
        ({"email": "a@alpha.test", "calendar": "DE"}, "calendar"),
        ({"email": "a@alpha.test", "start_date": "2026-13-01"}, "start_date"),
        ({"email": "a@alpha.test", "start_date": "2026-03-01", "end_date": "2026-02-01"}, "end_date"),
        ({"email": "a@alpha.test", "manager": 999999}, "manager"),
        ({"email": "alice@alpha.test"}, "email"),
    ],
)
def test_bad_input_names_the_field(personas, body, field):
    response = personas.api(personas.admin).post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not User.objects.filter(email="a@alpha.test").exists()


def test_a_manager_of_another_organisation_is_refused(personas):
    response = personas.api(personas.admin).post(
        URL, {"email": "a@alpha.test", "manager": personas.other.user_id}, format="json"
    )
    assert response.status_code == 400
    assert "manager" in response.json()


def test_a_team_of_another_organisation_is_refused(personas):
    foreign = TeamFactory(organization=personas.other_org)
    response = personas.api(personas.admin).post(
        URL, {"email": "a@alpha.test", "team": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "team" in response.json()


def test_an_existing_user_of_another_org_joins_without_changing_their_password(personas):
    client = personas.api(personas.admin)
    response = client.post(URL, {"email": "admin@beta.test", "password": "something-else-1"}, format="json")
    assert response.status_code == 201
    user = User.objects.get(email="admin@beta.test")
    assert user.memberships.count() == 2
    assert user.check_password(personas.password)


def test_an_admin_patches_role_manager_and_contract(personas):
    response = personas.api(personas.admin).patch(
        f"{URL}/{personas.colleague.user_id}",
        {
            "role": "manager",
            "manager": personas.manager.user_id,
            "contract_ratio": "0.90",
            "last_name": "Martin",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    personas.colleague.refresh_from_db()
    assert personas.colleague.role == Role.MANAGER
    assert personas.colleague.manager_id == personas.manager.user_id
    assert personas.colleague.contract_ratio == Decimal("0.90")
    assert personas.colleague.user.last_name == "Martin"


def test_a_manager_cycle_is_refused(personas):
    response = personas.api(personas.admin).patch(
        f"{URL}/{personas.manager.user_id}", {"manager": personas.consultant.user_id}, format="json"
    )
    assert response.status_code == 400
    assert "manager" in response.json()


def test_the_last_admin_cannot_be_demoted(personas):
    response = personas.api(personas.admin).patch(f"{URL}/{personas.admin.user_id}", {"role": "consultant"})
    assert response.status_code == 400
    assert "role" in response.json()
    personas.admin.refresh_from_db()
    assert personas.admin.role == Role.ADMIN


def test_the_error_messages_are_french(personas):
    response = personas.api(personas.admin).post(
        URL, {"email": "a@alpha.test", "contract_ratio": "2"}, format="json"
    )
    assert "inférieur" in response.json()["contract_ratio"][0]


def test_the_list_query_count_does_not_grow_with_people(personas, django_assert_max_num_queries):
    client = personas.api(personas.admin)
    for _ in range(20):
        member(personas.org, manager=personas.manager, team=TeamFactory(organization=personas.org))
    with django_assert_max_num_queries(6):
        assert client.get(URL, {"page_size": 100}).status_code == 200
