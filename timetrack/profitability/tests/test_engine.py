"""The profitability engine against cases computed by hand (organisation of 7 h days, in days)."""

from datetime import date
from decimal import Decimal

import pytest

from timetrack.profitability import engine, rollup
from timetrack.profitability.models import CostRate, ProjectRollup
from timetrack.profitability.services import add_assignment_rate, add_cost_rate
from timetrack.tests.factories import AssignmentFactory, ProjectFactory

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
TODAY = date(2026, 6, 30)


def figures(books, start=None, end=None, project=None):
    return engine.project(books.org, project or books.project, start, end, today=TODAY)


def test_time_and_materials_with_a_rate_change_mid_month(books):
    # 5 days at 500 € (2–6 March), then 5.5 days at 600 € (16–20 and half of 23 March)
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 6)))
    books.log(books.weekdays(date(2026, 3, 16), date(2026, 3, 20)) | {date(2026, 3, 23): "0.5"})
    add_assignment_rate(
        actor=books.p.admin,
        assignment=books.assignment,
        daily_rate=Decimal("600.00"),
        effective_from=date(2026, 3, 16),
    )
    f = figures(books, *MARCH)
    assert f.money.billable_days == Decimal("10.50")
    assert f.money.revenue == Decimal("5800.00")  # 5 × 500 + 5.5 × 600
    assert f.money.cost == Decimal("3150.00")  # 10.5 × 300
    assert f.money.gross_margin == Decimal("2650.00")
    assert f.money.margin_rate == Decimal("45.69")  # 2650 / 5800
    assert f.money.roi == Decimal("84.13")  # 2650 / 3150
    # a partial period reads the entries of the days it covers, at the rate of each day
    part = figures(books, date(2026, 3, 5), date(2026, 3, 17))
    assert part.money.revenue == Decimal("2200.00")  # 2 × 500 + 2 × 600
    assert part.money.cost == Decimal("1200.00")


def test_the_rate_in_force_applies_to_entries_saved_after_the_change(books):
    add_assignment_rate(
        actor=books.p.manager,
        assignment=books.assignment,
        daily_rate=Decimal("650.00"),
        effective_from=date(2026, 3, 9),
    )
    books.log({date(2026, 3, 6): "1", date(2026, 3, 9): "1"})
    assert figures(books, *MARCH).money.revenue == Decimal("1150.00")


def test_cost_with_a_cjm_change_mid_month(books):
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 6)))
    books.log(books.weekdays(date(2026, 3, 16), date(2026, 3, 20)) | {date(2026, 3, 23): "0.5"})
    add_cost_rate(
        actor=books.p.finance,
        user_id=books.p.consultant.user_id,
        daily_cost=Decimal("350.00"),
        effective_from=date(2026, 3, 16),
    )
    f = figures(books, *MARCH)
    assert f.money.cost == Decimal("3425.00")  # 5 × 300 + 5.5 × 350
    assert f.money.revenue == Decimal("5250.00")  # 10.5 × 500
    assert f.money.margin_rate == Decimal("34.76")  # 1825 / 5250


def test_fixed_price_under_then_over_budget(books):
    books.project.billing_mode = "fixed_price"
    books.project.fixed_price = Decimal("10000.00")
    books.project.budget_days = Decimal("20")
    books.project.save()
    CostRate.objects.filter(user=books.p.consultant.user).update(daily_cost=Decimal("400.00"))
    rollup.recompute_person(books.org, books.p.consultant.user_id)
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 13)))  # 10 days
    march = figures(books, *MARCH)
    assert march.money.revenue == Decimal("5000.00")  # 10 000 × 10 / 20
    assert march.money.cost == Decimal("4000.00")
    assert march.money.margin_rate == Decimal("20.00")
    assert march.money.roi == Decimal("25.00")
    assert march.budget_consumed_percent == Decimal("50.00")
    # 15 more days in April: progress capped at 100 %, the 5 extra days only cost
    books.log(books.weekdays(date(2026, 4, 1), date(2026, 4, 21)))  # 15 weekdays, Easter Monday worked
    april = figures(books, date(2026, 4, 1), date(2026, 4, 30))
    assert april.money.worked_days == Decimal("15.00")
    assert april.money.revenue == Decimal("5000.00")  # 10 000 × (100 % − 50 %)
    assert april.money.cost == Decimal("6000.00")
    whole = figures(books)
    assert whole.money.revenue == Decimal("10000.00")
    assert whole.money.cost == Decimal("10000.00")
    assert whole.money.gross_margin == Decimal("0.00")
    assert whole.money.margin_rate == Decimal("0.00")
    assert whole.consumed_days == Decimal("25.00")
    assert whole.budget_consumed_percent == Decimal("125.00")
    assert whole.remaining_days == Decimal("-5.00")


