"""A minimal CPD record: the draft that attending an event (or a reflective session)
creates. The CPD capability (frameworks, registration-year progress, exports) completes
it later; the fields follow what Social Work England's record asks for."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.models import Community


class ActivityType(models.TextChoices):
    TRAINING = "training", _("Training course")
    CONFERENCE = "conference", _("Conference")
    PEER_REFLECTION = "peer_reflection", _("Peer reflection or community of practice")
    FORUM = "forum", _("Practitioners' forum")
    VISIT = "visit", _("Visit or work shadowing")
    OTHER = "other", _("Other learning")


class RecordStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")


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
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=1, default=0)
    description = models.TextField(
        _("description and why it is relevant"), max_length=4000, blank=True
    )
    peer_reflection = models.BooleanField(_("includes peer reflection"), default=False)
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
        return reverse("cpd:list")
