from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from timetrack.accounts.models import User
from timetrack.orgs.models import Agency, Membership, Organization, Role, Team

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def demo_members():
    return Membership.objects.filter(organization__slug="demo-esn").select_related("user", "manager", "team")


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Organization, Agency, Team, User, Membership))


def test_it_creates_the_demo_organisation():
    seed()
    org = Organization.objects.get(slug="demo-esn")
    assert (org.name, org.time_unit, org.hours_per_day, org.default_calendar) == (
        "Démo ESN",
        "days",
        Decimal("7.00"),
        "FR",
    )
    agencies = dict(Agency.objects.for_org(org).values_list("name", "calendar"))
    assert agencies == {"Paris": "FR", "Strasbourg": "FR-Alsace-Moselle"}
    assert 35 <= demo_members().count() <= 45


def test_it_creates_the_accounts_of_the_api_contract_with_their_roles():
    seed()
    roles = {m.user.email: m.role for m in demo_members()}
    assert roles["admin@demo.timetrack.test"] == Role.ADMIN
    assert roles["finance@demo.timetrack.test"] == Role.FINANCE
    assert roles["manager@demo.timetrack.test"] == Role.MANAGER
    assert roles["consultant@demo.timetrack.test"] == Role.CONSULTANT
    consultant = demo_members().get(user__email="consultant@demo.timetrack.test")
    assert consultant.manager.email == "manager@demo.timetrack.test"


def test_it_gives_every_user_the_demo_password():
    seed()
    for email in (
        "admin@demo.timetrack.test",
        "consultant@demo.timetrack.test",
        "hugo.bernard@demo.timetrack.test",
    ):
        assert authenticate(username=email, password="timetrack-demo") is not None
    assert authenticate(username="admin@demo.timetrack.test", password="wrong-password") is None


def test_it_builds_four_teams_each_led_by_the_n_plus_1_of_its_consultants():
    seed()
    teams = Team.objects.filter(organization__slug="demo-esn").select_related("agency", "lead")
    assert teams.count() == 4
    assert {t.agency.name for t in teams} == {"Paris", "Strasbourg"}
    for team in teams:
        consultants = demo_members().filter(team=team, role=Role.CONSULTANT)
        assert consultants.exists()
        assert {m.manager_id for m in consultants} == {team.lead_id}
        assert Membership.objects.get(user=team.lead, organization=team.organization).role == Role.MANAGER
    assert demo_members().filter(role=Role.MANAGER).count() == 4


def test_it_keeps_every_reference_inside_the_organisation():
    seed("--large", "--consultants", "30")
    for org in Organization.objects.all():
        members = Membership.objects.for_org(org)
        user_ids = set(members.values_list("user_id", flat=True))
        assert set(members.exclude(manager=None).values_list("manager_id", flat=True)) <= user_ids
        assert not members.exclude(team=None).exclude(team__organization=org).exists()
        assert not members.exclude(agency=None).exclude(agency__organization=org).exists()
        assert not Team.objects.for_org(org).exclude(agency__organization=org).exists()


@time_machine.travel(date(2026, 3, 4), tick=False)
def test_it_includes_part_timers_an_arrival_and_a_leaver():
    seed()
    ratios = set(demo_members().values_list("contract_ratio", flat=True))
    assert {Decimal("0.80"), Decimal("0.90"), Decimal("0.50"), Decimal("1.00")} <= ratios
    assert demo_members().filter(start_date=date(2026, 3, 15)).count() == 1
    leaver = demo_members().get(end_date__isnull=False)
    assert leaver.end_date == date(2026, 2, 28)
    assert leaver.start_date < leaver.end_date
    assert demo_members().filter(start_date__year__lte=2020).count() >= 5


def test_it_changes_nothing_when_run_twice():
    seed()
    before = counts()
    output = seed()
    assert counts() == before
    assert "existe déjà" in output


def test_it_prints_the_demo_accounts_and_password_in_french():
    output = seed()
    assert "mot de passe : timetrack-demo" in output
    assert "consultant@demo.timetrack.test" in output


def test_it_does_nothing_with_if_empty_when_an_organisation_exists():
    Organization.objects.create(name="Autre ESN", slug="autre-esn")
    output = seed("--if-empty")
    assert not Organization.objects.filter(slug="demo-esn").exists()
    assert "existent déjà" in output


def test_it_seeds_an_empty_database_with_if_empty():
    seed("--if-empty")
    assert Organization.objects.filter(slug="demo-esn").exists()


def test_it_creates_a_large_organisation_of_its_own():
    seed("--large", "--consultants", "50")
    org = Organization.objects.get(slug="grande-esn")
    members = Membership.objects.for_org(org)
    assert members.filter(role=Role.CONSULTANT).count() == 50
    assert members.filter(role=Role.MANAGER).count() == 4  # 50 / 15, rounded up
    assert members.get(user__email="admin@grande.timetrack.test").role == Role.ADMIN
    assert Agency.objects.for_org(org).count() == 2
    assert Team.objects.for_org(org).count() == 4
    assert not members.filter(user__email__endswith="@demo.timetrack.test").exists()
    assert authenticate(username="admin@grande.timetrack.test", password="timetrack-demo") is not None


def test_it_refuses_consultants_without_large():
    with pytest.raises(CommandError):
        seed("--consultants", "10")


def test_it_leaves_an_existing_large_organisation_as_it_is():
    seed("--large", "--consultants", "20")
    before = counts()
    seed("--large", "--consultants", "40")
    assert counts() == before
