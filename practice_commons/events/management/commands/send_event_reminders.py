"""``manage.py send_event_reminders``: remind attendees a day and an hour before their
events, and pass unconfirmed waiting-list offers on. Idempotent: run it every five
minutes from cron or the scheduler."""

from django.core.management.base import BaseCommand

from practice_commons.events import tasks


class Command(BaseCommand):
    help = "Send event reminders (a day and an hour before) and expire overdue place offers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-expire",
            action="store_true",
            help="Only send reminders; leave overdue offers alone.",
        )

    def handle(self, *args, no_expire=False, **options):
        sent = tasks.send_event_reminders.call()
        expired = 0 if no_expire else tasks.expire_offers.call()
        self.stdout.write(f"Reminders recorded: {sent}. Offers passed on: {expired}.")
