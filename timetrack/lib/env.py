"""Typed readers of the process environment that fail loudly on bad values."""

import os
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def email_settings_from_url(url: str, *, base_dir) -> dict:
    """Turn EMAIL_URL into Django e-mail settings.

    Accepted schemes: ``smtp://user:pass@host:25``, ``smtp+tls://…:587``, ``smtp+ssl://…:465``,
    ``file:///absolute/dir`` (or ``file://`` for var/mail), ``console://`` and ``locmem://``.
    A ``from`` query parameter sets DEFAULT_FROM_EMAIL.
    """
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    settings: dict = {}
    if "from" in query:
        settings["DEFAULT_FROM_EMAIL"] = query["from"][0]
    scheme = parts.scheme
    if scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        settings.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[scheme],
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=scheme == "smtp+tls",
            EMAIL_USE_SSL=scheme == "smtp+ssl",
        )
    elif scheme == "file":
        path = unquote(parts.path) or str(base_dir / "var" / "mail")
        settings.update(
            EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend", EMAIL_FILE_PATH=path
        )
    elif scheme == "console":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    elif scheme == "locmem":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    else:
        raise ImproperlyConfigured(f"EMAIL_URL has an unknown scheme: {scheme!r}")
    return settings


def secret_key_from_file(path) -> str:
    """Read the development secret key, generating it once on first use."""
    from django.core.management.utils import get_random_secret_key

    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = get_random_secret_key()
    path.write_text(key)
    path.chmod(0o600)
    return key
