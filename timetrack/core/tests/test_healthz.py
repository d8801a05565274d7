import os

import pytest
import redis
from huey import RedisHuey, SqliteHuey

from timetrack.core import health

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"


@pytest.fixture
def sqlite_huey(tmp_path):
    return SqliteHuey("timetrack-tests", filename=str(tmp_path / "huey.sqlite3"))


@pytest.fixture
def redis_huey():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            raise  # CI starts Redis: its absence there is a failure, not a skip
        pytest.skip(f"no Redis at {REDIS_URL}")
    return RedisHuey("timetrack-tests", url=REDIS_URL)


@pytest.fixture
def broken_huey():
    # Nothing listens on port 1: every storage call fails with a connection error.
    return RedisHuey("timetrack-tests", host="127.0.0.1", port=1, socket_connect_timeout=1)


def test_it_answers_ok_with_the_configured_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["queue"]["ok"] is True
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_checks_a_sqlite_queue_storage(client, monkeypatch, sqlite_huey):
    monkeypatch.setattr(health, "HUEY", sqlite_huey)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["queue"] == {"ok": True, "detail": "SqliteStorage"}


def test_it_checks_a_redis_queue_storage(client, monkeypatch, redis_huey):
    monkeypatch.setattr(health, "HUEY", redis_huey)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["queue"] == {"ok": True, "detail": "RedisStorage"}


def test_it_leaves_no_key_behind(sqlite_huey):
    assert health.check_queue(sqlite_huey) == (True, "SqliteStorage")
    assert sqlite_huey.storage.result_store_size() == 0


def test_it_answers_503_when_the_queue_storage_is_unreachable(client, monkeypatch, broken_huey):
    monkeypatch.setattr(health, "HUEY", broken_huey)
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["database"]["ok"] is True
    assert body["queue"] == {"ok": False, "detail": "ConnectionError"}


def test_it_reports_which_check_failed(broken_huey):
    assert health.check_queue(broken_huey) == (False, "ConnectionError")


def test_it_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405
