"""Delete reflective sessions' material (the presenter's issue, summary and actions)
once ``REFLECTION_RETENTION_DAYS`` have passed since each session ended. Private notes
stay with their authors. Safe to run as often as you like; run it daily."""

from django.core.management.base import BaseCommand

from practice_commons.reflection import services


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the background task instead of running it in this process.",
        )

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            from practice_commons.reflection import tasks

            tasks.purge_reflection_material.enqueue()
            self.stdout.write("Queued purge_reflection_material.")
            return
        purged = services.material_purge_due()
        days = services.retention_days()
        self.stdout.write(f"Purged the material of {purged} session(s) older than {days} days.")
