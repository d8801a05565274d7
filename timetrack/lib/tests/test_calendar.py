"""The working calendar against cases counted by hand on a paper calendar."""

from datetime import date
from decimal import Decimal

import pytest

from timetrack.lib.calendar import FR, FR_ALSACE_MOSELLE, WorkSchedule, month_bounds, public_holidays

FULL = WorkSchedule(calendar=FR)
ALSACE = WorkSchedule(calendar=FR_ALSACE_MOSELLE)


@pytest.mark.parametrize(
    ("year", "month", "fr_days", "alsace_days"),
    [
        (2025, 12, 22, 21),  # 23 weekdays; Christmas (Thu); Alsace-Moselle also 26 Dec (Fri)
        (2026, 4, 21, 20),  # 22 weekdays; Easter Monday 6th; Alsace-Moselle also Good Friday 3rd
        (2026, 5, 17, 17),  # 21 weekdays; 1st, 8th (Fridays), Ascension 14th, Whit Monday 25th
        (2027, 3, 22, 21),  # 23 weekdays; Easter Monday 29th; Good Friday 26th in Alsace-Moselle
        (2027, 5, 19, 19),  # 1st and 8th fall on Saturdays; Ascension 6th and Whit Monday 17th
        (2026, 2, 20, 20),  # no holiday
    ],
)
def test_it_counts_the_working_days_of_a_month(year, month, fr_days, alsace_days):
    first, last = month_bounds(year, month)
    assert len(FULL.worked_days(first, last)) == fr_days
    assert len(ALSACE.worked_days(first, last)) == alsace_days


@pytest.mark.parametrize(("calendar", "days"), [(FR, 251), (FR_ALSACE_MOSELLE, 249)])
def test_it_counts_the_working_days_of_2025(calendar, days):
    # 261 weekdays; 10 holidays on weekdays in France (1 Nov is a Saturday), 12 in Alsace-Moselle.
    assert len(WorkSchedule(calendar=calendar).worked_days(date(2025, 1, 1), date(2025, 12, 31))) == days


def test_full_time_possible_hours_of_april_2026():
    assert FULL.possible_hours(*month_bounds(2026, 4)) == Decimal("147.00")


def test_part_time_lowers_possible_hours_not_the_day():
    part_time = WorkSchedule(calendar=FR, ratio=Decimal("0.80"))
    assert part_time.possible_hours(*month_bounds(2026, 4)) == Decimal("117.60")
    assert part_time.possible_days(*month_bounds(2026, 4)) == Decimal("16.80")


def test_an_arrival_on_the_15th_counts_from_that_day():
    arrival = WorkSchedule(calendar=FR, employed_from=date(2026, 4, 15))
    # 15–17, 20–24, 27–30 April 2026: 12 working days.
    assert arrival.possible_hours(*month_bounds(2026, 4)) == Decimal("84.00")
    assert not arrival.is_worked(date(2026, 4, 14))
    assert arrival.is_worked(date(2026, 4, 15))


def test_a_departure_mid_month_counts_until_that_day():
    departure = WorkSchedule(calendar=FR, employed_until=date(2025, 12, 12))
    assert departure.possible_hours(*month_bounds(2025, 12)) == Decimal("70.00")


def test_an_alsace_part_timer_arriving_mid_month_with_a_holiday():
    schedule = WorkSchedule(
        calendar=FR_ALSACE_MOSELLE, ratio=Decimal("0.50"), employed_from=date(2025, 12, 22)
    )
    # 22, 23, 24, 29, 30, 31 December 2025 (25 and 26 are holidays there): 6 days × 7 h × 0.5.
    assert schedule.possible_hours(*month_bounds(2025, 12)) == Decimal("21.00")


def test_the_organisation_day_length_applies():
    assert WorkSchedule(hours_per_day=Decimal("7.5")).possible_hours(*month_bounds(2026, 2)) == Decimal(
        "150.00"
    )


def test_weekends_and_holidays_are_not_worked():
    assert not FULL.is_working_day(date(2026, 4, 4))  # Saturday
    assert not FULL.is_working_day(date(2026, 4, 6))  # Easter Monday
    assert FULL.is_working_day(date(2026, 4, 3))  # Good Friday is worked outside Alsace-Moselle
    assert not ALSACE.is_working_day(date(2026, 4, 3))


def test_a_six_day_week_organisation():
    saturdays = WorkSchedule(weekdays=frozenset(range(6)))
    assert saturdays.is_working_day(date(2026, 4, 4))
    assert len(saturdays.worked_days(*month_bounds(2026, 2))) == 24


def test_holidays_have_french_names():
    names = public_holidays(FR_ALSACE_MOSELLE, date(2025, 12, 1), date(2026, 4, 30))
    assert names[date(2025, 12, 26)] == "Saint-Étienne"
    assert names[date(2026, 4, 3)] == "Vendredi saint"
    assert list(names) == sorted(names)


def test_an_empty_period_has_no_possible_hours():
    assert FULL.possible_hours(date(2026, 4, 4), date(2026, 4, 5)) == Decimal("0.00")


@pytest.mark.parametrize("calendar", [FR, FR_ALSACE_MOSELLE])
def test_the_fast_count_agrees_with_walking_the_days(calendar):
    schedule = WorkSchedule(
        calendar=calendar, employed_from=date(2025, 3, 17), employed_until=date(2027, 2, 3)
    )
    for start, end in [
        (date(2025, 1, 1), date(2027, 12, 31)),
        (date(2025, 12, 20), date(2026, 1, 10)),
        (date(2026, 4, 3), date(2026, 4, 3)),
        (date(2027, 2, 4), date(2027, 3, 1)),
    ]:
        assert schedule.worked_day_count(start, end) == len(schedule.worked_days(start, end))
