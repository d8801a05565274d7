"""Readiness checks of the database and the queue, used by /healthz."""

import uuid

from django.db import connection
from huey import Huey
from huey.contrib.djhuey import HUEY


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not healthy", reported as such
        return False, exc.__class__.__name__
    return True, connection.vendor


def check_queue(huey: Huey | None = None) -> tuple[bool, str]:
    """Write, read back and delete a key in the queue's storage (Redis or SQLite); ``huey`` defaults
    to the application's queue."""
    huey = HUEY if huey is None else huey
    key = f"healthz-{uuid.uuid4().hex}"
    try:
        huey.put(key, "ok")
        value = huey.get(key, peek=False)
    except Exception as exc:
        return False, exc.__class__.__name__
    if value != "ok":
        return False, "storage did not return the value written"
    return True, huey.storage.__class__.__name__
