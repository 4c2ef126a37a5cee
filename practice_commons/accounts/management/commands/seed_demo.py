"""``manage.py seed_demo [--scale small|large|national]``: realistic, reproducible demo
data, including the demo logins listed in the README. Each app adds its own data through
``practice_commons.core.seeding.register_seeder``."""

import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from practice_commons.accounts.models import User
from practice_commons.accounts.seeding import is_seeded, logins_table
from practice_commons.accounts.seeding.demo import DEMO_EMAIL_SUFFIX
from practice_commons.core.seeding import (
    SCALES,
    SeedContext,
    discover_seeders,
    refresh_planner_statistics,
    reset_seeders,
    run_seeders,
)


class Command(BaseCommand):
    help = "Load realistic, reproducible demo data (a fixed random seed) and the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small: seconds; large: ~20k people; national: ~150k people.",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Print 'seeded' if the demo data is present, else 'empty'.",
        )
        parser.add_argument(
            "--logins", action="store_true", help="Print the demo logins and their shared password."
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo data first, then load it again."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though the database has accounts of real people.",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=None,
            help="Rows per insert batch (default: set by the scale).",
        )

    def handle(self, *args, scale, check, logins, reset, force, batch_size, **options):
        if check:
            self.stdout.write("seeded" if is_seeded() else "empty")
            return
        if logins:
            self.stdout.write(logins_table())
            return

        chosen = SCALES[scale]
        if batch_size:
            chosen = type(chosen)(chosen.name, chosen.users, chosen.organisations, batch_size)
        ctx = SeedContext(scale=chosen, log=self.stdout.write)
        discover_seeders()

        if is_seeded() and not reset:
            self.stdout.write(
                "Demo data is already loaded; nothing to do "
                "(use --reset to delete and load it again)."
            )
            return
        if not force and User.objects.exclude(email__endswith=DEMO_EMAIL_SUFFIX).exists():
            # The demo logins share a published password, one of them a superuser.
            raise CommandError(
                "This database has accounts that are not demo accounts. "
                "Demo logins share a published password, so seed_demo will "
                "not add them here. Use --force if you are sure."
            )

        started = time.perf_counter()
        with transaction.atomic():
            if reset:
                self.stdout.write("Deleting the demo data…")
                reset_seeders(ctx)
            self.stdout.write(
                f"Loading demo data at the {chosen.name} scale "
                f"({chosen.users:,} people, {chosen.organisations:,} "
                f"organisations, batches of {chosen.batch_size:,})…"
            )
            run_seeders(ctx, after_each=refresh_planner_statistics)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded: {len(ctx.user_ids):,} people, "
                f"{len(ctx.organisation_ids):,} organisations in {elapsed:.1f} s "
                f"(peak memory {peak_memory_mb():,} MB)."
            )
        )
        self.stdout.write(logins_table())


def peak_memory_mb() -> int:
    """This process's peak resident memory (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
