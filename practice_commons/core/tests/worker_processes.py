"""Helpers for tests that run real RQ workers against Redis in subprocesses."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def redis_or_skip(url: str):
    """A connection to Redis at ``url``, or the test is skipped saying why."""
    redis = pytest.importorskip("redis")
    try:
        connection = redis.Redis.from_url(url, socket_connect_timeout=1)
        connection.ping()
    except Exception as exc:  # noqa: BLE001 - any failure means "no Redis here"
        reason = f"Redis is not reachable at {url}: {exc}"
        print(reason)
        pytest.skip(reason)
    return connection


def manage(args, env, timeout=60) -> subprocess.CompletedProcess:
    """``manage.py args`` in a subprocess with ``env``; fails the test if it fails."""
    result = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"{args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result
