"""``manage.py expire_host_memberships``: end every register row past its last day, now.
The scheduler does this daily (``notifications/host_membership.py``); this command is
for cron instead of the scheduler, or to catch up by hand. Idempotent."""

from django.core.management.base import BaseCommand

from practice_commons.accounts import services


class Command(BaseCommand):
    help = "End host memberships that are past their last day."

    def handle(self, *args, **options):
        self.stdout.write(f"Memberships expired: {services.host_memberships_expire()}.")
