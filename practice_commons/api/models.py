import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def hash_token(raw: str) -> str:
    """Tokens are stored only as a SHA-256 digest: a leaked database leaks no usable token."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        """What a token may do, within what its holder may do: ``read`` only reads,
        ``write`` also changes things, ``admin`` also reaches the operations marked for
        administrators (moderation, an organisation's webhooks)."""

        READ = "read", _("Read")
        WRITE = "write", _("Read and write")
        ADMIN = "admin", _("Read, write and administration")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, help_text=_("Shown to help people tell tokens apart."))
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class WebhookEndpoint(models.Model):
    """An organisation's receiving URL for the events it chose. The secret signs every
    delivery (``webhooks.signing``); it is shown once, when the endpoint is created, and
    never again by any page or API answer."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text=_("Event types this endpoint receives."))
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.organisation_id}: {self.url}"


class WebhookDelivery(models.Model):
    """One event for one endpoint. ``body`` is the exact JSON sent on every attempt
    (replays included), so the receiver sees the same ``id`` each time; only the
    signature's timestamp changes."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event_type = models.CharField(max_length=50)
    event_key = models.CharField(
        max_length=100, help_text=_("What happened (type and ids): one delivery per endpoint.")
    )
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(
        default=timezone.now,
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Due at once when new."),
    )
    replay_requested = models.BooleanField(default=False)
    last_status_code = models.PositiveIntegerField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_key"], name="uniq_webhook_delivery_event"
            )
        ]
        indexes = [models.Index(fields=["endpoint", "-created_at"])]

    def __str__(self):
        return f"{self.event_type} → {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery and what came back (the first 2 KB of the body)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    replay = models.BooleanField(default=False)
    started_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    signature_timestamp = models.PositiveBigIntegerField()
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self):
        return f"{self.delivery_id} #{self.number}"
