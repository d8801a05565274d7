"""Failed-login throttling in the cache, per e-mail and per client address.

After LOGIN_MAX_FAILURES failures within LOGIN_FAILURE_WINDOW seconds the e-mail (or the address) is locked
until the window passes. Each counted failure restarts the window: a DB cache's ``incr`` rewrites the key with
the default timeout, so the timeout is set again explicitly on every failure, for every backend alike.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(email: str, ip: str | None) -> list[str]:
    # Hashed: the cache key length is bounded and no address is stored in clear.
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    keys = [f"login-fail:email:{digest}"]
    if ip:
        keys.append(f"login-fail:ip:{ip}")
    return keys


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a trusted proxy rewrites it.
    return request.META.get("REMOTE_ADDR") if request is not None else None


def is_locked(*, email: str, ip: str | None) -> bool:
    counts = cache.get_many(_keys(email, ip))
    return any(count >= settings.LOGIN_MAX_FAILURES for count in counts.values())


def record_failure(*, email: str, ip: str | None) -> None:
    window = settings.LOGIN_FAILURE_WINDOW
    for key in _keys(email, ip):
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
        cache.touch(key, timeout=window)


def clear_failures(*, email: str) -> None:
    """A successful login forgives the e-mail's failures, not the address's (it may try other e-mails)."""
    cache.delete(_keys(email, None)[0])
