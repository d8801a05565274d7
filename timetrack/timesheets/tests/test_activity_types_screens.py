import pytest

from timetrack.timesheets.models import ActivityType
from timetrack.timesheets.selectors import activity_type_by_code

pytestmark = pytest.mark.django_db
URL = "/parametres/activites/"
CREATE = "/parametres/activites/nouveau/"


def form_data(**overrides):
    data = {"code": "mecenat", "name": "Mécénat de compétences", "kind": "work", "is_active": "on"}
    return data | overrides


def test_it_requires_login(client):
    assert client.get(URL)["Location"].startswith("/comptes/connexion/")


def test_it_lists_the_built_in_types_with_their_flags(login, personas):
    response = login(personas.admin).get(URL)
    content = response.content.decode()
    assert response.status_code == 200
    for name in ("Mission (projet)", "Congés payés", "RTT", "Inter-contrat"):
        assert name in content
    assert "Prédéfini" in content
    assert len(response.context["activity_types"]) == 9


def test_it_lists_the_organisations_own_types_only(login, personas):
    activity_type_by_code(personas.other_org, "rtt")
    ActivityType.objects.create(organization=personas.other_org, code="secret", name="Secret")
    assert "Secret" not in login(personas.admin).get(URL).content.decode()


def test_an_admin_adds_a_type(login, personas):
    response = login(personas.admin).post(CREATE, form_data(billable="on"))
    assert response["Location"] == URL
    created = ActivityType.objects.get(code="mecenat")
    assert (created.organization, created.billable, created.is_builtin) == (personas.org, True, False)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": "rtt"}, "code"),
        ({"code": "pas un code"}, "code"),
        ({"name": ""}, "name"),
        ({"billable": "on", "counts_as_leave": "on"}, "counts_as_leave"),
    ],
)
def test_it_refuses_bad_input_on_the_field(login, personas, overrides, field):
    response = login(personas.admin).post(CREATE, form_data(**overrides))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]


def test_an_admin_edits_the_flags_of_a_built_in_type_but_not_its_code(login, personas):
    training = activity_type_by_code(personas.org, "training")
    url = f"{URL}{training.pk}/"
    client = login(personas.admin)
    assert "disabled" in client.get(url).content.decode()
    data = form_data(code="formation", name="Formation interne", billable="on", requires_project="on")
    assert client.post(url, data)["Location"] == URL
    training.refresh_from_db()
    assert (training.code, training.name, training.billable) == ("training", "Formation interne", True)
    assert training.requires_project is False


def test_an_admin_deactivates_a_type(login, personas):
    bench = activity_type_by_code(personas.org, "bench")
    login(personas.admin).post(
        f"{URL}{bench.pk}/", form_data(code="bench", name="Inter-contrat", is_active="")
    )
    bench.refresh_from_db()
    assert bench.is_active is False


@pytest.mark.parametrize("persona", ["manager", "finance", "consultant"])
def test_other_roles_are_refused(login, personas, persona):
    rtt = activity_type_by_code(personas.org, "rtt")
    client = login(getattr(personas, persona))
    assert client.get(URL).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert client.post(f"{URL}{rtt.pk}/", form_data(code="rtt", name="X")).status_code == 403
    assert ActivityType.objects.get(pk=rtt.pk).name == "RTT"


def test_another_organisations_type_is_not_found(login, personas):
    foreign = activity_type_by_code(personas.other_org, "rtt")
    assert login(personas.admin).get(f"{URL}{foreign.pk}/").status_code == 404
