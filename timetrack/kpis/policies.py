"""Which activity types the TACE counts as billable and as leave, month by month.

An organisation's ``TacePolicy`` rows form a timeline: a month is classified by the policy in force on
its 1st (the latest whose ``effective_from`` is on or before that day). A month before the first policy,
and every month of an organisation without one, counts by the activity types' own flags (``billable``,
``counts_as_leave``). ``conditions`` turns the timeline into the two SQL conditions the engine
(``tace._sums``) aggregates with: nothing else decides what is billable or leave.
"""

import operator
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import reduce

from django.db.models import Q

from timetrack.kpis.models import TacePolicy


@dataclass(frozen=True)
class Classification:
    """The activity type ids counted as billable and as leave by one policy."""

    billable: frozenset[int]
    leave: frozenset[int]


Timeline = list[tuple[date, Classification]]  # oldest first

BY_FLAGS = (Q(activity_type__counts_as_leave=True), Q(activity_type__billable=True))


def timeline_of(org) -> Timeline:
    """The organisation's policies, oldest first, in one query (joining both sets multiplies the rows of a
    policy: a few dozen at most)."""
    rows = (
        TacePolicy.objects.for_org(org)
        .order_by("effective_from")
        .values_list("effective_from", "billable_types", "leave_types")
    )
    sets: dict[date, tuple[set, set]] = {}
    for day, billable, leave in rows:
        billable_ids, leave_ids = sets.setdefault(day, (set(), set()))
        if billable is not None:
            billable_ids.add(billable)
        if leave is not None:
            leave_ids.add(leave)
    return [(day, Classification(frozenset(b), frozenset(lv))) for day, (b, lv) in sets.items()]


def in_force(timeline: Timeline, month: date) -> Classification | None:
    """The classification of ``month`` (its 1st), None when it counts by the types' own flags."""
    found = None
    for start, classification in timeline:
        if start > month:
            break
        found = classification
    return found


def conditions(timeline: Timeline, months: list[date], rows_of: Callable[[list[date]], Q]) -> tuple[Q, Q]:
    """(leave, billable): the conditions on rows of ``months`` (their 1sts) that count them as leave and
    as billable, each month by its own policy. ``rows_of(some_months)`` selects the rows of those months.

    Without any policy over ``months`` these are the flags' conditions, exactly the query the engine always
    ran; under a single classification no month condition is needed either."""
    groups: dict[Classification | None, list[date]] = defaultdict(list)
    for month in months:
        groups[in_force(timeline, month)].append(month)
    if len(groups) <= 1:
        return _of(next(iter(groups), None))
    parts = [(rows_of(group), _of(classification)) for classification, group in groups.items()]
    return (
        reduce(operator.or_, (rows & leave for rows, (leave, _b) in parts)),
        reduce(operator.or_, (rows & billable for rows, (_l, billable) in parts)),
    )


def _of(classification: Classification | None) -> tuple[Q, Q]:
    if classification is None:
        return BY_FLAGS
    return (
        Q(activity_type_id__in=sorted(classification.leave)),
        Q(activity_type_id__in=sorted(classification.billable)),
    )


def classification_on(org, month: date, activity_types) -> Classification:
    """The sets in force in ``month``: its policy's, else those the types' own flags give (as ``BY_FLAGS``)
    — what the screen shows as the starting point of a new policy."""
    return in_force(timeline_of(org), month) or Classification(
        frozenset(t.pk for t in activity_types if t.billable),
        frozenset(t.pk for t in activity_types if t.counts_as_leave),
    )