def test_margin_and_roi_are_undefined_without_revenue_or_cost(books):
    free = ProjectFactory(organization=books.org, billing_mode="time_and_materials")
    AssignmentFactory(person=books.p.colleague, project=free, start_date=date(2026, 1, 1), daily_rate=None)
    books.log({date(2026, 3, 2): "1"}, person=books.p.colleague, project=free)
    f = figures(books, *MARCH, project=free)
    assert (f.money.revenue, f.money.cost) == (Decimal("0.00"), Decimal("0.00"))
    assert f.money.margin_rate is None and f.money.roi is None
    assert f.unpriced_days == Decimal("1.00") and f.uncosted_days == Decimal("1.00")
    internal = ProjectFactory(organization=books.org, billing_mode="internal")
    AssignmentFactory(person=books.p.consultant, project=internal, start_date=date(2026, 1, 1))
    books.log({date(2026, 3, 3): "1"}, project=internal)
    f = figures(books, *MARCH, project=internal)
    assert f.money.revenue == Decimal("0.00") and f.money.cost == Decimal("300.00")
    assert f.money.margin_rate is None
    assert f.money.roi == Decimal("-100.00")


def test_budget_burn_forecast_and_run_out_date(books):
    books.project.end_date = date(2026, 7, 31)
    books.project.save()
    # 8 days over the 4 weeks ending on 30 June: 2 days a week
    books.log(books.weekdays(date(2026, 6, 22), date(2026, 6, 30)) | {date(2026, 6, 3): "1"})
    f = figures(books)
    assert f.consumed_days == Decimal("8.00")
    assert f.burn_days_per_week == Decimal("2.00")
    # July 2026: 22 working days (14 July is a holiday) at 100 %
    assert f.forecast_at_completion_days == Decimal("30.00")
    assert f.forecast_over_budget
    # 12 days left at 2 days a week: 6 weeks after 30 June
    assert f.runs_out_on == date(2026, 8, 11)
    assert f.budget_consumed_percent == Decimal("40.00")


def test_group_totals_are_sums_of_money(books):
    other = ProjectFactory(organization=books.org, client=books.project.client)
    AssignmentFactory(
        person=books.p.colleague, project=other, start_date=date(2026, 1, 1), daily_rate=Decimal("1000")
    )
    books.log({date(2026, 3, 2): "1", date(2026, 3, 3): "1"})  # 1000 € revenue, 600 € cost
    books.log({date(2026, 3, 2): "1"}, person=books.p.colleague, project=other)  # 1000 €, no cost
    all_figures = engine.projects(books.org, *MARCH, today=TODAY)
    client_money = engine.by_client(all_figures)[books.project.client]
    assert client_money.revenue == Decimal("2000.00")
    assert client_money.cost == Decimal("600.00")
    assert client_money.margin_rate == Decimal("70.00")  # not the mean of 40 % and undefined


def test_the_rollup_stays_the_sum_of_the_entries(books):
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 13)))
    books.log({date(2026, 3, 4): "0.5", date(2026, 3, 5): "0"})
    from_rollup = {
        (r.project_id, r.user_id, r.month, r.activity_type_id): r.hours for r in ProjectRollup.objects.all()
    }
    assert from_rollup == rollup.totals_from_entries(books.org)
    before = {r.pk: (r.hours, r.sell_value, r.cost_value) for r in ProjectRollup.objects.all()}
    rollup.rebuild(books.org)
    after = sorted((r.hours, r.sell_value, r.cost_value) for r in ProjectRollup.objects.all())
    assert after == sorted(before.values())


