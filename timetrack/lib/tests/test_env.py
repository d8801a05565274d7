import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from timetrack.lib.env import email_settings_from_url, env_bool, env_list

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("ON", True), ("0", False), ("", False)]
)
def test_it_reads_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("TT_FLAG", raw)
    assert env_bool("TT_FLAG") is expected


def test_it_refuses_a_bad_boolean(monkeypatch):
    monkeypatch.setenv("TT_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="TT_FLAG"):
        env_bool("TT_FLAG")


def test_it_splits_lists(monkeypatch):
    monkeypatch.setenv("TT_HOSTS", "a.example, b.example,")
    assert env_list("TT_HOSTS", []) == ["a.example", "b.example"]


def test_it_parses_an_smtp_url_with_tls():
    settings = email_settings_from_url(
        "smtp+tls://bob:p%40ss@mail.example:2525?from=rh@esn.example", base_dir=ROOT
    )
    assert settings["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("mail.example", 2525)
    assert (settings["EMAIL_HOST_USER"], settings["EMAIL_HOST_PASSWORD"]) == ("bob", "p@ss")
    assert settings["EMAIL_USE_TLS"] and not settings["EMAIL_USE_SSL"]
    assert settings["DEFAULT_FROM_EMAIL"] == "rh@esn.example"


def test_the_file_backend_defaults_to_var_mail():
    settings = email_settings_from_url("file://", base_dir=ROOT)
    assert settings["EMAIL_FILE_PATH"] == str(ROOT / "var" / "mail")


def test_it_refuses_an_unknown_scheme():
    with pytest.raises(ImproperlyConfigured):
        email_settings_from_url("carrier-pigeon://x", base_dir=ROOT)


def _check(*args, **env):
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; check --deploy rightly flags it.
    dropped = ("SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    environment = {k: v for k, v in os.environ.items() if k not in dropped}
    environment.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def test_production_passes_check_deploy_without_warning():
    result = _check(
        "--deploy", "--fail-level", "WARNING", SECRET_KEY="k" * 20 + "-Zq8#" * 8, ALLOWED_HOSTS="tt.example"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _check()
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
