from django.core.management.base import BaseCommand

from practice_commons.notifications import services, tasks
from practice_commons.notifications.kinds import DigestPeriod


class Command(BaseCommand):
    help = (
        "Send the daily or weekly digests (for cron, or by hand). Queues the work for "
        "the task workers; --now builds every digest in this process instead."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=DigestPeriod.values, required=True)
        parser.add_argument(
            "--now", action="store_true", help="Build and send in this process instead of queueing."
        )

    def handle(self, *args, **options):
        period = options["period"]
        if options["now"]:
            sent = services.digests_send_now(period=period)
            self.stdout.write(f"Sent {sent} {period} digests.")
        else:
            tasks.send_digests.enqueue(period)
            self.stdout.write(f"Queued the {period} digests.")
