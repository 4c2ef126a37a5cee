"""Re-running tasks whose RQ worker died mid-job (SIGKILL, out of memory, a lost host).

What RQ 3 does by itself: a worker registers each job it starts in the queue's
``StartedJobRegistry`` with a heartbeat lease (the job monitoring interval + 60 s) and
renews it while the job runs. A killed worker stops renewing; once the lease has expired,
``StartedJobRegistry.cleanup`` (run by any worker's maintenance, every ten minutes)
treats the job as abandoned: it **retries it if the job has retries left**, otherwise
records an ``AbandonedJobError`` and moves it to the ``FailedJobRegistry``, where it
stays. django-tasks-rq enqueues jobs without retries, so before this module a task
running on a killed worker was lost.

Why this design and not ``Retry`` on every job: RQ's ``Retry`` also re-runs jobs that
*raised*, which would change what a failed task means for every caller (django-tasks
has no retries; our email retries live on the rows, with backoff). We want only the
*abandoned* ones re-run. So ``requeue_abandoned_jobs`` reuses RQ's own abandoned-job
handling: it gives each expired, still-``STARTED`` job one retry and then calls
``StartedJobRegistry.cleanup``, which re-enqueues it. It also re-enqueues jobs that a
worker's maintenance already moved to the failed registry as abandoned. Tasks are
idempotent (a project rule: they take ids and re-check state), so running one again
after a partial run is safe. A job abandoned ``MAX_REQUEUES`` times (say it kills every
worker that runs it) is left failed, so a poison job cannot loop for ever.

The scheduler runs this every minute while ``REDIS_URL`` is set (``run_scheduler``);
``manage.py requeue_abandoned_jobs`` does the same from cron.
"""

import logging
import time

from django.conf import settings

logger = logging.getLogger(__name__)

MAX_REQUEUES = 3
_COUNT_KEY = "abandoned_requeues"


def rq_in_use() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.startswith("django_tasks_rq")


def _queue_names() -> list[str]:
    return list(settings.TASKS["default"].get("QUEUES") or ["default"])


def _may_requeue(job) -> bool:
    count = int(job.meta.get(_COUNT_KEY, 0))
    if count >= MAX_REQUEUES:
        logger.error("Job %s was abandoned %d times; leaving it failed", job.id, count)
        return False
    job.meta[_COUNT_KEY] = count + 1
    job.save_meta()
    return True


def _give_expired_jobs_a_retry(queue, at: float) -> int:
    from rq.exceptions import NoSuchJobError
    from rq.job import JobStatus

    registry = queue.started_job_registry
    given = 0
    for job_id in registry.get_expired_job_ids(at):
        try:
            job = queue.job_class.fetch(job_id, connection=queue.connection)
        except NoSuchJobError:
            continue
        if job.get_status() != JobStatus.STARTED or job.retries_left or not _may_requeue(job):
            continue
        job.retries_left = 1  # no retry_intervals: re-enqueued at once
        job.save()
        given += 1
    registry.cleanup(timestamp=at)  # RQ retries what has retries left
    return given


def _requeue_failed_as_abandoned(queue) -> int:
    """Jobs a worker's own maintenance moved to the failed registry as abandoned."""
    from rq.exceptions import NoSuchJobError

    registry = queue.failed_job_registry
    requeued = 0
    for job_id in registry.get_job_ids():
        try:
            job = queue.job_class.fetch(job_id, connection=queue.connection)
        except NoSuchJobError:
            continue
        result = job.latest_result()
        if not result or "AbandonedJobError" not in (result.exc_string or ""):
            continue
        if _may_requeue(job):
            registry.requeue(job)
            requeued += 1
    return requeued


def requeue_abandoned_jobs(*, at: float | None = None) -> int:
    """Re-enqueue every job whose worker died mid-run; returns how many.

    ``at`` (a Unix time, default now) is the moment against which heartbeat leases are
    judged expired. Does nothing unless the RQ backend is in use."""
    if not rq_in_use():
        return 0
    import django_rq
    from django_tasks_rq.backend import Job

    at = time.time() if at is None else at
    total = 0
    for name in _queue_names():
        queue = django_rq.get_queue(name, job_class=Job)
        total += _give_expired_jobs_a_retry(queue, at)
        total += _requeue_failed_as_abandoned(queue)
    if total:
        logger.warning("Re-enqueued %d task(s) abandoned by dead workers", total)
    return total
