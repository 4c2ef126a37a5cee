"""Two real RQ worker processes against Redis send each digest exactly once.

The workers are separate processes, so they cannot see the test's (transactional)
database: the test builds a real SQLite file database with ``migrate`` in a
subprocess, adds people and queues the digest job twice from another subprocess, then
runs two ``rqworker --burst`` processes at once. Mail goes to the mailbox backend in a
temporary ``VAR_DIR``, where the test counts it.
"""

import email
import email.policy
import os
import sqlite3
import subprocess
import sys
from collections import Counter

import pytest

from practice_commons.core.tests.worker_processes import ROOT, manage, redis_or_skip

REDIS_URL = os.environ.get("NOTIFICATIONS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PEOPLE = 24

SETUP = f"""
from practice_commons.accounts.models import User
from practice_commons.notifications import services, tasks
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.models import NotificationSettings
for i in range({PEOPLE}):
    user = User.objects.create_user(email=f"worker-test-{{i}}@example.org", password=None)
    NotificationSettings.objects.create(user=user, quiet_hours_enabled=False)
    services.notify(recipient=user, kind=NotificationKind.NEW_THREAD, title=f"Thread {{i}}")
# The schedule fires twice (a second scheduler, a manual run): the same period, twice.
tasks.send_digests.enqueue("daily")
tasks.send_digests.enqueue("daily")
"""


@pytest.mark.redis
def test_two_workers_send_each_digest_once(tmp_path):
    connection = redis_or_skip(REDIS_URL)
    connection.flushdb()
    var_dir = tmp_path / "var"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "VAR_DIR": str(var_dir),
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "redis-worker-test",
        "NOTIFICATIONS_DIGEST_BATCH_SIZE": "4",  # 6 batches a plan, 12 batch jobs in all
        "LOG_LEVEL": "WARNING",
    }
    try:
        manage(["migrate", "--noinput"], env)
        manage(["shell", "-c", SETUP], env)
        workers = [
            subprocess.Popen(  # noqa: S603 - our own manage.py, fixed arguments
                [
                    sys.executable,
                    "manage.py",
                    "rqworker",
                    "default",
                    "--burst",
                    "--job-class",
                    "django_tasks_rq.Job",
                    "--name",
                    f"digest-test-{n}",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for n in range(2)
        ]
        outputs = []
        for worker in workers:
            out, _err = worker.communicate(timeout=90)
            outputs.append(out)
            assert worker.returncode == 0, out
        # Both workers took jobs: the test really ran them side by side.
        assert all("Job OK" in out or "Successfully completed" in out for out in outputs), outputs

        recipients = Counter()
        for path in (var_dir / "mail").glob("*.eml"):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            assert "daily digest" in str(message["Subject"])
            recipients[str(message["To"])] += 1
        expected = {f"worker-test-{i}@example.org" for i in range(PEOPLE)}
        assert set(recipients) == expected
        assert set(recipients.values()) == {1}, recipients

        db = sqlite3.connect(tmp_path / "db.sqlite3")
        try:
            runs = db.execute("SELECT COUNT(*), COUNT(sent_at) FROM notifications_digestrun")
            assert runs.fetchone() == (PEOPLE, PEOPLE)
            pending = db.execute(
                "SELECT COUNT(*) FROM notifications_notification WHERE digested_at IS NULL"
            )
            assert pending.fetchone() == (0,)
        finally:
            db.close()
    finally:
        connection.flushdb()
