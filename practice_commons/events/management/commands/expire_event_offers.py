"""``manage.py expire_event_offers``: pass every waiting-list offer whose confirm-by
deadline has passed to the next person. Idempotent."""

from django.core.management.base import BaseCommand

from practice_commons.events import services


class Command(BaseCommand):
    help = "Pass unconfirmed waiting-list offers on to the next person."

    def handle(self, *args, **options):
        self.stdout.write(f"Offers passed on: {services.offers_expire_due()}.")
