"""``manage.py expire_event_offers``: pass every waiting-list offer whose confirm-by
deadline has passed to the next person, now (the ``expire_offers`` task). Idempotent."""

from django.core.management.base import BaseCommand

from practice_commons.events import tasks


class Command(BaseCommand):
    help = "Pass unconfirmed waiting-list offers on to the next person."

    def handle(self, *args, **options):
        self.stdout.write(f"Offers passed on: {tasks.expire_offers.call()}.")
