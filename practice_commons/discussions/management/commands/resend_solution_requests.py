"""``manage.py resend_solution_requests``: send ``solution_requested`` again for solved
threads asked for as documented solutions but not yet in the library (for example,
requests recorded before the library existed). The library makes each draft once."""

from django.core.management.base import BaseCommand

from practice_commons.discussions import services


class Command(BaseCommand):
    help = "Send recorded 'add to the library' requests to the library again."

    def handle(self, *args, **options):
        sent = services.solution_requests_resend()
        self.stdout.write(f"{sent} request(s) sent to the library.")
