from decimal import Decimal

import pytest

from timetrack.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


def _url(membership) -> str:
    return f"/organisation/personnes/{membership.user_id}/modifier/"


def _data(membership, **overrides) -> dict:
    user = membership.user
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": membership.role,
        "manager": membership.manager_id or "",
        "team": "",
        "agency": "",
        "job_title": "",
        "contract_percent": 100,
        "start_date": "",
        "end_date": "",
        "calendar": "",
        "is_active": "on",
    }
    return data | overrides


def test_it_requires_login(client, personas):
    assert client.get(_url(personas.consultant))["Location"].startswith("/comptes/connexion/")


def test_an_admin_edits_a_person(login, personas):
    team = TeamFactory(organization=personas.org)
    client = login(personas.admin)
    data = _data(
        personas.consultant,
        contract_percent=80,
        team=team.pk,
        job_title="Développeuse",
        start_date="2024-01-15",
    )
    response = client.post(_url(personas.consultant), data)
    assert response["Location"] == f"/organisation/personnes/{personas.consultant.user_id}/"
    personas.consultant.refresh_from_db()
    assert personas.consultant.contract_ratio == Decimal("0.80")
    assert personas.consultant.team == team
    assert personas.consultant.job_title == "Développeuse"
    assert personas.consultant.forfait_jours is False


def test_an_admin_sets_the_forfait_jours(login, personas):
    login(personas.admin).post(_url(personas.consultant), _data(personas.consultant, forfait_jours="on"))
    personas.consultant.refresh_from_db()
    assert personas.consultant.forfait_jours is True


def test_the_form_shows_the_current_values(login, personas):
    content = login(personas.admin).get(_url(personas.consultant)).content.decode()
    assert 'value="alice@alpha.test"' in content
    assert 'name="contract_percent" value="100"' in content


def test_a_rule_error_shows_on_its_field(login, personas):
    client = login(personas.admin)
    response = client.post(
        _url(personas.manager), _data(personas.manager, manager=personas.consultant.user_id)
    )
    assert response.status_code == 200
    assert (
        "Cette personne ne peut pas être son propre manager, même indirectement." in response.content.decode()
    )
    assert response.context["form"].errors["manager"]


def test_it_keeps_the_last_admin(login, personas):
    response = login(personas.admin).post(_url(personas.admin), _data(personas.admin, role="consultant"))
    assert "au moins un administrateur actif" in response.content.decode()
    personas.admin.refresh_from_db()
    assert personas.admin.role == "admin"


def test_choices_come_from_the_organisation_only(login, personas):
    other_team = TeamFactory(organization=personas.other_org)
    client = login(personas.admin)
    form = client.get(_url(personas.consultant)).context["form"]
    assert personas.other.user not in form.fields["manager"].queryset
    assert other_team not in form.fields["team"].queryset
    response = client.post(_url(personas.consultant), _data(personas.consultant, team=other_team.pk))
    assert response.status_code == 200
    assert response.context["form"].errors["team"]


def test_a_manager_is_refused(login, personas):
    assert login(personas.manager).get(_url(personas.consultant)).status_code == 403


def test_a_consultant_is_refused(login, personas):
    client = login(personas.consultant)
    assert client.get(_url(personas.consultant)).status_code == 403
    assert client.post(_url(personas.consultant), _data(personas.consultant, role="admin")).status_code == 403


def test_another_organisations_person_is_not_found(login, personas):
    assert login(personas.admin).get(_url(personas.other)).status_code == 404
