"""The TACE policy in the engine: each month counts by the policy in force on its 1st, against cases
computed by hand.

The ESN used to keep sick leave in the denominator (its ``sick_leave`` type is not flagged as leave) and to
count training as non-billable. From April 2026 its policy counts training as billable and removes sick
leave from the denominator. Alice (full time, 7 h a day) enters the same month twice:

- March 2026, 22 worked days (154 h): 15 days of mission, 2 of training (23–24), 1 sick (25), 2 CP (26–27),
  2 of bench (30–31);
- April 2026, 21 worked days (147 h; Easter Monday the 6th): 2 of training (1–2), 1 sick (3), 2 CP (7–8),
  1 of bench (9), 15 of mission (10–30).
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from timetrack.kpis import policies, tace
from timetrack.kpis.forecast import forecast_by_user
from timetrack.kpis.policies import Classification
from timetrack.kpis.services import add_policy
from timetrack.kpis.tests.test_tace import fill, worked
from timetrack.timesheets.models import ActivityType
from timetrack.timesheets.selectors import activity_types

pytestmark = pytest.mark.django_db
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
BOTH = (date(2026, 3, 1), date(2026, 4, 30))


def types(org, *codes) -> list[ActivityType]:
    return list(ActivityType.objects.for_org(org).filter(code__in=codes))


def april_policy(personas, **kwargs):
    """From April 2026: training is billable, sick leave leaves the denominator."""
    org = personas.org
    return add_policy(
        actor=personas.admin,
        effective_from=date(2026, 4, 1),
        billable_types=types(org, "project", "training"),
        leave_types=types(org, "paid_leave", "rtt", "sick_leave", "unpaid_leave"),
        confirm_past=True,
        **kwargs,
    )


@pytest.fixture
def two_months(personas):
    org, alice = personas.org, personas.consultant
    activity_types(org)
    ActivityType.objects.for_org(org).filter(code="sick_leave").update(counts_as_leave=False)
    march = worked(alice, *MARCH)
    fill(alice, march[:15], "project")
    fill(alice, march[15:17], "training")
    fill(alice, march[17:18], "sick_leave")
    fill(alice, march[18:20], "paid_leave")
    fill(alice, march[20:], "bench")
    april = worked(alice, *APRIL)
    fill(alice, april[:2], "training")
    fill(alice, april[2:3], "sick_leave")
    fill(alice, april[3:5], "paid_leave")
    fill(alice, april[5:6], "bench")
    fill(alice, april[6:], "project")
    return alice


def figures_of(personas, start, end):
    alice = personas.consultant.user_id
    return tace.by_user(personas.org, start, end, user_ids=[alice])[alice]


def test_without_a_policy_the_flags_count(personas, two_months):
    march, april = figures_of(personas, *MARCH), figures_of(personas, *APRIL)
    assert (march.possible_hours, march.leave_hours, march.billable_hours) == (154, 14, 105)
    assert march.tace == Decimal("75.00")  # 105 / 140
    assert (april.possible_hours, april.leave_hours, april.billable_hours) == (147, 14, 105)
    assert april.tace == Decimal("78.95")  # 105 / 133


def test_a_policy_changes_its_months_and_not_the_earlier_ones(personas, two_months):
    april_policy(personas)
    march, april = figures_of(personas, *MARCH), figures_of(personas, *APRIL)
    assert march.tace == Decimal("75.00")  # unchanged
    assert (april.leave_hours, april.billable_hours, april.bench_hours) == (21, 119, 7)
    assert april.tace == Decimal("94.44")  # 119 / (147 − 21)
    assert april.taci == Decimal("80.95")  # 119 / 147
    assert april.bench_rate == Decimal("5.56")  # 7 / 126


def test_a_period_over_both_months_is_the_ratio_of_sums_of_each_months_policy(personas, two_months):
    april_policy(personas)
    both = figures_of(personas, *BOTH)
    assert (both.possible_hours, both.leave_hours, both.billable_hours) == (301, 35, 224)
    assert both.tace == Decimal("84.21")  # (105 + 119) / (301 − 14 − 21)
    assert both == figures_of(personas, *MARCH) + figures_of(personas, *APRIL)
    months = tace.by_month(personas.org, *BOTH, user_ids=[personas.consultant.user_id])
    assert (months["2026-03"].tace, months["2026-04"].tace) == (Decimal("75.00"), Decimal("94.44"))
    per_month = tace.by_user_and_month(personas.org, *BOTH, user_ids=[personas.consultant.user_id])
    assert tace.total(per_month.values()) == both


def test_a_partial_period_counts_each_half_by_its_own_months_policy(personas, two_months):
    """16 March – 15 April: March's half (12 days, 84 h) by the flags, April's (10 days, 70 h) by the
    policy."""
    april_policy(personas)
    span = (date(2026, 3, 16), date(2026, 4, 15))
    figures = figures_of(personas, *span)
    # March: 5 days of mission, 2 CP; April: 4 of mission + 2 of training, 2 CP + 1 sick.
    assert (figures.possible_hours, figures.leave_hours, figures.billable_hours) == (154, 35, 77)
    assert figures.tace == Decimal("64.71")  # 77 / 119
    months = tace.by_month(personas.org, *span, user_ids=[personas.consultant.user_id])
    assert (months["2026-03"].tace, months["2026-04"].tace) == (Decimal("50.00"), Decimal("85.71"))


def test_a_later_policy_ends_the_earlier_one(personas, two_months):
    org = personas.org
    add_policy(
        actor=personas.admin,
        effective_from=date(2026, 3, 1),
        billable_types=types(org, "project", "training"),
        leave_types=types(org, "paid_leave", "rtt"),
        confirm_past=True,
    )
    april_policy(personas)
    march = figures_of(personas, *MARCH)
    assert (march.leave_hours, march.billable_hours) == (14, 119)  # training billable, sick leave not leave
    assert march.tace == Decimal("85.00")  # 119 / 140
    assert figures_of(personas, *APRIL).tace == Decimal("94.44")


def test_validated_only_goes_through_the_same_policy(personas, two_months):
    april_policy(personas)
    alice = personas.consultant.user_id
    figures = tace.by_user(personas.org, *APRIL, user_ids=[alice], validated_only=True)[alice]
    assert figures.billable_hours == 0  # nothing validated; the query runs with the policy's conditions


def test_every_consumer_counts_by_the_policy(personas, two_months, login):
    april_policy(personas)
    api = personas.api(personas.admin)
    both = {"from": "2026-03-01", "to": "2026-04-30", "user": personas.consultant.user_id}
    report = api.get("/api/v1/reports/tace", {**both, "group_by": "month"})
    assert [row["tace"] for row in report.json()["results"]] == ["75.00", "94.44"]
    assert api.get("/api/v1/reports/tace", both).json()["total"]["tace"] == "84.21"
    with time_machine.travel(date(2026, 4, 30), tick=False):  # nothing left to project: actual = forecast
        forecast = forecast_by_user(personas.org, 2026, 4, user_ids=[personas.consultant.user_id])
        content = (
            login(personas.admin)
            .get(
                reverse("kpis:organisation"), {"period": "custom", "start": "2026-04-01", "end": "2026-04-30"}
            )
            .content.decode()
        )
    assert forecast[personas.consultant.user_id].tace == Decimal("94.44")
    assert "94,44 %" in content


def test_the_policies_cost_one_query_whatever_the_period(personas, two_months):
    alice = [personas.consultant.user_id]
    span = (date(2026, 2, 16), date(2026, 4, 15))  # a partial month, a whole one, a partial one

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            tace.by_user(personas.org, *span, user_ids=alice)
        return len(queries)

    before = count()
    april_policy(personas)
    add_policy(
        actor=personas.admin,
        effective_from=date(2026, 3, 1),
        billable_types=types(personas.org, "project"),
        leave_types=types(personas.org, "paid_leave", "rtt"),
        confirm_past=True,
    )
    assert count() == before
    timeline = policies.timeline_of(personas.org)
    with CaptureQueriesContext(connection) as queries:
        tace.by_user(personas.org, *span, user_ids=alice, timeline=timeline)
    assert len(queries) == before - 1


# The timeline itself (pure)

A = Classification(frozenset({1}), frozenset({2}))
B = Classification(frozenset({1, 3}), frozenset({2, 4}))
TIMELINE = [(date(2026, 1, 1), A), (date(2026, 4, 1), B)]


@pytest.mark.parametrize(
    "month, expected",
    [
        (date(2025, 12, 1), None),
        (date(2026, 1, 1), A),
        (date(2026, 3, 1), A),
        (date(2026, 4, 1), B),
        (date(2027, 1, 1), B),
    ],
)
def test_the_policy_in_force_is_the_latest_started(month, expected):
    assert policies.in_force(TIMELINE, month) == expected


def test_no_policy_gives_the_flags_conditions():
    assert policies.conditions([], [date(2026, 3, 1)], lambda months: None) == policies.BY_FLAGS


def test_the_timeline_is_read_with_both_sets(personas):
    org = personas.org
    activity_types(org)
    policy = april_policy(personas)
    [(day, classification)] = policies.timeline_of(org)
    assert day == policy.effective_from
    assert classification.billable == {t.pk for t in types(org, "project", "training")}
    assert classification.leave == {
        t.pk for t in types(org, "paid_leave", "rtt", "sick_leave", "unpaid_leave")
    }
