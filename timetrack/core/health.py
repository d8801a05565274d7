"""Readiness checks of the database and the queue, used by /healthz."""

import uuid

from django.db import connection
from huey.contrib.djhuey import HUEY


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not healthy", reported as such
        return False, exc.__class__.__name__
    return True, connection.vendor


def check_queue() -> tuple[bool, str]:
    """Write, read back and delete a key in the queue's storage (Redis or SQLite)."""
    key = f"healthz-{uuid.uuid4().hex}"
    try:
        HUEY.put(key, "ok")
        value = HUEY.get(key, peek=False)
    except Exception as exc:  # noqa: BLE001
        return False, exc.__class__.__name__
    if value != "ok":
        return False, "storage did not return the value written"
    return True, HUEY.storage.__class__.__name__
