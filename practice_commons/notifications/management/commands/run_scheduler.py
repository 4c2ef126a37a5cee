import contextlib
import logging
import signal

from django.core.management.base import BaseCommand
from django.utils import timezone

from practice_commons.notifications.scheduler import build_scheduler, schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the periodic schedule (daily and weekly digests, the quiet-hours email "
        "sweep, and jobs other apps register such as event reminders). Run exactly one "
        "per installation; it only enqueues tasks."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--list",
            action="store_true",
            help="Print the jobs and their next run times, then exit.",
        )

    def handle(self, *args, **options):
        if options["list"]:
            now = timezone.now()
            for job_id, _func, trigger in schedule():
                next_run = trigger.get_next_fire_time(None, now)
                self.stdout.write(f"{job_id}: {trigger} (next {next_run:%Y-%m-%d %H:%M %Z})")
            return
        scheduler = build_scheduler()
        signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
        self.stdout.write("Notification scheduler started.")
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            scheduler.start()
