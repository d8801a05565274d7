"""A rate change racing a save of project work: the save's days end up valued at the new rate, even in a
month that had no CRA when the change began."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import transaction

from timetrack.profitability import engine
from timetrack.profitability.services import add_cost_rate
from timetrack.tests.threads import fresh, run_together
from timetrack.timesheets.services import Cell, save_entry

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_save_in_a_new_month_waits_for_a_rate_change_under_way(books):
    books.log({date(2026, 3, 2): "1"})  # March has its CRA; April has none yet
    changed, saved = threading.Event(), threading.Event()

    def change_the_cjm():
        with transaction.atomic():
            add_cost_rate(
                actor=fresh(books.p.finance),
                user_id=books.p.consultant.user_id,
                daily_cost=Decimal("400"),
                effective_from=date(2026, 3, 1),
            )
            changed.set()
            saved.wait(timeout=1)  # the save must not finish while the change is uncommitted

    def save_in_april():
        changed.wait(timeout=10)
        person = fresh(books.p.consultant)
        save_entry(
            actor=person,
            person=person,
            cell=Cell(date(2026, 4, 1), books.types["project"], books.project, Decimal("1"), "days"),
        )
        saved.set()

    assert run_together(change_the_cjm, save_in_april) == []
    april = engine.project(
        books.org, books.project, date(2026, 4, 1), date(2026, 4, 30), today=date(2026, 6, 30)
    )
    assert april.money.cost == Decimal("400.00")  # the new CJM, not the 300 € in force when the save began
