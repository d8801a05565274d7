"""The monthly rollup is the exact sum of the entries after any sequence of writes through the services."""

from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timetrack.lib.errors import DomainError
from timetrack.timesheets.models import MonthlyRollup, TimeEntry
from timetrack.timesheets.selectors import activity_type_by_code
from timetrack.timesheets.services import Cell, delete_entry, rebuild_rollups, save_entries, update_entry

pytestmark = pytest.mark.django_db
START = date(2026, 1, 26)  # the writes straddle January and February


def sums_from_entries(org):
    totals = defaultdict(Decimal)
    for entry in TimeEntry.objects.for_org(org):
        totals[(entry.user_id, entry.date.replace(day=1), entry.activity_type_id)] += entry.hours
    return {k: v for k, v in totals.items() if v}


def rollup(org):
    return {
        (r.user_id, r.month, r.activity_type_id): r.hours
        for r in MonthlyRollup.objects.for_org(org)
        if r.hours
    }


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    writes=st.lists(
        st.tuples(
            st.sampled_from(["save", "delete", "move"]),
            st.integers(0, 12),
            st.sampled_from(["training", "internal", "bench"]),
            st.sampled_from(["0", "0.25", "0.5"]),
        ),
        min_size=1,
        max_size=15,
    )
)
def test_the_rollup_follows_every_write(personas, writes):
    person = personas.consultant
    TimeEntry.objects.filter(user=person.user).delete()
    MonthlyRollup.objects.all().delete()
    for action, offset, code, quantity in writes:
        day = START + timedelta(days=offset)
        cell = Cell(day, activity_type_by_code(personas.org, code), None, Decimal(quantity), "days")
        entry = TimeEntry.objects.filter(user=person.user, date=day, activity_type=cell.activity_type).first()
        try:
            if action == "save" or entry is None:
                save_entries(actor=person, person=person, cells=[cell])
            elif action == "delete":
                delete_entry(actor=person, person=person, entry=entry)
            else:
                moved = Cell(day + timedelta(days=7), cell.activity_type, None, Decimal("0.25"), "days")
                update_entry(actor=person, person=person, entry=entry, cell=moved)
        except DomainError:
            pass  # a refused write (over one day, a taken cell) changes nothing: checked below too
        assert rollup(personas.org) == sums_from_entries(personas.org)


def test_rebuild_recomputes_what_bulk_loads_bypassed(personas):
    person = personas.consultant
    training = activity_type_by_code(personas.org, "training")
    save_entries(
        actor=person, person=person, cells=[Cell(date(2026, 3, 2), training, None, Decimal(1), "days")]
    )
    TimeEntry.objects.filter(user=person.user).update(hours=Decimal("3.5"))  # behind the services' back
    assert rollup(personas.org) != sums_from_entries(personas.org)
    assert rebuild_rollups(personas.org) == 1
    assert rollup(personas.org) == sums_from_entries(personas.org)
    rebuild_rollups(personas.org, months=[date(2026, 3, 1)])
    assert rollup(personas.org) == sums_from_entries(personas.org)


def test_the_demo_seed_leaves_an_exact_rollup(db):
    from io import StringIO

    from django.core.management import call_command

    from timetrack.orgs.models import Organization

    call_command("seed_demo", stdout=StringIO())
    org = Organization.objects.get(slug="demo-esn")
    assert rollup(org) == sums_from_entries(org)
    assert MonthlyRollup.objects.for_org(org).count() > 100
