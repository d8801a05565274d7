"""TACE targets: precedence, effective dates, ratings, rules and the admin screen."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from timetrack.kpis import objectives
from timetrack.kpis.models import TaceTarget
from timetrack.kpis.objectives import rating, target_for, targets_for_people
from timetrack.kpis.services import delete_target, set_target
from timetrack.lib.errors import DomainError
from timetrack.orgs.models import Role
from timetrack.tests.factories import TeamFactory, member

pytestmark = pytest.mark.django_db
JAN, JUL = date(2026, 1, 1), date(2026, 7, 1)


@pytest.fixture
def team_of_alice(personas):
    team = TeamFactory(organization=personas.org)
    personas.consultant.team = team
    personas.consultant.save()
    return team


def target(personas, value, on=JAN, **scope):
    return set_target(actor=personas.admin, target=Decimal(value), effective_from=on, **scope)


# Precedence and dates


def test_it_has_no_target_when_none_is_set(personas):
    assert target_for(personas.org, user_id=personas.consultant.user_id, on=JAN) is None


def test_it_falls_back_from_person_to_team_to_organisation(personas, team_of_alice):
    alice = personas.consultant.user_id
    target(personas, "80")
    assert target_for(personas.org, user_id=alice, on=JAN) == Decimal("80")
    target(personas, "85", team=team_of_alice)
    assert target_for(personas.org, user_id=alice, on=JAN) == Decimal("85")
    target(personas, "90", user=personas.consultant.user)
    assert target_for(personas.org, user_id=alice, on=JAN) == Decimal("90")
    # Colleague (no team, no own target) keeps the organisation's; the team keeps its own.
    assert target_for(personas.org, user_id=personas.colleague.user_id, on=JAN) == Decimal("80")
    assert target_for(personas.org, team_id=team_of_alice.pk, on=JAN) == Decimal("85")
    assert target_for(personas.org, on=JAN) == Decimal("80")


def test_a_new_target_never_changes_an_earlier_date(personas):
    target(personas, "80", on=JAN)
    target(personas, "88", on=JUL)
    assert target_for(personas.org, on=date(2025, 12, 31)) is None
    assert target_for(personas.org, on=date(2026, 6, 30)) == Decimal("80")
    assert target_for(personas.org, on=JUL) == Decimal("88")


def test_a_person_target_from_july_leaves_the_team_target_in_force_before(personas, team_of_alice):
    target(personas, "85", team=team_of_alice)
    target(personas, "95", on=JUL, user=personas.consultant.user)
    alice = personas.consultant.user_id
    assert target_for(personas.org, user_id=alice, on=date(2026, 3, 1)) == Decimal("85")
    assert target_for(personas.org, user_id=alice, on=date(2026, 8, 1)) == Decimal("95")


def test_the_same_scope_and_date_corrects_the_target(personas):
    target(personas, "80")
    target(personas, "82")
    assert TaceTarget.objects.for_org(personas.org).count() == 1
    assert target_for(personas.org, on=JAN) == Decimal("82")


def test_another_organisations_targets_never_apply(personas):
    set_target(actor=personas.other, target=Decimal("70"), effective_from=JAN)
    assert target_for(personas.org, on=JAN) is None


def test_the_batch_answers_everyone_in_two_queries(personas, team_of_alice, django_assert_num_queries):
    target(personas, "80")
    target(personas, "85", team=team_of_alice)
    target(personas, "90", user=personas.colleague.user)
    extra = [member(personas.org).user_id for _ in range(5)]
    ids = [personas.consultant.user_id, personas.colleague.user_id, *extra]
    with django_assert_num_queries(2):
        found = targets_for_people(personas.org, ids, JUL)
    assert found[personas.consultant.user_id] == Decimal("85")
    assert found[personas.colleague.user_id] == Decimal("90")
    assert {found[i] for i in extra} == {Decimal("80")}


def test_the_team_batch_is_one_query(personas, team_of_alice, django_assert_num_queries):
    other_team = TeamFactory(organization=personas.org)
    target(personas, "80")
    target(personas, "85", team=team_of_alice)
    with django_assert_num_queries(1):
        found = objectives.targets_for_teams(personas.org, [team_of_alice.pk, other_team.pk], JUL)
    assert found == {team_of_alice.pk: Decimal("85"), other_team.pk: Decimal("80")}


# Rating


@pytest.mark.parametrize(
    ("tace", "goal", "expected"),
    [
        ("85.00", "85", "above"),
        ("112.50", "85", "above"),
        ("84.99", "85", "near"),
        ("80.00", "85", "near"),  # exactly 5 points below: still near
        ("79.99", "85", "below"),
        ("0.00", "85", "below"),
        (None, "85", None),
        ("85.00", None, None),
    ],
)
def test_rating_thresholds(tace, goal, expected):
    as_decimal = lambda v: None if v is None else Decimal(v)  # noqa: E731
    assert rating(as_decimal(tace), as_decimal(goal)) == expected


# Rules


def test_it_refuses_a_target_naming_a_team_and_a_person(personas, team_of_alice):
    with pytest.raises(DomainError) as error:
        target(personas, "80", team=team_of_alice, user=personas.consultant.user)
    assert error.value.field == "user"
    assert "pas les deux" in str(error.value.message)
    assert not TaceTarget.objects.exists()


@pytest.mark.parametrize("value", ["0", "-5", "150.01"])
def test_it_refuses_a_target_out_of_range(personas, value):
    with pytest.raises(DomainError) as error:
        target(personas, value)
    assert error.value.field == "target"


def test_it_accepts_150_percent(personas):
    assert target(personas, "150").target_percent == Decimal("150")


def test_it_refuses_another_organisations_team_or_person(personas):
    with pytest.raises(DomainError) as error:
        target(personas, "80", team=TeamFactory(organization=personas.other_org))
    assert error.value.field == "team"
    with pytest.raises(DomainError) as error:
        target(personas, "80", user=personas.other.user)
    assert error.value.field == "user"


@pytest.mark.parametrize("role", [Role.MANAGER, Role.FINANCE, Role.CONSULTANT])
def test_only_admins_set_or_delete_targets(personas, role):
    actor = {Role.MANAGER: personas.manager, Role.FINANCE: personas.finance}.get(role, personas.consultant)
    with pytest.raises(PermissionDenied):
        set_target(actor=actor, target=Decimal("80"), effective_from=JAN)
    row = target(personas, "80")
    with pytest.raises(PermissionDenied):
        delete_target(actor=actor, target=row)


def test_the_database_refuses_both_scopes_and_duplicates(personas, team_of_alice):
    org = personas.org
    with pytest.raises(IntegrityError), transaction.atomic():
        TaceTarget.objects.create(
            organization=org,
            team=team_of_alice,
            user=personas.consultant.user,
            target_percent=80,
            effective_from=JAN,
        )
    TaceTarget.objects.create(organization=org, target_percent=80, effective_from=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaceTarget.objects.create(organization=org, target_percent=81, effective_from=JAN)
    TaceTarget.objects.create(organization=org, team=team_of_alice, target_percent=80, effective_from=JAN)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaceTarget.objects.create(organization=org, team=team_of_alice, target_percent=81, effective_from=JAN)


# Admin screen


def test_it_requires_login(client):
    response = client.get("/parametres/objectifs/")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


@pytest.mark.parametrize("url", ["/parametres/objectifs/", "/parametres/objectifs/nouveau/"])
def test_it_is_forbidden_to_managers(personas, login, url):
    assert login(personas.manager).get(url).status_code == 403


def test_it_lists_the_targets_of_the_organisation_only(personas, login, team_of_alice):
    target(personas, "80")
    target(personas, "87.5", team=team_of_alice)
    set_target(actor=personas.other, target=Decimal("66.25"), effective_from=JAN)
    response = login(personas.admin).get("/parametres/objectifs/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Toute l&#x27;organisation" in text or "Toute l'organisation" in text
    assert team_of_alice.name in text
    assert "87" in text
    # A distinctive value: two plain digits can occur by chance in the page's CSRF token.
    assert "66,25" not in text and "66.25" not in text


def test_it_creates_a_target(personas, login):
    response = login(personas.admin).post(
        "/parametres/objectifs/nouveau/", {"target": "82.5", "effective_from": "2026-01-01"}
    )
    assert response.status_code == 302
    assert target_for(personas.org, on=JAN) == Decimal("82.50")


def test_it_shows_the_scope_error_on_the_person_field(personas, login, team_of_alice):
    response = login(personas.admin).post(
        "/parametres/objectifs/nouveau/",
        {
            "team": team_of_alice.pk,
            "user": personas.consultant.user_id,
            "target": "80",
            "effective_from": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["user"] == [
        "Un objectif vise une équipe ou une personne, pas les deux à la fois."
    ]
    assert not TaceTarget.objects.exists()


def test_it_offers_no_team_or_person_of_another_organisation(personas, login):
    foreign = TeamFactory(organization=personas.other_org)
    response = login(personas.admin).post(
        "/parametres/objectifs/nouveau/", {"team": foreign.pk, "target": "80", "effective_from": "2026-01-01"}
    )
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not TaceTarget.objects.exists()


def test_it_deletes_a_target(personas, login):
    row = target(personas, "80")
    client = login(personas.admin)
    assert client.get(f"/parametres/objectifs/{row.pk}/supprimer/").status_code == 200
    assert client.post(f"/parametres/objectifs/{row.pk}/supprimer/").status_code == 302
    assert not TaceTarget.objects.exists()


def test_another_organisations_target_is_a_404(personas, login):
    row = set_target(actor=personas.other, target=Decimal("70"), effective_from=JAN)
    client = login(personas.admin)
    assert client.get(f"/parametres/objectifs/{row.pk}/supprimer/").status_code == 404
    assert client.post(f"/parametres/objectifs/{row.pk}/supprimer/").status_code == 404
    assert TaceTarget.objects.filter(pk=row.pk).exists()


def test_deleting_is_forbidden_to_managers(personas, login):
    row = target(personas, "80")
    assert login(personas.manager).post(f"/parametres/objectifs/{row.pk}/supprimer/").status_code == 403
    assert TaceTarget.objects.filter(pk=row.pk).exists()


# API


def test_the_api_lists_the_organisations_targets(personas, team_of_alice):
    target(personas, "80")
    target(personas, "85", on=JUL, team=team_of_alice)
    set_target(actor=personas.other, target=Decimal("66.25"), effective_from=JAN)
    response = personas.api(personas.finance).get("/api/v1/kpis/targets")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["scope"], r["team"], r["target_percent"], r["effective_from"]) for r in rows] == [
        ("organization", None, "80.00", "2026-01-01"),
        ("team", team_of_alice.pk, "85.00", "2026-07-01"),
    ]


@pytest.mark.parametrize("role", ["manager", "consultant"])
def test_the_api_is_forbidden_to_managers_and_consultants(personas, role):
    assert personas.api(getattr(personas, role)).get("/api/v1/kpis/targets").status_code == 403


def test_the_api_requires_a_token(client):
    assert client.get("/api/v1/kpis/targets").status_code == 401
