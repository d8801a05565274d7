"""Which TJM and which CJM are in force on a day: one rule, read from the rates loaded once.

The TJM of a person's work on a project on a day is the one of the assignment covering that day (the
latest started when several do): the assignment's own ``daily_rate`` from its start, then each
``AssignmentRate`` from its ``effective_from``. The CJM is the person's latest ``CostRate`` whose
``effective_from`` is on or before the day. None when no rate is known.
"""

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from timetrack.lib.rawsql import Columns, prepared_cursor
from timetrack.profitability.models import AssignmentRate, CostRate
from timetrack.projects.models import Assignment


@dataclass
class _Staffing:
    start: date
    end: date | None
    days: list[date] = field(default_factory=list)  # effective dates, sorted
    rates: list[Decimal | None] = field(default_factory=list)

    def rate_on(self, day: date) -> Decimal | None:
        index = bisect_right(self.days, day) - 1
        return self.rates[index] if index >= 0 else None


@dataclass
class RateBook:
    """The sell and cost rates of some people, looked up per day in O(log n)."""

    staffings: dict[tuple[int, int], list[_Staffing]] = field(default_factory=dict)  # (user, project)
    cost_days: dict[int, list[date]] = field(default_factory=dict)
    cost_rates: dict[int, list[Decimal]] = field(default_factory=dict)

    def tjm(self, user_id: int, project_id: int, day: date) -> Decimal | None:
        covering = [
            s
            for s in self.staffings.get((user_id, project_id), ())
            if s.start <= day and (s.end is None or day <= s.end)
        ]
        return covering[-1].rate_on(day) if covering else None

    def steady(self, user_id: int, project_id: int, first: date, last: date) -> bool:
        """True when neither the TJM nor the CJM of this person on this project can change between
        ``first`` and ``last``: no assignment starts or ends inside, no rate change takes effect inside."""

        def inside(day: date) -> bool:
            return first < day <= last

        for staffing in self.staffings.get((user_id, project_id), ()):
            if inside(staffing.start) or (staffing.end is not None and first <= staffing.end < last):
                return False
            if any(inside(day) for day in staffing.days[1:]):
                return False
        return not any(inside(day) for day in self.cost_days.get(user_id, ()))

    def cjm(self, user_id: int, day: date) -> Decimal | None:
        days = self.cost_days.get(user_id)
        if not days:
            return None
        index = bisect_right(days, day) - 1
        return self.cost_rates[user_id][index] if index >= 0 else None


def load_rates(org, *, user_ids=None, project_ids=None) -> RateBook:
    """The rates of ``org`` (optionally of some people / projects) in two queries."""
    assignments = Assignment.objects.for_org(org)
    costs = CostRate.objects.for_org(org)
    if user_ids is not None:
        assignments = assignments.filter(user_id__in=user_ids)
        costs = costs.filter(user_id__in=user_ids)
    if project_ids is not None:
        assignments = assignments.filter(project_id__in=project_ids)
    # one row per assignment and TJM change (LEFT JOIN): one query for every sell rate
    rows = assignments.order_by("start_date", "id", "rates__effective_from").values_list(
        "id",
        "user_id",
        "project_id",
        "start_date",
        "end_date",
        "daily_rate",
        "rates__effective_from",
        "rates__daily_rate",
    )
    cost_rows = costs.order_by("user_id", "effective_from").values_list(
        "user_id", "effective_from", "daily_cost"
    )
    return _book(rows, cost_rows)


@cache
def _person_statements() -> tuple[list[Columns], str, Columns, str]:
    staffing = Columns(
        Assignment, "a", ["id", "user_id", "project_id", "start_date", "end_date", "daily_rate"]
    )
    change = Columns(AssignmentRate, "r", ["effective_from", "daily_rate"])
    sell = (
        f"SELECT {staffing.select}, {change.select} FROM {Assignment._meta.db_table} a "  # noqa: S608 - names
        f"LEFT JOIN {AssignmentRate._meta.db_table} r ON r.assignment_id = a.id "
        "WHERE a.organization_id = %s AND a.user_id = %s AND a.project_id IN ({projects}) "
        "ORDER BY a.start_date, a.id, r.effective_from"
    )
    cost = Columns(CostRate, "c", ["user_id", "effective_from", "daily_cost"])
    costs = cost.select_where("c.organization_id = %s AND c.user_id = %s ORDER BY c.effective_from")
    return [staffing, change], sell, cost, costs


def person_rates(org_id: int, user_id: int, project_ids: list[int]) -> RateBook:
    """``load_rates`` of one person on some projects, in two prepared statements: every save of project
    work reads them."""
    (staffing, change), sell, cost, costs = _person_statements()
    with prepared_cursor() as cursor:
        cursor.execute(
            sell.format(projects=", ".join(["%s"] * len(project_ids))), [org_id, user_id, *project_ids]
        )
        rows = [staffing.values(row[: len(staffing)]) + change.values(row[len(staffing) :]) for row in cursor]
        cursor.execute(costs, [org_id, user_id])
        cost_rows = [cost.values(row) for row in cursor]
    return _book(rows, cost_rows)


def _book(sell_rows, cost_rows) -> RateBook:
    """A rate book from (assignment, user, project, start, end, rate, change date, changed rate) rows in
    start, assignment and change date order, and (user, date, cost) rows in user and date order."""
    book = RateBook()
    staffing_of: dict[int, _Staffing] = {}
    for assignment_id, user_id, project_id, start, end, rate, changed_on, changed in sell_rows:
        staffing = staffing_of.get(assignment_id)
        if staffing is None:
            staffing = staffing_of[assignment_id] = _Staffing(start, end, [start], [rate])
            book.staffings.setdefault((user_id, project_id), []).append(staffing)
        if changed_on is None:
            continue
        if changed_on <= start:  # a change dated on or before the start replaces the initial rate
            staffing.rates[0] = changed
        else:
            staffing.days.append(changed_on)
            staffing.rates.append(changed)
    for user_id, day, cost in cost_rows:
        book.cost_days.setdefault(user_id, []).append(day)
        book.cost_rates.setdefault(user_id, []).append(cost)
    return book
