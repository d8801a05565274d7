"""The rules of a TACE policy, one test each, through its one write path (add_policy, delete_policy)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from timetrack.kpis import tace
from timetrack.kpis.models import TacePolicy
from timetrack.kpis.services import add_policy, delete_policy
from timetrack.lib.errors import DomainError, StateConflict
from timetrack.orgs.models import Role
from timetrack.timesheets.models import ActivityType
from timetrack.timesheets.selectors import activity_types

pytestmark = pytest.mark.django_db
TODAY = date(2026, 4, 15)
LEAVE = ("paid_leave", "rtt", "sick_leave", "unpaid_leave")


@pytest.fixture(autouse=True)
def mid_april():
    with time_machine.travel(TODAY, tick=False):
        yield


def types(org, *codes) -> list[ActivityType]:
    activity_types(org)
    return list(ActivityType.objects.for_org(org).filter(code__in=codes))


def policy(personas, on=date(2026, 5, 1), billable=("project",), leave=LEAVE, actor=None, **kwargs):
    org = personas.org
    return add_policy(
        actor=actor or personas.admin,
        effective_from=on,
        billable_types=types(org, *billable),
        leave_types=types(org, *leave),
        **kwargs,
    )


def refusal(callable_, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        callable_(*args, **kwargs)
    return error.value


def test_it_adds_a_future_policy_without_confirmation(personas):
    row = policy(personas, note="  Formation facturable  ")
    assert row.created_by == personas.admin.user
    assert row.note == "Formation facturable"
    assert {t.code for t in row.billable_types.all()} == {"project"}
    assert {t.code for t in row.leave_types.all()} == set(LEAVE)


def test_it_refuses_a_date_other_than_the_1st(personas):
    error = refusal(policy, personas, on=date(2026, 5, 2))
    assert error.field == "effective_from"
    assert str(error.message) == "La date d'entrée en vigueur doit être le 1er d'un mois."


@pytest.mark.parametrize("dropped", ["paid_leave", "rtt"])
def test_paid_leave_and_rtt_are_always_leave(personas, dropped):
    error = refusal(policy, personas, leave=[c for c in LEAVE if c != dropped])
    assert error.field == "leave_types"
    assert "congés payés et les RTT" in str(error.message)
    assert not TacePolicy.objects.exists()


def test_sick_leave_and_training_are_choices(personas):
    row = policy(personas, billable=("project", "training"), leave=("paid_leave", "rtt"))
    assert {t.code for t in row.leave_types.all()} == {"paid_leave", "rtt"}


def test_a_type_is_not_billable_and_leave_at_once(personas):
    error = refusal(policy, personas, billable=("project", "sick_leave"))
    assert error.field == "billable_types"


def test_it_refuses_another_organisations_type(personas):
    foreign = types(personas.other_org, "training")
    error = refusal(
        add_policy,
        actor=personas.admin,
        effective_from=date(2026, 5, 1),
        billable_types=foreign,
        leave_types=types(personas.org, *LEAVE),
    )
    assert error.field == "billable_types"


@pytest.mark.parametrize("month", [date(2026, 4, 1), date(2026, 1, 1)])  # the current month, a closed one
def test_a_month_already_begun_needs_a_confirmation(personas, month):
    error = refusal(policy, personas, on=month)
    assert error.field == "confirm_past"
    assert "recalcule les TACE depuis le" in str(error.message)
    assert not TacePolicy.objects.exists()
    assert policy(personas, on=month, confirm_past=True).effective_from == month


def test_a_date_already_taken_is_refused(personas):
    policy(personas)
    error = refusal(policy, personas, billable=("project", "training"))
    assert error.field == "effective_from"
    assert TacePolicy.objects.count() == 1


def test_a_policy_may_count_nothing_as_billable(personas):
    policy(personas, on=date(2026, 4, 1), billable=(), confirm_past=True)
    alice = personas.consultant.user_id
    assert tace.by_user(personas.org, date(2026, 4, 1), date(2026, 4, 30), user_ids=[alice])[alice].tace == 0


@pytest.mark.parametrize("role", [Role.MANAGER, Role.FINANCE, Role.CONSULTANT])
def test_only_admins_add_or_delete_policies(personas, role):
    actor = {Role.MANAGER: personas.manager, Role.FINANCE: personas.finance}.get(role, personas.consultant)
    with pytest.raises(PermissionDenied):
        policy(personas, actor=actor)
    row = policy(personas)
    with pytest.raises(PermissionDenied):
        delete_policy(actor=actor, policy=row)


def test_a_future_policy_may_be_deleted(personas):
    delete_policy(actor=personas.admin, policy=policy(personas))
    assert not TacePolicy.objects.exists()


def test_a_policy_in_force_is_never_deleted(personas):
    row = policy(personas, on=date(2026, 4, 1), confirm_past=True)
    with pytest.raises(StateConflict):
        delete_policy(actor=personas.admin, policy=row)
    assert TacePolicy.objects.filter(pk=row.pk).exists()


def test_the_database_refuses_a_date_other_than_the_1st_and_duplicates(personas):
    org = personas.org
    with pytest.raises(IntegrityError), transaction.atomic():
        TacePolicy.objects.create(organization=org, effective_from=date(2026, 5, 2))
    TacePolicy.objects.create(organization=org, effective_from=date(2026, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        TacePolicy.objects.create(organization=org, effective_from=date(2026, 5, 1))
    TacePolicy.objects.create(organization=personas.other_org, effective_from=date(2026, 5, 1))
