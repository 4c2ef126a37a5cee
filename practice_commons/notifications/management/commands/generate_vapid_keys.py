"""Print a fresh VAPID key pair as the environment lines that switch Web Push on."""

from django.conf import settings
from django.core.management.base import BaseCommand
from py_vapid import Vapid
from py_vapid.utils import b64urlencode


def new_keys() -> tuple[str, str]:
    """``(public, private)``, both base64url: the public key as the uncompressed P-256
    point browsers subscribe with, the private key as its raw 32-byte number."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    vapid = Vapid()
    vapid.generate_keys()
    number = vapid.private_key.private_numbers().private_value.to_bytes(32, "big")
    point = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return b64urlencode(point), b64urlencode(number)


class Command(BaseCommand):
    help = (
        "Generate the VAPID keys for Web Push notifications to phones and print the "
        "environment variables to set. Keep the private key secret; changing keys makes "
        "every device subscribe again."
    )

    def handle(self, *args, **options):
        public, private = new_keys()
        sender = settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].rstrip(">").strip()
        self.stdout.write(f"WEB_PUSH_VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"WEB_PUSH_VAPID_PRIVATE_KEY={private}")
        self.stdout.write(f"WEB_PUSH_VAPID_SUBJECT=mailto:{sender}")
