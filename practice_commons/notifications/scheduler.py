"""The schedule, run by APScheduler in ``manage.py run_scheduler``.

The scheduler only *enqueues* tasks; workers (``db_worker`` embedded, RQ workers in
production) do the work, so the scheduler stays tiny and a slow digest never delays
the email sweep. Run exactly one scheduler per installation: two would enqueue every
job twice (harmless for digests, which are claimed once per person and period, but
wasteful). Cron can replace it: ``manage.py send_digests --period daily`` at 07:00,
``--period weekly`` on Mondays at 07:00 and ``manage.py send_due_emails`` every five
minutes.
"""

from collections.abc import Callable

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings

from practice_commons.core import task_recovery

from . import tasks

# Periodic jobs of higher apps (event reminders, retention), registered from their
# AppConfig.ready() so this module never imports them: job id -> (enqueue, cron fields).
_registered_jobs: dict[str, tuple[Callable[[], object], dict]] = {}


def register_job(job_id: str, enqueue: Callable[[], object], **cron_fields) -> None:
    """Run ``enqueue`` on a cron schedule (APScheduler ``CronTrigger`` fields, UK time).
    ``enqueue`` should only enqueue a task: the workers do the work."""
    _registered_jobs[job_id] = (enqueue, cron_fields)


def enqueue_daily_digests():
    tasks.send_digests.enqueue("daily")


def enqueue_weekly_digests():
    tasks.send_digests.enqueue("weekly")


def enqueue_due_email_sweep():
    tasks.send_due_emails.enqueue()


def _recovery_jobs(tz) -> list[tuple[str, object, CronTrigger]]:
    """With RQ, every minute: re-enqueue tasks whose worker died mid-run. Run here, not
    enqueued: it repairs the queue itself and costs a few Redis reads."""
    if not task_recovery.rq_in_use():
        return []
    return [
        (
            "requeue-abandoned-tasks",
            task_recovery.requeue_abandoned_jobs,
            CronTrigger(minute="*", timezone=tz),
        )
    ]


def schedule() -> list[tuple[str, object, CronTrigger]]:
    tz = getattr(settings, "NOTIFICATIONS_SCHEDULE_TIMEZONE", "Europe/London")
    return [
        *_recovery_jobs(tz),
        ("daily-digest", enqueue_daily_digests, CronTrigger(hour=7, minute=0, timezone=tz)),
        (
            "weekly-digest",
            enqueue_weekly_digests,
            CronTrigger(day_of_week="mon", hour=7, minute=0, timezone=tz),
        ),
        ("due-email-sweep", enqueue_due_email_sweep, CronTrigger(minute="*/5", timezone=tz)),
        *(
            (job_id, enqueue, CronTrigger(timezone=tz, **cron_fields))
            for job_id, (enqueue, cron_fields) in sorted(_registered_jobs.items())
        ),
    ]


def build_scheduler() -> BlockingScheduler:
    tz = getattr(settings, "NOTIFICATIONS_SCHEDULE_TIMEZONE", "Europe/London")
    scheduler = BlockingScheduler(
        timezone=tz,
        job_defaults={
            # After a restart, run a missed job once if it is less than an hour late.
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": 3600,
        },
    )
    for job_id, func, trigger in schedule():
        scheduler.add_job(func, trigger=trigger, id=job_id, name=job_id, replace_existing=True)
    return scheduler
