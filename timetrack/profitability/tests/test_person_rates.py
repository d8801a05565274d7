"""The rates a save of project work reads by hand-written statements are the rates ``load_rates`` reads."""

from datetime import date
from decimal import Decimal

import pytest

from timetrack.profitability import services
from timetrack.profitability.rates import load_rates, person_rates
from timetrack.tests.factories import AssignmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_a_persons_rates_are_those_the_orm_reads(books):
    consultant = books.p.consultant
    other_project = ProjectFactory(organization=books.org)
    AssignmentFactory(person=consultant, project=other_project, start_date=date(2026, 2, 1))
    later = AssignmentFactory(
        person=consultant, project=books.project, start_date=date(2026, 6, 1), daily_rate=Decimal("560.00")
    )
    services.add_assignment_rate(
        actor=books.p.admin,
        assignment=books.assignment,
        daily_rate=Decimal("525.50"),
        effective_from=date(2026, 3, 16),
    )
    services.add_assignment_rate(
        actor=books.p.admin, assignment=later, daily_rate=Decimal("580.00"), effective_from=date(2026, 9, 1)
    )
    services.add_cost_rate(
        actor=books.p.admin,
        user_id=consultant.user_id,
        daily_cost=Decimal("312.25"),
        effective_from=date(2026, 4, 1),
    )
    projects = sorted([books.project.pk, other_project.pk])

    by_hand = person_rates(books.org.pk, consultant.user_id, projects)
    by_orm = load_rates(books.org, user_ids=[consultant.user_id], project_ids=projects)

    assert by_hand == by_orm
    assert by_hand.tjm(consultant.user_id, books.project.pk, date(2026, 3, 16)) == Decimal("525.50")
    assert by_hand.tjm(consultant.user_id, books.project.pk, date(2026, 9, 1)) == Decimal("580.00")
    assert by_hand.cjm(consultant.user_id, date(2026, 4, 1)) == Decimal("312.25")
    assert isinstance(by_hand.cjm(consultant.user_id, date(2026, 1, 5)), Decimal)


def test_another_organisations_rates_are_not_read(books):
    other = books.p.other
    assert person_rates(other.organization_id, books.p.consultant.user_id, [books.project.pk]) == load_rates(
        other.organization, user_ids=[books.p.consultant.user_id], project_ids=[books.project.pk]
    )
    assert not person_rates(other.organization_id, books.p.consultant.user_id, [books.project.pk]).staffings
