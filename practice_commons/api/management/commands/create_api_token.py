from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from practice_commons.api.models import ApiToken
from practice_commons.api.services import MAX_TOKEN_DAYS, api_token_create
from practice_commons.confidentiality.guard import ConfidentialityError


class Command(BaseCommand):
    help = "Create a personal access token for EMAIL and print it (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Command-line token")
        parser.add_argument(
            "--days", type=int, default=90, help="Days until the token expires (1 to 365)."
        )
        parser.add_argument(
            "--scope",
            choices=ApiToken.Scope.values,
            default=ApiToken.Scope.WRITE,
            help="read (GET only), write (also changes; the default) or admin (also "
            "moderation and an organisation's webhooks).",
        )

    def handle(self, *args, email, name, days, scope, **options):
        user = get_user_model().objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No user with the email address {email!r}.")
        if not 1 <= days <= MAX_TOKEN_DAYS:
            raise CommandError(
                f"--days must be between 1 and {MAX_TOKEN_DAYS}: every token expires."
            )
        try:
            issued = api_token_create(
                actor=user, user=user, name=name, days_valid=days, scope=scope
            )
        except ConfidentialityError as exc:
            raise CommandError(
                "The token name contains details that could identify someone "
                f"({', '.join(sorted({k for f in exc.fields for k in f.kinds}))}); choose another."
            ) from None
        self.stdout.write(issued.raw)
