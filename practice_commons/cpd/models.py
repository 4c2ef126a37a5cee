"""CPD records, their evidence, read-only shares and each person's CPD settings.

A record is private to its owner: no selector returns another person's record except a
share's, by its token. Drafts arrive from what people did on the platform (attendance,
library reflections, shadowing); the person completes the reflective parts and makes the
record final. The fields follow what Social Work England's record asks for, which also
covers the other regulators' records (see ``frameworks``)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.models import Community
from practice_commons.core.storage import private_storage


class ActivityType(models.TextChoices):
    PEER_REFLECTION = "peer_reflection", _("Reflective session")
    TRAINING = "training", _("Event or training")
    READING = "reading", _("Reading")
    RESEARCH = "research", _("Research")
    SUPERVISION = "supervision", _("Supervision")
    SHADOWING = "shadowing", _("Shadowing")
    COURSE = "course", _("Course")
    OTHER = "other", _("Other learning")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    FINAL = "final", _("Final")


# The reflective parts a final record must have (what? so what? now what?).
REFLECTIVE_FIELDS = ("description", "what_learnt", "impact")


class CpdRecord(models.Model):
    """One piece of CPD. ``(user, source_kind, source_id)`` is unique when there is a
    source, so making the draft for the same attendance twice gives one record."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_records"
    )
    title = models.CharField(_("title"), max_length=200)
    activity_type = models.CharField(
        _("type of activity"),
        max_length=32,
        choices=ActivityType.choices,
        default=ActivityType.OTHER,
    )
    date = models.DateField(_("date"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    description = models.TextField(
        _("description and why it is relevant"), max_length=4000, blank=True
    )
    what_learnt = models.TextField(_("what you learnt"), max_length=4000, blank=True)
    impact = models.TextField(_("how it changes your practice"), max_length=4000, blank=True)
    peer_reflection = models.BooleanField(_("includes peer reflection"), default=False)
    peer_roles = models.CharField(_("who you reflected with, by role"), max_length=200, blank=True)
    peer_learning = models.TextField(
        _("what you learnt from discussing it with a peer"), max_length=4000, blank=True
    )
    pcf_domains = models.JSONField(_("PCF domains"), default=list, blank=True)
    standards = models.JSONField(_("regulator's standards"), default=list, blank=True)
    source_kind = models.CharField(max_length=40, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    community = models.ForeignKey(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    community_name = models.CharField(max_length=120, blank=True)
    status = models.CharField(
        max_length=16, choices=RecordStatus.choices, default=RecordStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finalised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "source_kind", "source_id"],
                name="uniq_cpd_source_per_user",
                condition=~models.Q(source_kind=""),
            )
        ]
        indexes = [models.Index(fields=["user", "-date"])]

    def __str__(self):
        return f"{self.title} ({self.date})"

    def get_absolute_url(self):
        return reverse("cpd:detail", args=[self.pk])

    @property
    def is_final(self) -> bool:
        return self.status == RecordStatus.FINAL

    @property
    def days(self) -> int:
        """How many days the activity spanned (1 for a single day)."""
        if self.end_date and self.end_date > self.date:
            return (self.end_date - self.date).days + 1
        return 1

    @property
    def missing_reflection(self) -> list[str]:
        return [name for name in REFLECTIVE_FIELDS if not (getattr(self, name) or "").strip()]


class Evidence(models.Model):
    """A link or a file that shows the learning happened (a certificate, notes, slides).
    Files are served only through the owner's (or a share's) checked view, under an
    unguessable name."""

    class Kind(models.TextChoices):
        LINK = "link", _("Link")
        FILE = "file", _("File")

    record = models.ForeignKey(CpdRecord, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    label = models.CharField(_("what it is"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(
        upload_to="cpd/evidence/%Y/", storage=private_storage, blank=True, max_length=200
    )
    file_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.label


class CpdSettings(models.Model):
    """What the person tells us that the profile does not hold: the day their
    registration (or revalidation) period ends, for regulators without a fixed year."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_settings"
    )
    period_ends_on = models.DateField(_("your registration period ends on"), null=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"CPD settings of {self.user_id}"


def share_token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class CpdShare(models.Model):
    """A read-only link to chosen records, for a supervisor or manager who needs no
    account. Only the SHA-256 digest of the link's token is stored; revoking or expiry
    stops it at once (every view checks both)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cpd_shares"
    )
    recipient = models.CharField(_("who it is for, by role"), max_length=120)
    records = models.ManyToManyField(CpdRecord, related_name="shares")
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Share for {self.recipient}"

    def issue_token(self) -> str:
        raw = secrets.token_urlsafe(32)
        self.token_digest = share_token_digest(raw)
        return raw

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now
