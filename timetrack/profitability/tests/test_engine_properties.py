"""Properties of the engine over random work and rates: the rollup path (whole months) and the entries
path (partial months) agree, and money over a period is the sum of its sub-periods."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timetrack.profitability import engine, rollup
from timetrack.profitability.models import AssignmentRate, CostRate
from timetrack.timesheets.models import TimeEntry
from timetrack.timesheets.selectors import timesheet_for

pytestmark = pytest.mark.django_db
START, END = date(2026, 1, 1), date(2026, 4, 30)
QUANTITIES = st.sampled_from([Decimal("1.75"), Decimal("3.5"), Decimal("7"), Decimal("5.25")])


def _reset(books, work, sell_changes, cost_changes):
    TimeEntry.objects.filter(organization=books.org).delete()
    AssignmentRate.objects.filter(organization=books.org).delete()
    CostRate.objects.filter(organization=books.org).exclude(effective_from=date(2026, 1, 1)).delete()
    for offset, rate in sell_changes:
        AssignmentRate.objects.get_or_create(
            organization=books.org,
            assignment=books.assignment,
            effective_from=START + timedelta(days=offset),
            defaults={"daily_rate": rate},
        )
    for offset, rate in cost_changes:
        CostRate.objects.get_or_create(
            organization=books.org,
            user=books.p.consultant.user,
            effective_from=START + timedelta(days=offset),
            defaults={"daily_cost": rate},
        )
    user_id = books.p.consultant.user_id
    TimeEntry.objects.bulk_create(
        TimeEntry(
            organization=books.org,
            user_id=user_id,
            timesheet=timesheet_for(org=books.org, user_id=user_id, month=day.replace(day=1)),
            date=day,
            activity_type=books.types["project"],
            project=books.project,
            hours=hours,
        )
        for day, hours in ((START + timedelta(days=offset), hours) for offset, hours in work)
    )
    rollup.rebuild(books.org)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    work=st.lists(st.tuples(st.integers(0, 119), QUANTITIES), max_size=30, unique_by=lambda w: w[0]),
    sell_changes=st.lists(
        st.tuples(st.integers(1, 119), st.sampled_from([Decimal("450"), Decimal("612.50")])), max_size=3
    ),
    cost_changes=st.lists(
        st.tuples(st.integers(1, 119), st.sampled_from([Decimal("280"), Decimal("333.33")])), max_size=3
    ),
    cut=st.integers(0, 118),
    mode=st.sampled_from(["time_and_materials", "fixed_price"]),
)
def test_money_of_a_period_is_the_sum_of_its_parts(books, work, sell_changes, cost_changes, cut, mode):
    books.project.billing_mode = mode
    books.project.fixed_price = Decimal("9999.99")
    books.project.save()
    _reset(books, work, sell_changes, cost_changes)
    middle = START + timedelta(days=cut)
    ranges = {"whole": (START, END), "head": (START, middle), "tail": (middle + timedelta(days=1), END)}
    sums = engine.work_sums(books.org, ranges, project_ids=[books.project.pk])
    pk = books.project.pk
    whole, head, tail = (sums[name].get(pk, engine.Work()) for name in ("whole", "head", "tail"))
    assert head + tail == whole  # rollup months and partial months from the entries agree exactly
    hpd = books.org.hours_per_day
    nothing = engine.Work()
    revenue = engine.revenue_of(books.project, whole, nothing, whole, hpd)
    parts = engine.revenue_of(books.project, head, nothing, head, hpd) + engine.revenue_of(
        books.project, tail, head, whole, hpd
    )
    assert revenue == parts
