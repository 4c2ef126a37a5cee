"""A task whose RQ worker is SIGKILLed mid-run is re-run by another worker, once.

Real Redis, real ``rqworker`` processes (the command the README gives). The task
(``blocking_task`` below) waits for a release file, then appends one line to an effects
file. The first worker is killed with its work horse (both SIGKILLed, as an
out-of-memory kill or a lost container would; the horse calls ``setsid``, so killing
the worker alone leaves an orphan that finishes the job) while the task blocks. The recovery step
then runs with the clock set past the heartbeat lease (RQ's lease is the monitoring
interval + 60 s; waiting it out would take minutes), and a second worker finishes the
task: the effect appears exactly once.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django_tasks import task

from .worker_processes import ROOT, manage, redis_or_skip

REDIS_URL = os.environ.get("CORE_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@task()
def blocking_task(effects_path: str, release_path: str, started_path: str) -> None:
    Path(started_path).write_text(str(os.getpid()))  # the work horse's pid
    deadline = time.monotonic() + 30
    while not Path(release_path).exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    with open(effects_path, "a") as effects:
        effects.write("done\n")


def _worker(env, name, *, burst, log: Path):
    """An ``rqworker`` writing to ``log``: a file, not a pipe, because the work horse it
    forks inherits its output, and a horse slow to exit would keep a pipe open after the
    worker itself has quit."""
    with log.open("w") as output:
        return subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
            [
                sys.executable,
                "manage.py",
                "rqworker",
                "default",
                "--job-class",
                "django_tasks_rq.Job",
                "--name",
                name,
                *(["--burst"] if burst else []),
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _wait_for(path: Path, seconds: float):
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


@pytest.mark.redis
def test_task_of_a_killed_worker_is_rerun_once(tmp_path):
    connection = redis_or_skip(REDIS_URL)
    connection.flushdb()
    effects, release, started = (tmp_path / n for n in ("effects", "release", "started"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(tmp_path / "var"),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "task-recovery-test",
        "LOG_LEVEL": "WARNING",
    }
    enqueue = (
        "from practice_commons.core.tests.test_task_recovery import blocking_task\n"
        f"blocking_task.enqueue({str(effects)!r}, {str(release)!r}, {str(started)!r})\n"
    )
    recover = (
        "import time\n"
        "from practice_commons.core.task_recovery import requeue_abandoned_jobs\n"
        "print('requeued', requeue_abandoned_jobs(at=time.time() + 600))\n"
    )
    first = None
    try:
        manage(["shell", "-c", enqueue], env)
        first = _worker(env, "killed-worker", burst=False, log=tmp_path / "first.log")
        _wait_for(started, 30)
        # RQ's work horse runs in a session of its own: kill it and its worker.
        os.kill(int(started.read_text()), signal.SIGKILL)
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert not effects.exists()

        assert "requeued 1" in manage(["shell", "-c", recover], env).stdout
        release.write_text("go")
        second_log = tmp_path / "second.log"
        second = _worker(env, "second-worker", burst=True, log=second_log)
        assert second.wait(timeout=90) == 0, second_log.read_text()

        assert effects.read_text() == "done\n"
        # Nothing left to recover: the task ran to completion exactly once.
        assert "requeued 0" in manage(["shell", "-c", recover], env).stdout
    finally:
        if first and first.poll() is None:
            os.killpg(first.pid, signal.SIGKILL)
        connection.flushdb()
