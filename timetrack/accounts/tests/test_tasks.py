from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from huey import SqliteHuey
from huey.contrib.djhuey import HUEY

from timetrack.accounts import tasks
from timetrack.accounts.models import ApiToken
from timetrack.accounts.services import issue_token, purge_dead_tokens

pytestmark = pytest.mark.django_db


def periodic_at(*when) -> bool:
    """Whether the consumer, ticking at ``when`` (UTC, as the queue runs in UTC), starts the purge."""
    due = HUEY.read_periodic(datetime(*when))
    return any(isinstance(task, tasks.purge_dead_tokens.task_class) for task in due)


def test_it_registers_the_purge_as_a_periodic_task_of_the_queue():
    assert HUEY.utc is True
    assert tasks.purge_dead_tokens.task_class in HUEY._registry._periodic_tasks


@pytest.mark.parametrize(
    ("when", "due"),
    [
        ((2026, 3, 10, 3, 15), True),
        ((2026, 7, 1, 3, 15), True),
        ((2026, 3, 10, 3, 14), False),
        ((2026, 3, 10, 3, 16), False),
        ((2026, 3, 10, 4, 15), False),
        ((2026, 3, 10, 15, 15), False),
    ],
)
def test_it_runs_the_purge_every_day_at_3_15_utc(when, due):
    assert periodic_at(*when) is due


@pytest.fixture
def tokens(personas):
    """Tokens of every state, keyed by what should become of them at ``now``."""
    now = timezone.now()
    made = {}
    for name, changes in {
        "expired_2_days_ago": {"expires_at": now - timedelta(days=2)},
        "revoked_2_days_ago": {"revoked_at": now - timedelta(days=2)},
        "expired_2_hours_ago": {"expires_at": now - timedelta(hours=2)},
        "revoked_2_hours_ago": {"revoked_at": now - timedelta(hours=2)},
        "valid_for_a_month": {"expires_at": now + timedelta(days=30)},
        "without_expiry": {},
    }.items():
        token, _key = issue_token(membership=personas.consultant, name=name)
        ApiToken.objects.filter(pk=token.pk).update(**changes)
        made[name] = token
    return made


def remaining_names() -> set[str]:
    return set(ApiToken.objects.values_list("name", flat=True))


KEPT = {"expired_2_hours_ago", "revoked_2_hours_ago", "valid_for_a_month", "without_expiry"}


def test_it_deletes_tokens_dead_for_more_than_a_day_and_keeps_the_others(tokens):
    assert purge_dead_tokens() == 2
    assert remaining_names() == KEPT


def test_it_measures_the_day_from_the_given_time(tokens):
    assert purge_dead_tokens(now=timezone.now() - timedelta(days=3)) == 0
    assert purge_dead_tokens(now=datetime.now(UTC) + timedelta(days=2)) == 4
    assert remaining_names() == {"valid_for_a_month", "without_expiry"}


def test_it_runs_through_a_real_queue_storage(tokens, tmp_path):
    queue = SqliteHuey("timetrack-tests", filename=str(tmp_path / "huey.sqlite3"))
    # The task is declared on the application's queue; this one must know it to (de)serialise it.
    queue._registry.register(tasks.purge_dead_tokens.task_class)
    queue.enqueue(tasks.purge_dead_tokens.s())
    assert queue.pending_count() == 1
    assert remaining_names() == KEPT | {"expired_2_days_ago", "revoked_2_days_ago"}

    assert queue.execute(queue.dequeue()) == 2
    assert queue.pending_count() == 0
    assert remaining_names() == KEPT
