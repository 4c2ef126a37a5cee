"""``manage.py restore PATH [--force]``: load a backup archive into an empty database and
the file storages; the work (and every check before it) is in ``practice_commons.core.backup``."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from practice_commons.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and the file storages. Checks every "
        "checksum, the database vendor and that the database is empty before changing anything."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive written by `manage.py backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "DELETE everything in a database that is not empty and replace it with the "
                "archive; overwrite stored files whose content differs."
            ),
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args, path, force, database, **options):
        try:
            result = restore_backup(path, force=force, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(result.tables.values())
        self.stdout.write(
            f"Restored the {result.vendor} database of {result.created_at} "
            f"({len(result.tables)} tables, {rows} rows) and {result.files} file(s)"
            + (
                f"; {result.files_skipped} identical file(s) were already there."
                if result.files_skipped
                else "."
            )
        )
        if options["verbosity"] > 1:
            for table, count in result.tables.items():
                self.stdout.write(f"  {table}: {count} row(s)")
        if result.migrate_needed:
            self.stdout.write(
                "This code has newer migrations for: "
                + ", ".join(result.migrate_needed)
                + ". Run `python manage.py migrate` next."
            )
