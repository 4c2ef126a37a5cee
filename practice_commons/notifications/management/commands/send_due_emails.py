from django.core.management.base import BaseCommand

from practice_commons.notifications import services


class Command(BaseCommand):
    help = (
        "Queue emails whose quiet hours or retry delay are over, and invitation emails "
        "that are due (the five-minute sweep)."
    )

    def handle(self, *args, **options):
        count = services.due_emails_enqueue() + services.due_address_emails_enqueue()
        self.stdout.write(f"Queued {count} emails.")
