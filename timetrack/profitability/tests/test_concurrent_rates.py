"""A rate change racing a save of project work: the save's days end up valued at the new rate, even in a
month that had no CRA when the change began."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from timetrack.orgs.models import Membership
from timetrack.profitability import engine
from timetrack.profitability.services import add_cost_rate
from timetrack.timesheets.services import Cell, save_entry

pytestmark = pytest.mark.django_db(transaction=True)


def fresh(membership):
    return Membership.objects.select_related("organization", "user").get(pk=membership.pk)


def test_a_save_in_a_new_month_waits_for_a_rate_change_under_way(books):
    books.log({date(2026, 3, 2): "1"})  # March has its CRA; April has none yet
    changed, saved = threading.Event(), threading.Event()
    errors = []

    def change_the_cjm():
        try:
            with transaction.atomic():
                add_cost_rate(
                    actor=fresh(books.p.finance),
                    user_id=books.p.consultant.user_id,
                    daily_cost=Decimal("400"),
                    effective_from=date(2026, 3, 1),
                )
                changed.set()
                saved.wait(timeout=1)  # the save must not finish while the change is uncommitted
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    def save_in_april():
        try:
            changed.wait(timeout=10)
            person = fresh(books.p.consultant)
            save_entry(
                actor=person,
                person=person,
                cell=Cell(date(2026, 4, 1), books.types["project"], books.project, Decimal("1"), "days"),
            )
            saved.set()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=change_the_cjm), threading.Thread(target=save_in_april)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    april = engine.project(
        books.org, books.project, date(2026, 4, 1), date(2026, 4, 30), today=date(2026, 6, 30)
    )
    assert april.money.cost == Decimal("400.00")  # the new CJM, not the 300 € in force when the save began
