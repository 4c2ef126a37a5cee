"""``manage.py export_personal_data EMAIL --output PATH``: one person's subject-access
archive (``personal-data.json`` plus ``files/``), written with mode 0600."""

from django.core.management.base import BaseCommand, CommandError

from practice_commons.core.errors import NotFound

from ...services import personal_data_export_write


class Command(BaseCommand):
    help = "Write everything the platform holds about one person to a .zip archive."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's account email address")
        parser.add_argument("--output", required=True, help="where to write the .zip")

    def handle(self, *args, email, output, **options):
        try:
            user = personal_data_export_write(actor=None, email=email, path=output)
        except NotFound as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(f"Could not write {output}: {exc.strerror or exc}") from exc
        self.stdout.write(f"Wrote the personal data of {user.email} to {output}")
