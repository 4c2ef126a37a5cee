"""The production settings, loaded the way a deployment loads them: in a fresh process
with only environment variables (``config.settings``, not the test settings)."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_with(env: dict, *args: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "EMAIL_URL",
            "DEBUG",
            "SECRET_KEY",
            "ALLOWED_HOSTS",
            "SECURE_SSL_REDIRECT",
            "DJANGO_SETTINGS_MODULE",
            # Set by the browser tests' conftest; a deployment must never have it.
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
    )


def production_env(tmp_path) -> dict:
    return {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "ALLOWED_HOSTS": "example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}",
        "SECURE_SSL_REDIRECT": "1",
        "VAR_DIR": str(tmp_path / "var"),
    }


def test_check_deploy_passes_with_production_variables(tmp_path):
    result = run_with(
        production_env(tmp_path), "manage.py", "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_with_the_embedded_defaults(tmp_path):
    env = {**production_env(tmp_path), "DEBUG": "1", "SECURE_SSL_REDIRECT": "0"}
    result = run_with(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W018" in result.stdout + result.stderr  # DEBUG on


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.db import connection
with connection.cursor() as c:
    c.execute("PRAGMA journal_mode"); mode = c.fetchone()[0]
    c.execute("PRAGMA busy_timeout"); timeout = c.fetchone()[0]
print(json.dumps({"journal_mode": mode, "busy_timeout": timeout,
                  "tasks": settings.TASKS["default"]["BACKEND"],
                  "cache": settings.CACHES["default"]["BACKEND"]}))
"""


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    result = run_with(production_env(tmp_path), "-c", PROBE)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["journal_mode"] == "wal"
    assert probe["busy_timeout"] == 5000
    assert probe["tasks"] == "django_tasks_db.DatabaseBackend"
    assert probe["cache"].endswith("LocMemCache")


def test_redis_url_switches_tasks_and_cache_to_redis(tmp_path):
    env = {**production_env(tmp_path), "REDIS_URL": "redis://127.0.0.1:6399/0"}
    probe_settings = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({"tasks": settings.TASKS["default"]["BACKEND"],
                  "cache": settings.CACHES["default"]["BACKEND"]}))
"""
    result = run_with(env, "-c", probe_settings)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["tasks"] == "django_tasks_rq.RQBackend"
    assert probe["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_embedded_secret_key_is_kept_private_in_var(tmp_path):
    env = {k: v for k, v in production_env(tmp_path).items() if k != "SECRET_KEY"}
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SECRET_KEY)"
    )
    first = run_with(env, "-c", probe)
    second = run_with(env, "-c", probe)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == second.stdout.strip()
    assert len(first.stdout.strip()) >= 50
    key_file = tmp_path / "var" / "secret_key"
    assert key_file.stat().st_mode & 0o077 == 0


def test_demo_gets_its_own_vapid_keys_kept_private_in_var(tmp_path):
    """`make run` (DEBUG) can push to phones without setting anything; production
    without the keys keeps push off."""
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.WEB_PUSH_VAPID_PUBLIC_KEY, settings.WEB_PUSH_VAPID_PRIVATE_KEY)"
    )
    demo = {**production_env(tmp_path), "DEBUG": "1"}
    first = run_with(demo, "-c", probe)
    assert first.returncode == 0, first.stderr
    public, private = first.stdout.split()
    assert len(public) == 87 and len(private) == 43  # a P-256 point and number, base64url
    assert run_with(demo, "-c", probe).stdout == first.stdout
    assert (tmp_path / "var" / "vapid_keys.json").stat().st_mode & 0o077 == 0
    production = run_with(production_env(tmp_path / "prod"), "-c", probe)
    assert production.returncode == 0, production.stderr
    assert production.stdout.split() == []
