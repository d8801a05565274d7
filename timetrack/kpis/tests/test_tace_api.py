from decimal import Decimal

import pytest

from timetrack.kpis.tests.test_tace import APRIL, fill, worked
from timetrack.tests.factories import TeamFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/tace"


@pytest.fixture
def april(personas):
    """Alice: the brief's example (89.47 %); Bob, part-time 80 %: 94.94 %; both in one team."""
    team = TeamFactory(organization=personas.org)
    alice, bob = personas.consultant, personas.colleague
    bob.contract_ratio = Decimal("0.80")
    for person in (alice, bob):
        person.team = team
        person.save()
    days = worked(alice, *APRIL)
    fill(alice, days[:17], "project")
    fill(alice, days[17:19], "paid_leave")
    fill(bob, days[:15], "project")
    fill(bob, days[15:16], "paid_leave")
    return team


def get(client, **params):
    return client.get(URL, {"from": "2026-04-01", "to": "2026-04-30", **params})


def test_it_answers_each_person_with_decimal_strings(personas, april):
    body = get(personas.api(personas.admin)).json()
    alice = next(r for r in body["results"] if r["user"] == personas.consultant.user_id)
    assert alice == {
        **alice,
        "period": "2026-04-01/2026-04-30",
        "possible_hours": "147.00",
        "leave_hours": "14.00",
        "billable_hours": "119.00",
        "tace": "89.47",
    }
    assert {r["user"] for r in body["results"]} == {
        personas.admin.user_id,
        personas.finance.user_id,
        personas.manager.user_id,
        personas.consultant.user_id,
        personas.colleague.user_id,
    }


def test_the_total_is_a_ratio_of_sums(personas, april):
    body = get(personas.api(personas.admin), team=april.pk).json()
    assert body["total"]["tace"] == "91.95"
    team_row = get(personas.api(personas.admin), group_by="team").json()["results"]
    assert [(r["team"], r["tace"]) for r in team_row] == [(april.pk, "91.95")]


def test_group_by_month(personas, april):
    body = (
        personas.api(personas.admin)
        .get(
            URL,
            {
                "from": "2026-03-16",
                "to": "2026-04-30",
                "group_by": "month",
                "user": personas.consultant.user_id,
            },
        )
        .json()
    )
    assert [r["period"] for r in body["results"]] == ["2026-03", "2026-04"]
    march, april_row = body["results"]
    assert march["possible_hours"] == "84.00"  # 16–31 March 2026: 12 working days
    assert march["tace"] == "0.00"
    assert april_row["tace"] == "89.47"


def test_a_consultant_sees_only_themselves(personas, april):
    body = get(personas.api(personas.consultant)).json()
    assert [r["user"] for r in body["results"]] == [personas.consultant.user_id]
    assert body["total"]["tace"] == "89.47"
    assert get(personas.api(personas.consultant), user=personas.colleague.user_id).json()["results"] == []


def test_a_manager_sees_their_subtree(personas, april):
    users = {r["user"] for r in get(personas.api(personas.manager)).json()["results"]}
    assert users == {personas.manager.user_id, personas.consultant.user_id}


def test_another_organisation_sees_none_of_it(personas, april):
    body = get(personas.api(personas.other)).json()
    assert personas.consultant.user_id not in {r["user"] for r in body["results"]}


@pytest.mark.parametrize("name", ["user", "team"])
def test_naming_another_organisations_person_or_team_is_a_404(personas, april, name):
    from timetrack.tests.factories import TeamFactory

    pk = personas.consultant.user_id if name == "user" else TeamFactory(organization=personas.org).pk
    response = personas.api(personas.other).get("/api/v1/reports/tace", {name: pk})
    assert response.status_code == 404


def test_validated_only_counts_validated_months(personas, april):
    body = get(personas.api(personas.admin), validated_only="true", user=personas.consultant.user_id).json()
    assert body["results"][0]["billable_hours"] == "0.00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "avril"}, "from"),
        ({"to": "2026-02-30"}, "to"),
        ({"from": "2026-05-01", "to": "2026-04-01"}, "to"),
        ({"group_by": "client"}, "group_by"),
        ({"user": "me"}, "user"),
    ],
)
def test_bad_parameters_name_the_field(personas, params, field):
    response = personas.api(personas.admin).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_login_is_required(client):
    assert client.get(URL).status_code == 401


def test_the_query_count_does_not_grow_with_people(personas, april, django_assert_max_num_queries):
    from timetrack.tests.factories import member

    for _ in range(15):
        member(personas.org)
    with django_assert_max_num_queries(8):
        assert get(personas.api(personas.admin)).status_code == 200


def test_the_rate_comes_from_the_exact_hours_not_the_rounded_ones(personas):
    from datetime import date
    from decimal import Decimal

    from timetrack.timesheets.selectors import activity_type_by_code
    from timetrack.timesheets.services import Cell, save_entries

    org = personas.org
    org.hours_per_day = Decimal("7.50")
    org.save()
    alice = personas.consultant
    alice.organization.refresh_from_db()
    training = activity_type_by_code(org, "training")
    bench = activity_type_by_code(org, "bench")
    training.billable = True
    training.save()
    # 2 March 2026 (a Monday): 0.25 day = 1.875 h billable, the rest of the day on the bench
    save_entries(
        actor=alice,
        person=alice,
        cells=[
            Cell(date(2026, 3, 2), training, None, Decimal("0.25"), "days"),
            Cell(date(2026, 3, 2), bench, None, Decimal("0.75"), "days"),
        ],
    )
    row = get(personas.api(personas.admin), user=alice.user_id, **{"from": "2026-03-02", "to": "2026-03-02"})
    row = row.json()["results"][0]
    assert row["billable_hours"] == "1.88"  # 1.875 shown to the hundredth
    assert row["tace"] == "25.00"  # 1.875 / 7.5, not 1.88 / 7.5 = 25.07
