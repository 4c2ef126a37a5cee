"""A worker freezes what it keeps after its first requests (``core.collector``)."""

import gc
import itertools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.signals import request_finished

from practice_commons.core import collector

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def fresh_worker(monkeypatch):
    """A process that has served no request yet, with nothing frozen; put back after."""
    monkeypatch.setattr(collector, "_served", itertools.count(1))
    gc.unfreeze()
    collector.freeze_after_requests()
    yield
    request_finished.disconnect(dispatch_uid="core.collector.freeze")
    gc.unfreeze()


@pytest.mark.django_db
def test_what_is_alive_after_the_first_request_is_frozen_and_not_again_at_once(
    client, fresh_worker
):
    assert gc.get_freeze_count() == 0
    assert client.get("/healthz").status_code == 200
    frozen = gc.get_freeze_count()
    assert frozen > 0
    client.get("/healthz")  # the second request: not one of FREEZE_AFTER
    assert gc.get_freeze_count() <= frozen  # nothing added (frozen objects may be freed)


def test_the_server_entry_point_turns_it_on():
    code = (
        "import config.wsgi\n"
        "from django.core.signals import request_finished\n"
        "from practice_commons.core import collector\n"
        "print(collector._freeze_if_due in [r() for _k, r, *_ in request_finished.receivers])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.setdefault("SECRET_KEY", "test-only-secret-key-for-the-wsgi-import")
    out = subprocess.run(  # noqa: S603 - our own interpreter, fixed code
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert out.stdout.strip() == "True"