def test_a_rate_change_on_one_project_does_not_count_the_persons_other_projects_twice(books):
    other = ProjectFactory(organization=books.org, billing_mode="time_and_materials")
    AssignmentFactory(
        person=books.p.consultant, project=other, start_date=date(2026, 1, 1), daily_rate=Decimal("800")
    )
    books.log({date(2026, 3, 10): "0.5", date(2026, 3, 17): "0.5"})
    books.log({date(2026, 3, 11): "1"}, project=other)
    add_assignment_rate(
        actor=books.p.admin,
        assignment=books.assignment,
        daily_rate=Decimal("600"),
        effective_from=date(2026, 3, 16),
    )
    figures = {
        f.project.pk: f for f in engine.projects(books.org, date(2026, 3, 5), date(2026, 3, 20), today=TODAY)
    }
    assert figures[other.pk].money.revenue == Decimal("800.00")  # not 1600: read once
    assert figures[other.pk].money.worked_days == Decimal("1.00")
    assert figures[books.project.pk].money.revenue == Decimal("550.00")  # ½ × 500 + ½ × 600


def test_people_of_every_partial_span_have_their_rates(books):
    AssignmentFactory(
        person=books.p.colleague,
        project=books.project,
        start_date=date(2026, 2, 1),
        daily_rate=Decimal("700"),
    )
    books.log({date(2026, 1, 20): "1"})
    books.log({date(2026, 2, 5): "1"}, person=books.p.colleague)
    f = figures(books, date(2026, 1, 15), date(2026, 2, 10))  # two partial months
    assert f.money.revenue == Decimal("1200.00")
    assert f.unpriced_days == Decimal("0.00")


def test_a_trickle_of_work_gives_no_run_out_date_rather_than_an_error(books):
    books.project.budget_days = Decimal("300")
    books.project.save()
    books.log({date(2026, 6, 29): "0.01"}, unit="hours")
    f = figures(books)
    assert f.runs_out_on is None  # 0.01 h over 4 weeks: the budget would last past year 2999


def test_overlapping_assignments_are_planned_once(books):
    books.project.end_date = date(2026, 7, 31)
    books.project.save()
    books.log({date(2026, 6, 29): "1"})
    # a new assignment takes over on 16 July (a new TJM): July is still 22 planned days, not 22 + 12
    AssignmentFactory(
        person=books.p.consultant,
        project=books.project,
        start_date=date(2026, 7, 16),
        daily_rate=Decimal("650"),
    )
    assert figures(books).forecast_at_completion_days == Decimal("23.00")


def test_agencies_get_their_peoples_share_of_the_money(books):
    from timetrack.tests.factories import AgencyFactory

    lyon, paris = (
        AgencyFactory(organization=books.org, name="Lyon"),
        AgencyFactory(organization=books.org, name="Paris"),
    )
    books.p.consultant.agency = lyon
    books.p.consultant.save()
    books.p.colleague.agency = paris
    books.p.colleague.save()
    fixed = ProjectFactory(
        organization=books.org,
        billing_mode="fixed_price",
        fixed_price=Decimal("9000"),
        budget_days=Decimal("10"),
    )
    for person in (books.p.consultant, books.p.colleague):
        AssignmentFactory(person=person, project=fixed, start_date=date(2026, 1, 1), daily_rate=None)
    books.log({date(2026, 3, 2): "1", date(2026, 3, 3): "1"})  # régie: 2 days × 500 € for Lyon
    books.log({date(2026, 3, 4): "1"}, project=fixed)  # forfait: 1 of the 3 days → Lyon
    books.log({date(2026, 3, 4): "1", date(2026, 3, 5): "1"}, person=books.p.colleague, project=fixed)
    money = engine.by_agency(books.org, engine.projects(books.org, *MARCH, today=TODAY), *MARCH)
    # the forfait earns 9 000 × 3 / 10 = 2 700 €, shared 1 : 2 by days worked
    assert money["Lyon"].revenue == Decimal("1900.00")  # 1 000 + 900
    assert money["Paris"].revenue == Decimal("1800.00")
    assert money["Lyon"].cost == Decimal("900.00")  # 3 days × 300 € (the colleague has no CJM)
    assert money["Paris"].worked_days == Decimal("2.00")
