"""The demo shows the profitability situations the issue asks for, whatever day it is seeded: checked as
states through the engine (the figures themselves depend on the date). Two seeds only: the seed is slow."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from timetrack.notifications.models import Notification, OutboundEmail
from timetrack.orgs.models import Membership, Organization
from timetrack.profitability import engine
from timetrack.profitability.models import Alert, AlertKind, AssignmentRate, CostRate
from timetrack.projects.models import Assignment, BillingMode
from timetrack.timesheets.models import TimeEntry

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
T_AND_M, FIXED = BillingMode.TIME_AND_MATERIALS, BillingMode.FIXED_PRICE


def seed(moment: datetime):
    with time_machine.travel(moment, tick=False):
        call_command("seed_demo", stdout=StringIO())
        org = Organization.objects.get(slug="demo-esn")
        return org, {f.project.code: f for f in engine.projects(org, None, None)}


def open_alerts(org, figures) -> set[str]:
    return set(
        Alert.objects.for_org(org).active().filter(project=figures.project).values_list("kind", flat=True)
    )


def healthy(org, figures):
    return [
        f
        for f in figures.values()
        if f.project.billing_mode in (T_AND_M, FIXED)
        and 30 <= f.money.margin_rate <= 45
        and f.budget_consumed_percent < org.budget_warning_percent
        and f.status(with_margin=True) == "ok"
    ]


def near_budget(org, figures):
    return [
        f
        for f in figures.values()
        if f.budget_consumed_percent is not None
        and org.budget_warning_percent <= f.budget_consumed_percent < 95
        and f.money.margin_rate >= org.margin_target_percent  # only its budget is the matter
    ]


def fixed_price_overrun(org, figures):
    return [
        f
        for f in figures.values()
        if f.project.billing_mode == FIXED
        and f.budget_consumed_percent > 100
        and f.money.revenue == f.project.fixed_price  # capped: the overrun earns nothing
        and f.money.margin_rate < org.margin_target_percent
    ]


def thin_margin(org, figures):
    return [
        f
        for f in figures.values()
        if f.project.billing_mode == T_AND_M
        and 0 < f.money.margin_rate < org.margin_target_percent
        and f.budget_consumed_percent < org.budget_warning_percent  # only its margin is the matter
    ]


def assert_the_four_states(org, figures):
    assert len([f for f in healthy(org, figures) if f.project.billing_mode == T_AND_M]) >= 3
    assert len(near_budget(org, figures)) == 1
    assert len(fixed_price_overrun(org, figures)) == 1
    assert len(thin_margin(org, figures)) == 1


def test_the_demo_shows_healthy_projects_one_near_its_budget_one_overrun_fixed_price_one_thin_margin():
    org, figures = seed(datetime(2026, 12, 4, 10, tzinfo=PARIS))
    assert_the_four_states(org, figures)

    (near,) = near_budget(org, figures)
    assert near.project.project_manager.email == "manager@demo.timetrack.test"  # the PM view shows it
    assert AlertKind.BUDGET_WARNING in open_alerts(org, near)
    assert AlertKind.BUDGET_EXCEEDED not in open_alerts(org, near)
    (over,) = fixed_price_overrun(org, figures)
    assert {AlertKind.BUDGET_EXCEEDED, AlertKind.MARGIN_BELOW_TARGET} <= open_alerts(org, over)
    (thin,) = thin_margin(org, figures)
    assert AlertKind.MARGIN_BELOW_TARGET in open_alerts(org, thin)
    for f in healthy(org, figures):
        assert not open_alerts(org, f), f.project
    # the alerts were told in the application, and the seed e-mails nobody
    assert Notification.objects.for_org(org).filter(event="project_alert").exists()
    assert not OutboundEmail.objects.for_org(org).exists()

    # every person has a CJM from their first day of work; one CJM and one TJM change mid-period
    rates = CostRate.objects.for_org(org)
    people = set(Membership.objects.for_org(org).values_list("user_id", flat=True))
    assert set(rates.values_list("user_id", flat=True)) == people
    for user_id in people:
        first = TimeEntry.objects.for_org(org).filter(user_id=user_id).order_by("date").first()
        if first is not None:
            assert rates.filter(user_id=user_id, effective_from__lte=first.date).exists(), user_id
    assert rates.count() == len(people) + 1
    assert AssignmentRate.objects.for_org(org).count() == 1
    # TJMs on every billable assignment, budgets and dates on every client project, all work valued
    billable = Assignment.objects.for_org(org).exclude(project__billing_mode=BillingMode.INTERNAL)
    assert billable.exists()
    assert all(450 <= a.daily_rate <= 850 for a in billable)
    for f in figures.values():
        if f.project.client_id is not None:
            assert f.project.budget_days and f.project.budget_amount and f.project.end_date, f.project
            assert f.unpriced_days == 0 and f.uncosted_days == 0, f.project


def test_the_states_hold_whatever_day_the_demo_is_seeded():
    # the first day of a month (its CRA still empty), the demo's months across a new year
    org, figures = seed(datetime(2027, 3, 1, 8, tzinfo=PARIS))
    assert_the_four_states(org, figures)
