"""Preventive alerts: raised once per crossing, not repeated while the condition holds, resolved when it
stops, told to the right people (margins only to admin and finance)."""

from datetime import date
from decimal import Decimal

import pytest

from timetrack.notifications.models import Notification, OutboundEmail
from timetrack.profitability import alerts
from timetrack.profitability.models import Alert, AlertKind
from timetrack.projects.services import update_project
from timetrack.timesheets.services import Cell, save_entries

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 30)


def evaluate(books):
    return alerts.evaluate(books.org, today=TODAY)


def open_kinds(books):
    return sorted(Alert.objects.for_org(books.org).active().values_list("kind", flat=True))


def clear(books, days):
    person = books.p.consultant
    save_entries(
        actor=person,
        person=person,
        cells=[Cell(day, books.types["project"], books.project, Decimal(0), "days") for day in days],
    )


@pytest.fixture
def healthy(books):
    """Budget of 10 days, TJM 500 € and CJM 300 € (40 % margin: above the 25 % target)."""
    books.project.budget_days = Decimal("10")
    books.project.save()
    return books


def test_a_budget_warning_is_raised_once_and_not_repeated(healthy):
    healthy.log(healthy.weekdays(date(2026, 3, 2), date(2026, 3, 10)))  # 7 days: 70 %
    assert evaluate(healthy)["raised"] == []
    healthy.log({date(2026, 3, 11): "1"})  # 8 days: 80 %
    first = evaluate(healthy)
    assert open_kinds(healthy) == [AlertKind.BUDGET_WARNING]
    assert len(first["raised"]) == 1
    alert = Alert.objects.get(pk=first["raised"][0])
    assert alert.severity == "warning"
    assert alert.value == Decimal("80.00") and alert.threshold == Decimal("80.00")
    assert "a consommé 80,00 % de son budget" in alert.message
    healthy.log({date(2026, 3, 12): "0.5"})  # 85 %: still holding, nothing new
    assert evaluate(healthy) == {"raised": [], "resolved": []}
    assert Alert.objects.count() == 1


def test_it_is_resolved_when_the_condition_stops_and_raised_again_on_a_new_crossing(healthy):
    healthy.log(healthy.weekdays(date(2026, 3, 2), date(2026, 3, 11)))  # 8 days
    evaluate(healthy)
    clear(healthy, [date(2026, 3, 11)])  # back to 70 %
    result = evaluate(healthy)
    assert len(result["resolved"]) == 1
    assert open_kinds(healthy) == []
    assert Alert.objects.get().resolved_at is not None
    healthy.log({date(2026, 3, 11): "1"})
    evaluate(healthy)
    assert Alert.objects.count() == 2  # a second crossing, a second alert
    assert open_kinds(healthy) == [AlertKind.BUDGET_WARNING]


def test_an_overrun_raises_both_thresholds(healthy):
    healthy.log(healthy.weekdays(date(2026, 3, 2), date(2026, 3, 13)))  # 10 days: 100 %
    evaluate(healthy)
    assert open_kinds(healthy) == [AlertKind.BUDGET_EXCEEDED, AlertKind.BUDGET_WARNING]
    assert Alert.objects.get(kind=AlertKind.BUDGET_EXCEEDED).severity == "critical"


def test_thresholds_come_from_the_organisation(healthy):
    healthy.org.budget_warning_percent = Decimal("50")
    healthy.org.save()
    healthy.log(healthy.weekdays(date(2026, 3, 2), date(2026, 3, 6)))  # 5 days: 50 %
    evaluate(healthy)
    assert open_kinds(healthy) == [AlertKind.BUDGET_WARNING]


def test_budget_alerts_go_to_the_project_manager_and_the_admins(healthy):
    healthy.log(healthy.weekdays(date(2026, 3, 2), date(2026, 3, 11)))
    evaluate(healthy)
    told = set(Notification.objects.filter(event="project_alert").values_list("recipient__email", flat=True))
    assert told == {"admin@alpha.test", "manager@alpha.test"}
    assert OutboundEmail.objects.filter(to_email="manager@alpha.test").count() == 1


def test_a_thin_margin_is_told_to_admin_and_finance_only(healthy):
    healthy.project.budget_days = None
    healthy.project.save()
    healthy.assignment.daily_rate = Decimal("350.00")  # (350 − 300) / 350 = 14,29 % < 25 %
    healthy.assignment.save()
    from timetrack.profitability import rollup

    rollup.recompute_person(healthy.org, healthy.p.consultant.user_id)
    healthy.log({date(2026, 3, 2): "1"})
    evaluate(healthy)
    alert = Alert.objects.get()
    assert alert.kind == AlertKind.MARGIN_BELOW_TARGET
    assert alert.value == Decimal("14.29")
    told = set(Notification.objects.filter(event="project_alert").values_list("recipient__email", flat=True))
    assert told == {"admin@alpha.test", "finance@alpha.test"}  # never the project manager


def test_a_forecast_above_the_budget_is_raised(healthy):
    healthy.project.end_date = date(2026, 7, 31)  # July: 22 worked days planned at 100 %
    healthy.project.save()
    healthy.log({date(2026, 6, 29): "1"})
    evaluate(healthy)
    assert AlertKind.FORECAST_OVER_BUDGET in open_kinds(healthy)
    alert = Alert.objects.get(kind=AlertKind.FORECAST_OVER_BUDGET)
    assert (alert.value, alert.threshold) == (Decimal("23.00"), Decimal("10.00"))


def test_work_after_the_projects_end_is_raised_per_person(healthy, django_capture_on_commit_callbacks):
    healthy.log({date(2026, 3, 12): "1", date(2026, 3, 13): "0.5"})
    with django_capture_on_commit_callbacks(execute=True):
        update_project(actor=healthy.p.admin, project=healthy.project, end_date=date(2026, 3, 10))
    alert = Alert.objects.get(kind=AlertKind.WORK_AFTER_END)
    assert alert.user_id == healthy.p.consultant.user_id
    assert alert.value == Decimal("1.50")
    assert "après sa fin, le 10/03/2026" in alert.message


def test_the_worker_evaluates_after_each_saved_change(healthy, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        healthy.log(healthy.weekdays(date(2026, 3, 2), date(2026, 3, 11)))
    assert open_kinds(healthy) == [AlertKind.BUDGET_WARNING]
    with django_capture_on_commit_callbacks(execute=True):
        clear(healthy, [date(2026, 3, 11)])
    assert open_kinds(healthy) == []


def test_two_evaluations_racing_keep_one_open_alert(healthy):
    healthy.log(healthy.weekdays(date(2026, 3, 2), date(2026, 3, 11)))
    condition = next(c for c in alerts.conditions(healthy.org, today=TODAY))
    assert alerts._raise(healthy.org, condition) is not None
    assert alerts._raise(healthy.org, condition) is None  # the open-alert index refuses a twin
    assert Alert.objects.count() == 1


def test_another_organisations_alerts_are_untouched(healthy, personas):
    healthy.log(healthy.weekdays(date(2026, 3, 2), date(2026, 3, 11)))
    alerts.evaluate(personas.other_org, today=TODAY)
    assert Alert.objects.count() == 0
