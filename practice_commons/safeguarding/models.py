"""Reports, safeguarding leads and content holds.

Everything that can be reported or can have leads is referred to by content type and id,
so that safeguarding never imports the apps above it (communities, discussions, events…):
those apps register their models with :mod:`practice_commons.safeguarding.registry`.
Ids are ``PositiveBigIntegerField`` because every model uses ``BigAutoField``; that keeps
``pk__in=hidden_ids(Model)`` a plain integer subquery on SQLite and PostgreSQL.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DETAILS_MAX_LENGTH = 2000


class Report(models.Model):
    """One person's report about one piece of content, and where it stands."""

    class Reason(models.TextChoices):
        CONFIDENTIALITY = (
            "confidentiality",
            _("Confidentiality breach: it could identify someone we work with"),
        )
        SAFEGUARDING = "safeguarding", _("Safeguarding concern about a person at risk")
        HARASSMENT = "harassment", _("Harassment or abuse")
        MISINFORMATION = "misinformation", _("Misinformation")
        SPAM = "spam", _("Spam")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        REDACTED = "redacted", _("Redacted")
        RESTORED = "restored", _("Restored")
        REMOVED = "removed", _("Removed")
        ESCALATED = "escalated", _("Escalated")

    class Outcome(models.TextChoices):
        NONE = "", _("Not decided yet")
        REDACTED = "redacted", _("The content was edited to take out identifying details")
        REMOVED = "removed", _("The content was removed")
        NO_ACTION = "no_action", _("The content was reviewed and left in place")

    # Reasons that hide the content at once, before anyone has looked at it.
    HIDING_REASONS = frozenset({Reason.CONFIDENTIALITY, Reason.SAFEGUARDING})
    OPEN_STATUSES = frozenset({Status.OPEN, Status.ACKNOWLEDGED, Status.ESCALATED})

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="safeguarding_reports_made",
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    scope_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    scope_id = models.PositiveBigIntegerField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=32, choices=Reason.choices)
    details = models.TextField(_("details"), blank=True, max_length=DETAILS_MAX_LENGTH)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, blank=True, default="")
    routed_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="safeguarding_reports_routed"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["status", "created_at"]),
        ]

    def __str__(self):
        return f"Report {self.pk} ({self.reason}, {self.status})"

    def get_absolute_url(self):
        return reverse("safeguarding:report_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def hides_content(self) -> bool:
        return self.reason in self.HIDING_REASONS


class SafeguardingLead(models.Model):
    """A person who receives reports for one scope: an organisation, a community, or any
    model a higher app registers as a scope. The scope is generic so that communities
    can name leads without safeguarding importing communities."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safeguarding_leads"
    )
    scope_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    scope_id = models.PositiveBigIntegerField()
    scope = GenericForeignKey("scope_type", "scope_id")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope_type", "scope_id"], name="uniq_safeguarding_lead"
            )
        ]
        indexes = [models.Index(fields=["scope_type", "scope_id"])]

    def __str__(self):
        return f"Safeguarding lead {self.user_id} for {self.scope_type_id}:{self.scope_id}"


class ContentHold(models.Model):
    """While a hold exists its content is hidden from everyone but moderators.

    Restoring or redacting deletes the hold; removing keeps it for good
    (``removed=True``) so that content whose owning app cannot delete it stays hidden.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    report = models.ForeignKey(
        Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="holds"
    )
    removed = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("hidden since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="uniq_content_hold")
        ]

    def __str__(self):
        return f"Hold on {self.content_type_id}:{self.object_id}"
