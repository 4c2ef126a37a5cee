"""Notifications, the preferences that decide how they travel, digests and newsletters.

Rows here refer to other capabilities only by plain ids (``community_id``, a
newsletter's ``scope_id``) because this app sits below them and must not depend on
their models.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import quiet
from .kinds import (
    DEFAULT_DIGEST_FREQUENCY,
    Channel,
    DigestFrequency,
    DigestPeriod,
    NotificationKind,
)


class Notification(models.Model):
    """One thing that happened which one person should know about.

    Email state lives on the row so a failed or delayed send never loses anything:
    ``email_due_at`` says when the email may go (end of quiet hours, next retry),
    ``email_lease_until`` is held by whichever worker is sending it now, and
    ``emailed_at``/``digested_at`` make sure it is emailed at most once.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True, max_length=4000)
    url = models.CharField(max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    community_id = models.PositiveBigIntegerField(null=True, blank=True)
    thread_key = models.CharField(max_length=120, blank=True)
    urgent = models.BooleanField(default=False)
    delivery = models.CharField(
        max_length=16,
        choices=Channel.choices,
        default=Channel.IMMEDIATELY,
        help_text=_("How the email channel was resolved when the notification was made."),
    )
    dedupe_key = models.CharField(max_length=160, blank=True)
    newsletter = models.ForeignKey(
        "Newsletter", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_due_at = models.DateTimeField(null=True, blank=True)
    email_lease_until = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_failed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notif_recipient_recent"),
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notif_unread"
            ),
            models.Index(
                fields=["email_due_at"],
                condition=Q(emailed_at__isnull=True, email_due_at__isnull=False),
                name="notif_email_due",
            ),
            models.Index(
                fields=["delivery", "recipient"],
                condition=Q(digested_at__isnull=True, emailed_at__isnull=True),
                name="notif_digest_pending",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="uniq_notification_dedupe",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"

    def get_absolute_url(self):
        return reverse("notifications:open", kwargs={"pk": self.pk})

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one kind of notification reaches one person; ``community_id`` null is the
    person's default for the kind, a community row overrides it for that community."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=32, choices=NotificationKind.choices)
    community_id = models.PositiveBigIntegerField(null=True, blank=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=Q(community_id__isnull=True),
                name="uniq_notification_pref_default",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "community_id"],
                condition=Q(community_id__isnull=False),
                name="uniq_notification_pref_community",
            ),
        ]

    def __str__(self):
        scope = f" (community {self.community_id})" if self.community_id else ""
        return f"{self.user_id} {self.kind}{scope}: {self.channel}"


class ThreadMute(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_mutes"
    )
    thread_key = models.CharField(max_length=120)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread_key"], name="uniq_thread_mute"),
        ]

    def __str__(self):
        return f"{self.user_id} muted {self.thread_key}"


class NotificationSettings(models.Model):
    """One row a person, made the first time they change something; a missing row means
    the defaults (quiet weekday evenings and weekends in Europe/London, weekly digest)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    timezone = models.CharField(_("time zone"), max_length=64, default=quiet.DEFAULT_TIMEZONE)
    quiet_hours_enabled = models.BooleanField(_("use quiet hours"), default=True)
    quiet_hours = models.JSONField(default=quiet.default_windows)
    digest_frequency = models.CharField(
        _("summary digest"),
        max_length=16,
        choices=DigestFrequency.choices,
        default=DEFAULT_DIGEST_FREQUENCY,
    )
    # Web Push: the kinds sent to the person's devices (none by default), and whether a
    # notice about a community that is not public may show its title and names.
    push_kinds = models.JSONField(default=list, blank=True)
    push_show_private_detail = models.BooleanField(
        _("show details from private communities on my devices"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "notification settings"

    def __str__(self):
        return f"Notification settings for {self.user_id}"


class DigestRun(models.Model):
    """A digest claimed for one person and one period. The unique constraint is what
    makes a digest go out once even when two workers build the same batch: each
    inserts-or-skips, and only the worker whose ``claim_token`` landed sends."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=16, choices=DigestPeriod.choices)
    period_key = models.CharField(max_length=32)
    claim_token = models.CharField(max_length=32)
    claimed_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "period_key"], name="uniq_digest_run"),
        ]
        indexes = [models.Index(fields=["period_key", "claim_token"], name="digest_run_claim")]

    def __str__(self):
        return f"{self.period_key} for {self.user_id}"


class Newsletter(models.Model):
    """A newsletter written for one audience (a community, an organisation…), named by
    the audience kind and the audience's id."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")

    scope_kind = models.CharField(max_length=32)
    scope_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), max_length=20000)
    items = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-sent_at", "-created_at"]
        indexes = [
            models.Index(
                fields=["scope_kind", "scope_id", "status", "-sent_at"], name="newsletter_archive"
            )
        ]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("notifications:newsletter_detail", kwargs={"pk": self.pk})

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT


class PushDelivery(models.Model):
    """Pushing one notification to its person's devices, kept like the email state (in a
    row of its own, made only for people who chose push for that kind): when it may go
    (end of quiet hours, next retry), the lease of the worker sending it, the devices to
    try again after a failure (empty: all of them), and when it was done."""

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="push_delivery"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_ids = models.JSONField(default=list, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "push deliveries"
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(sent_at__isnull=True, due_at__isnull=False),
                name="push_delivery_due",
            )
        ]

    def __str__(self):
        return f"Push of notification {self.notification_id}"


class PushSubscription(models.Model):
    """One browser on one device that may receive Web Push notifications for its person.

    ``endpoint`` is the push service's address for that browser (unique: a browser that
    subscribes again for someone else moves to them); ``p256dh`` and ``auth`` are the
    browser's keys (base64url) that each message is encrypted to. ``session_key_hash``
    names the signed-in session that made it, so signing out of that session removes it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_subscriptions"
    )
    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=120)
    auth = models.CharField(max_length=40)
    device_label = models.CharField(_("device"), max_length=80, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)
    failure_count = models.PositiveIntegerField(default=0)
    session_key_hash = models.CharField(max_length=64, null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at", "-id"], name="push_sub_user")]

    def __str__(self):
        return f"{self.device_label or 'Device'} of {self.user_id}"
