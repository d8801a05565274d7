"""TACE against cases computed by hand (possible hours counted on a paper calendar)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timetrack.kpis import tace
from timetrack.tests.factories import AssignmentFactory, TeamFactory
from timetrack.timesheets.models import TimeEntry
from timetrack.timesheets.selectors import activity_type_by_code
from timetrack.timesheets.services import Cell, save_entries

pytestmark = pytest.mark.django_db
APRIL = (date(2026, 4, 1), date(2026, 4, 30))  # 21 working days in France (Easter Monday the 6th)


def fill(person, days, code, quantity="1"):
    org = person.organization
    activity = activity_type_by_code(org, code)
    project = None
    if code == "project":
        project = AssignmentFactory(person=person, start_date=date(2025, 1, 1)).project
    cells = [Cell(d, activity, project, Decimal(quantity), "days") for d in days]
    save_entries(actor=person, person=person, cells=cells)


def worked(person, start, end):
    return person.schedule().worked_days(start, end)


def test_the_product_brief_example(personas):
    alice = personas.consultant
    days = worked(alice, *APRIL)
    fill(alice, days[:17], "project")
    fill(alice, days[17:19], "paid_leave")
    fill(alice, days[19:], "bench")
    figures = tace.by_user(personas.org, *APRIL, user_ids=[alice.user_id])[alice.user_id]
    assert (figures.possible_hours, figures.leave_hours, figures.billable_hours) == (
        Decimal("147.00"),
        Decimal("14"),
        Decimal("119"),
    )
    assert figures.tace == Decimal("89.47")  # 119 / 133
    assert figures.taci == Decimal("80.95")  # 119 / 147
    assert figures.bench_rate == Decimal("10.53")  # 14 / 133


def test_part_time_80_percent(personas):
    alice = personas.consultant
    alice.contract_ratio = Decimal("0.80")
    alice.save()
    days = worked(alice, *APRIL)
    fill(alice, days[:15], "project")
    fill(alice, days[15:16], "paid_leave")
    figures = tace.by_user(personas.org, *APRIL, user_ids=[alice.user_id])[alice.user_id]
    assert figures.possible_hours == Decimal("117.60")  # 21 × 7 × 0.8
    assert figures.tace == Decimal("94.94")  # 105 / 110.6


def test_arrival_on_the_15th(personas):
    alice = personas.consultant
    alice.start_date = date(2026, 4, 15)
    alice.save()
    fill(alice, worked(alice, *APRIL), "project")
    figures = tace.by_user(personas.org, *APRIL, user_ids=[alice.user_id])[alice.user_id]
    assert figures.possible_hours == Decimal("84.00")  # 12 days
    assert figures.tace == Decimal("100.00")


def test_departure_mid_month(personas):
    alice = personas.consultant
    alice.end_date = date(2025, 12, 12)
    alice.save()
    december = (date(2025, 12, 1), date(2025, 12, 31))
    days = worked(alice, *december)
    fill(alice, days[:9], "project")
    fill(alice, days[9:], "rtt")
    figures = tace.by_user(personas.org, *december, user_ids=[alice.user_id])[alice.user_id]
    assert figures.possible_hours == Decimal("70.00")  # 10 days
    assert figures.tace == Decimal("100.00")  # 63 / (70 − 7)


def test_same_entries_in_france_and_alsace_moselle(personas):
    alice, bob = personas.consultant, personas.colleague
    bob.calendar = "FR-Alsace-Moselle"
    bob.save()
    december = (date(2025, 12, 1), date(2025, 12, 31))
    days = worked(bob, *december)  # 21 days: 25 and 26 December are holidays in Alsace-Moselle
    fill(alice, days, "project")
    fill(bob, days, "project")
    figures = tace.by_user(personas.org, *december, user_ids=[alice.user_id, bob.user_id])
    assert figures[alice.user_id].possible_hours == Decimal("154.00")  # 22 days
    assert figures[alice.user_id].tace == Decimal("95.45")  # 147 / 154
    assert figures[bob.user_id].possible_hours == Decimal("147.00")
    assert figures[bob.user_id].tace == Decimal("100.00")


def test_half_day_leave(personas):
    alice = personas.consultant
    days = worked(alice, *APRIL)
    fill(alice, days[:19], "project")
    fill(alice, days[19:20], "project", "0.5")
    fill(alice, days[19:20], "paid_leave", "0.5")
    fill(alice, days[20:], "bench")
    figures = tace.by_user(personas.org, *APRIL, user_ids=[alice.user_id])[alice.user_id]
    assert figures.leave_hours == Decimal("3.5")
    assert figures.tace == Decimal("95.12")  # 136.5 / 143.5


def test_zero_denominator_is_undefined(personas):
    alice = personas.consultant
    fill(alice, worked(alice, *APRIL), "paid_leave")
    figures = tace.by_user(personas.org, *APRIL, user_ids=[alice.user_id])[alice.user_id]
    assert figures.denominator == 0
    assert figures.tace is None
    assert figures.bench_rate is None
    alice.end_date = date(2026, 3, 31)  # no day of April within the employment: nothing possible
    alice.save()
    gone = tace.by_user(personas.org, *APRIL, user_ids=[alice.user_id])[alice.user_id]
    assert (gone.possible_hours, gone.tace, gone.taci) == (Decimal("0.00"), None, None)


def test_overtime_above_100_percent(personas):
    alice = personas.consultant
    days = worked(alice, *APRIL)
    fill(alice, days, "project")
    fill(alice, [date(2026, 4, 4), date(2026, 4, 11)], "project")  # two Saturdays
    assert tace.by_user(personas.org, *APRIL, user_ids=[alice.user_id])[alice.user_id].tace == Decimal(
        "109.52"
    )


def test_a_team_is_a_ratio_of_sums_not_an_average(personas):
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
    figures = tace.by_user(personas.org, *APRIL, user_ids=[alice.user_id, bob.user_id])
    team_figures = tace.total(figures.values())
    assert team_figures.tace == Decimal("91.95")  # (119 + 105) / (133 + 110.6), not (89.47 + 94.94) / 2


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.lists(
        st.tuples(st.integers(0, 89), st.sampled_from(["project", "paid_leave", "bench", "training"])),
        max_size=40,
        unique_by=lambda item: item[0],
    )
)
def test_a_period_is_the_ratio_of_its_sub_periods(personas, plan):
    alice = personas.consultant
    TimeEntry.objects.filter(user=alice.user).delete()
    start = date(2026, 1, 1)
    for code in {c for _offset, c in plan}:
        days = [start + timedelta(days=offset) for offset, c in plan if c == code]
        fill(alice, days, code)
    end = date(2026, 3, 31)
    whole = tace.by_user(personas.org, start, end, user_ids=[alice.user_id])[alice.user_id]
    months = tace.by_user_and_month(personas.org, start, end, user_ids=[alice.user_id])
    parts = tace.total(months.values())
    assert parts == whole
    assert parts.tace == whole.tace


def test_by_month_equals_the_per_person_months_grouped(personas):
    alice, bob = personas.consultant, personas.colleague
    bob.contract_ratio = Decimal("0.80")
    bob.start_date = date(2026, 4, 15)
    bob.save()
    fill(alice, worked(alice, date(2026, 3, 10), date(2026, 4, 20)), "project")
    fill(bob, worked(bob, *APRIL)[:3], "paid_leave")
    per_person = tace.by_user_and_month(personas.org, date(2026, 3, 10), date(2026, 4, 30))
    grouped = tace.group(per_person, key=lambda k: k[1])
    assert tace.by_month(personas.org, date(2026, 3, 10), date(2026, 4, 30)) == grouped
