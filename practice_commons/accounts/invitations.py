"""What every emailed invitation shares (to join a community, to come to an event).

An invitation is for one email address, which may not have an account yet. Its link
carries a random token (``secrets.token_urlsafe(32)``) that is stored only as its SHA-256
digest, like the API's tokens: a copy of the database gives nobody a working link, and
the link does not change while the invitation waits (only a resend replaces it).

What must stay true:

* ``token_digest`` is unique and never empty. A new row gets the digest of a token that
  is thrown away at once, so it has no working link until ``issue_token()`` is called
  for its email; the raw token it returns is used for that email and never stored.
* Issuing a token replaces the digest, so it invalidates the link sent before it
  (``revoke_token()`` does the same without a new link, for a resend that is queued).
* A link works while ``is_usable()``: not accepted, not withdrawn, not expired. How
  long it works is ``settings.INVITATION_LIFETIME_DAYS``, read when the invitation is
  made or resent (``new_expiry()``), so changing the setting needs no code change.
* ``sent_at``/``send_due_at``/``send_attempts``/``send_lease_until`` record the email's
  delivery; ``notifications`` sends it after commit and retries it with backoff.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

TOKEN_BYTES = 32
# token_urlsafe(32) is 43 characters; anything much longer is not one of ours.
MAX_TOKEN_LENGTH = 128
DELIVERY_FIELDS = ["sent_at", "send_due_at", "send_attempts", "send_lease_until"]


def hash_token(raw: str) -> str:
    """The stored form of a link's token: its SHA-256 hex digest."""
    return hashlib.sha256(raw.encode()).hexdigest()


def unsent_token_digest() -> str:
    """The digest of a token nobody keeps: a row with it has no working link."""
    return hash_token(secrets.token_urlsafe(TOKEN_BYTES))


def invitation_lifetime() -> timedelta:
    """How long a link works, read from the settings when it is needed."""
    return timedelta(days=settings.INVITATION_LIFETIME_DAYS)


class InvitationBase(models.Model):
    """An invitation by email, with a link whose token is stored only as a digest.

    Concrete models add what the invitation is to (a community, an event) and their own
    ``Meta``; services decide who may invite, and what accepting means."""

    email = models.EmailField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    token_digest = models.CharField(
        max_length=64, unique=True, default=unsent_token_digest, editable=False
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    send_due_at = models.DateTimeField(null=True, blank=True)
    send_attempts = models.PositiveSmallIntegerField(default=0)
    send_lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    # --- the link ------------------------------------------------------------------------

    def issue_token(self) -> str:
        """A new link token, returned once; only its digest is kept (the caller saves
        ``token_digest``). The link sent before it stops working."""
        raw = secrets.token_urlsafe(TOKEN_BYTES)
        self.token_digest = hash_token(raw)
        return raw

    def revoke_token(self) -> None:
        """Stop the current link working, without issuing a new one yet."""
        self.token_digest = unsent_token_digest()

    @classmethod
    def find_by_token(cls, raw: str, queryset: QuerySet | None = None):
        """The invitation whose link carries ``raw``, or None (used or not: callers
        check ``is_usable``). The database compares digests, never the token itself, so
        timing reveals nothing about a stored link; the digests are compared once more
        in constant time."""
        if not raw or len(raw) > MAX_TOKEN_LENGTH:
            return None
        digest = hash_token(raw)
        rows = queryset if queryset is not None else cls._default_manager.all()
        found = rows.filter(token_digest=digest).first()
        if found is None or not hmac.compare_digest(found.token_digest, digest):
            return None
        return found

    # --- its life ------------------------------------------------------------------------

    @staticmethod
    def new_expiry(now: datetime | None = None) -> datetime:
        return (now or timezone.now()) + invitation_lifetime()

    def is_usable(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.withdrawn_at is None and self.expires_at > now

    def schedule_send(self, now: datetime) -> list[str]:
        """Ask for the email to go (again) from the first attempt; returns the fields to
        save. ``notifications.services.address_emails_queue`` then queues it."""
        self.sent_at = None
        self.send_due_at = now
        self.send_attempts = 0
        self.send_lease_until = None
        return list(DELIVERY_FIELDS)

    def renew(self, now: datetime) -> list[str]:
        """For a resend: the old link stops working now, the new one (issued when the
        email is built) works for a full lifetime. Returns the fields to save."""
        self.revoke_token()
        self.expires_at = self.new_expiry(now)
        return ["token_digest", "expires_at", *self.schedule_send(now)]

    @property
    def delivery(self) -> str:
        """Where its email is: ``sent``, ``sending``, ``retrying`` or ``failed``."""
        if self.sent_at is not None:
            return "sent"
        if not self.send_attempts:
            return "sending"
        return "retrying" if self.send_due_at is not None else "failed"
