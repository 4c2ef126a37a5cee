"""``manage.py backup PATH``: one archive (.tar.gz, mode 0600) of the database and every
uploaded file; the work is done by ``practice_commons.core.backup``."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from practice_commons.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Write one archive of the database and the uploaded files (public and private). "
        "It holds personal data: store it encrypted."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The archive to write, e.g. backup-2026-12-02.tar.gz")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")

    def handle(self, *args, path, database, **options):
        try:
            result = create_backup(path, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Wrote {result.path} ({_size(result.size)}): {result.vendor} database, "
            f"{result.files} file(s) ({_size(result.files_bytes)})."
        )
        for table, rows in result.tables.items():
            if rows and options["verbosity"] > 1:
                self.stdout.write(f"  {table}: {rows} row(s)")
        self.stdout.write("The archive holds personal data: store it encrypted.")


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} bytes"
