import pytest

from timetrack.timesheets.builtins import BUILTIN_CODES
from timetrack.timesheets.models import ActivityType
from timetrack.timesheets.selectors import activity_type_by_code

pytestmark = pytest.mark.django_db
URL = "/api/v1/activity-types"
FIELDS = {"id", "code", "name", "billable", "counts_as_leave", "kind", "requires_project", "is_active"}


def new_type(**values):
    return {"code": "mecenat", "name": "Mécénat de compétences", "billable": False} | values


@pytest.mark.parametrize("persona", ["admin", "manager", "finance", "consultant"])
def test_every_member_lists_the_built_in_types_first(personas, persona):
    response = personas.api(getattr(personas, persona)).get(URL, {"page_size": 100})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["code"] for row in rows] == BUILTIN_CODES
    assert rows[0].keys() >= FIELDS
    leave = next(row for row in rows if row["code"] == "paid_leave")
    assert (leave["kind"], leave["billable"], leave["counts_as_leave"]) == ("absence", False, True)


def test_it_lists_the_organisations_own_types_only(personas):
    client = personas.api(personas.other)
    client.post(URL, new_type(code="secret"), format="json")
    codes = [row["code"] for row in personas.api(personas.admin).get(URL).json()["results"]]
    assert "secret" not in codes


def test_it_paginates(personas):
    page = personas.api(personas.consultant).get(URL, {"page_size": 4}).json()
    assert (page["count"], len(page["results"])) == (len(BUILTIN_CODES), 4)


def test_any_member_reads_one_type(personas):
    rtt = activity_type_by_code(personas.org, "rtt")
    row = personas.api(personas.consultant).get(f"{URL}/{rtt.pk}").json()
    assert (row["code"], row["counts_as_leave"]) == ("rtt", True)


def test_an_admin_adds_a_type(personas):
    response = personas.api(personas.admin).post(URL, new_type(billable=True), format="json")
    assert response.status_code == 201, response.json()
    row = response.json()
    assert (row["code"], row["billable"], row["kind"], row["is_active"]) == ("mecenat", True, "work", True)
    assert ActivityType.objects.get(pk=row["id"]).organization == personas.org


@pytest.mark.parametrize("persona", ["manager", "finance", "consultant"])
def test_only_admins_write(personas, persona):
    rtt = activity_type_by_code(personas.org, "rtt")
    client = personas.api(getattr(personas, persona))
    assert client.post(URL, new_type(), format="json").status_code == 403
    assert client.patch(f"{URL}/{rtt.pk}", {"name": "x"}, format="json").status_code == 403
    assert not ActivityType.objects.filter(code="mecenat").exists()


def test_deleting_is_not_offered(personas):
    rtt = activity_type_by_code(personas.org, "rtt")
    assert personas.api(personas.admin).delete(f"{URL}/{rtt.pk}").status_code == 405


def test_another_organisations_type_is_a_404(personas):
    foreign = activity_type_by_code(personas.other_org, "rtt")
    for persona in ("admin", "consultant"):
        client = personas.api(getattr(personas, persona))
        assert client.get(f"{URL}/{foreign.pk}").status_code == 404
        assert client.patch(f"{URL}/{foreign.pk}", {"name": "x"}, format="json").status_code == 404
    assert ActivityType.objects.get(pk=foreign.pk).name == "RTT"


@pytest.mark.parametrize("code", ["rtt", "RTT", "project"])
def test_a_code_is_unique_in_the_organisation(personas, code):
    response = personas.api(personas.admin).post(URL, new_type(code=code), format="json")
    assert (response.status_code, list(response.json())) == (400, ["code"])


def test_the_same_code_is_fine_in_another_organisation(personas):
    personas.api(personas.other).post(URL, new_type(), format="json")
    assert personas.api(personas.admin).post(URL, new_type(), format="json").status_code == 201


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "pas un code"}, "code"),
        ({"code": "x" * 41}, "code"),
        ({"name": ""}, "name"),
        ({"kind": "holiday"}, "kind"),
        ({"billable": "peut-être"}, "billable"),
        ({"billable": True, "counts_as_leave": True}, "counts_as_leave"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(personas, values, field):
    response = personas.api(personas.admin).post(URL, new_type(**values), format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_an_admin_edits_the_flags_and_name_of_a_built_in_type(personas):
    training = activity_type_by_code(personas.org, "training")
    body = {"name": "Formation interne", "billable": True, "is_active": False, "code": "training"}
    response = personas.api(personas.admin).patch(f"{URL}/{training.pk}", body, format="json")
    assert response.status_code == 200
    training.refresh_from_db()
    assert (training.name, training.billable, training.is_active) == ("Formation interne", True, False)


@pytest.mark.parametrize(
    ("code", "values", "field"),
    [
        ("rtt", {"code": "jrtt"}, "code"),
        ("project", {"requires_project": False}, "requires_project"),
        ("paid_leave", {"billable": True}, "counts_as_leave"),
    ],
)
def test_a_built_in_type_keeps_its_code_and_meaning(personas, code, values, field):
    builtin = activity_type_by_code(personas.org, code)
    response = personas.api(personas.admin).patch(f"{URL}/{builtin.pk}", values, format="json")
    assert (response.status_code, list(response.json())) == (400, [field])
    assert ActivityType.objects.get(pk=builtin.pk).code == code


def test_an_admin_renames_the_code_of_their_own_type(personas):
    client = personas.api(personas.admin)
    created = client.post(URL, new_type(), format="json").json()
    response = client.patch(f"{URL}/{created['id']}", {"code": "mecenat-2"}, format="json")
    assert response.json()["code"] == "mecenat-2"
    response = client.patch(f"{URL}/{created['id']}", {"code": "bench"}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["code"])
