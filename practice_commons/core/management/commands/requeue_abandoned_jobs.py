from django.core.management.base import BaseCommand

from practice_commons.core.task_recovery import requeue_abandoned_jobs


class Command(BaseCommand):
    help = (
        "Re-enqueue RQ tasks whose worker died mid-run (heartbeat expired). The scheduler "
        "runs this every minute when REDIS_URL is set; use it from cron without the scheduler."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"Re-enqueued {requeue_abandoned_jobs()} abandoned tasks.")
