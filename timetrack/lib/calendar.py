"""The working calendar: which days are worked and how many hours a person can work in a period.

Pure functions over plain values (no database): the CRA grid, its rules, the TACE and every later
feature ask this module, so that "possible hours" means the same thing everywhere.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

import holidays

from timetrack.lib.numbers import quantize2

FR = "FR"
FR_ALSACE_MOSELLE = "FR-Alsace-Moselle"
# Calendar name → (country, subdivision) in the `holidays` package. Alsace-Moselle adds
# Good Friday and 26 December (Moselle's code 57 carries both for the three départements).
CALENDARS: dict[str, tuple[str, str | None]] = {FR: ("FR", None), FR_ALSACE_MOSELLE: ("FR", "57")}
MONDAY_TO_FRIDAY = frozenset(range(5))


@lru_cache(maxsize=256)
def _holidays_of_year(calendar: str, year: int, language: str) -> dict[date, str]:
    country, subdivision = CALENDARS[calendar]
    return dict(holidays.country_holidays(country, subdiv=subdivision, years=year, language=language))


def public_holidays(calendar: str, start: date, end: date, *, language: str = "fr") -> dict[date, str]:
    """Public holidays of ``calendar`` between ``start`` and ``end`` included, with their names."""
    found: dict[date, str] = {}
    for year in range(start.year, end.year + 1):
        found.update(
            (day, name)
            for day, name in _holidays_of_year(calendar, year, language).items()
            if start <= day <= end
        )
    return dict(sorted(found.items()))


def days_between(start: date, end: date):
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


@dataclass(frozen=True)
class WorkSchedule:
    """What decides a person's possible hours: their calendar, the organisation's working weekdays and day
    length, their contract ratio and their employment dates (None: open-ended)."""

    calendar: str = FR
    weekdays: frozenset[int] = MONDAY_TO_FRIDAY
    hours_per_day: Decimal = Decimal("7")
    ratio: Decimal = Decimal("1")
    employed_from: date | None = None
    employed_until: date | None = None

    def is_employed(self, day: date) -> bool:
        return (self.employed_from is None or day >= self.employed_from) and (
            self.employed_until is None or day <= self.employed_until
        )

    def is_working_day(self, day: date) -> bool:
        """A weekday the organisation works, not a public holiday of the person's calendar."""
        return day.weekday() in self.weekdays and day not in _holidays_of_year(self.calendar, day.year, "fr")

    def is_worked(self, day: date) -> bool:
        """A working day on which the person is employed."""
        return self.is_employed(day) and self.is_working_day(day)

    def worked_days(self, start: date, end: date) -> list[date]:
        return [day for day in days_between(start, end) if self.is_worked(day)]

    def employed_between(self, start: date, end: date) -> tuple[date, date] | None:
        """[start, end] clipped to the employment, or None when they do not meet."""
        start = max(start, self.employed_from) if self.employed_from else start
        end = min(end, self.employed_until) if self.employed_until else end
        return (start, end) if start <= end else None

    def worked_day_count(self, start: date, end: date) -> int:
        """len(worked_days(start, end)), without walking the days."""
        span = self.employed_between(start, end)
        return count_working_days(self.calendar, self.weekdays, *span) if span else 0

    def possible_hours(self, start: date, end: date) -> Decimal:
        """Worked days × hours per day × contract ratio, to the hundredth."""
        return quantize2(self.worked_day_count(start, end) * self.hours_per_day * self.ratio)

    def possible_days(self, start: date, end: date) -> Decimal:
        """Worked days × contract ratio, in days."""
        return quantize2(self.worked_day_count(start, end) * self.ratio)


@lru_cache(maxsize=512)
def _working_days_of_year(calendar: str, weekdays: frozenset[int], year: int) -> tuple[date, ...]:
    """The working days of a year for a calendar, sorted: counted once, then bisected."""
    holidays_ = _holidays_of_year(calendar, year, "fr")
    return tuple(
        day
        for day in days_between(date(year, 1, 1), date(year, 12, 31))
        if day.weekday() in weekdays and day not in holidays_
    )


def count_working_days(calendar: str, weekdays: frozenset[int], start: date, end: date) -> int:
    """How many working days between ``start`` and ``end`` included, in O(log n) per year."""
    total = 0
    for year in range(start.year, end.year + 1):
        days = _working_days_of_year(calendar, weekdays, year)
        total += bisect_right(days, end) - bisect_left(days, start)
    return max(total, 0)


def month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)
