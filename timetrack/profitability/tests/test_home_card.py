"""The home page counts the open project alerts for whoever follows profitability."""

from datetime import date

import pytest

from timetrack.profitability import alerts

pytestmark = pytest.mark.django_db
HOME = "/"


def test_admins_see_the_open_alerts_and_consultants_do_not(books, login):
    books.project.budget_days = 10
    books.project.save()
    books.log(books.weekdays(date(2026, 3, 2), date(2026, 3, 11)))  # 80 % of the budget
    alerts.evaluate(books.org, today=date(2026, 6, 30))
    admin = login(books.p.admin).get(HOME)
    assert admin.context["project_alerts"] == 1
    assert 'id="home-project-alerts"' in admin.content.decode()
    manager = login(books.p.manager).get(HOME)  # runs the project: its budget alert
    assert manager.context["project_alerts"] == 1
    consultant = login(books.p.consultant).get(HOME)
    assert "project_alerts" not in consultant.context
    assert 'id="home-project-alerts"' not in consultant.content.decode()


def test_a_project_manager_does_not_count_margin_alerts(books, login):
    books.assignment.daily_rate = 310  # 3 % margin on a 300 € CJM
    books.assignment.save()
    from timetrack.profitability import rollup

    rollup.recompute_person(books.org, books.p.consultant.user_id)
    books.log({date(2026, 3, 2): "1"})
    alerts.evaluate(books.org, today=date(2026, 6, 30))
    assert login(books.p.finance).get(HOME).context["project_alerts"] == 1
    assert "project_alerts" not in login(books.p.manager).get(HOME).context
