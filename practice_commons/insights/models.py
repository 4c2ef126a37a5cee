"""Value-creation stories (written by members, curated by facilitators) and snapshots of
the interaction network (computed by a background task, read by the networkers pages)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.models import Community

TEXT_MAX_LENGTH = 3000
TITLE_MAX_LENGTH = 150


class Cycle(models.TextChoices):
    """The value-creation cycles (Wenger, Trayner and de Laat; ``shared/domain.md``)."""

    IMMEDIATE = "immediate", _("Immediate value: the activity itself was worthwhile")
    POTENTIAL = "potential", _("Potential value: knowledge capital (skills, contacts, resources)")
    APPLIED = "applied", _("Applied value: it changed what I do")
    REALISED = "realised", _("Realised value: the change improved outcomes or performance")
    TRANSFORMATIVE = "transformative", _("Transformative value: it changed what counts as success")
    STRATEGIC = "strategic", _("Strategic value: it shaped how leaders and the organisation see it")
    ENABLING = "enabling", _("Enabling value: it made the conditions for learning better")


CYCLE_SHORT = {
    "immediate": "Immediate",
    "potential": "Potential",
    "applied": "Applied",
    "realised": "Realised",
    "transformative": "Transformative",
    "strategic": "Strategic",
    "enabling": "Enabling",
}


class ValueStory(models.Model):
    """One thread through the cycles: what happened → what it gave me → how I used it →
    what difference it made, with the evidence. Private to its author and the
    community's facilitators until the author consents to publish."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="value_stories")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="value_stories"
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    cycles = models.JSONField(_("value-creation cycles"), default=list)
    what_happened = models.TextField(
        _("what happened in the community"), max_length=TEXT_MAX_LENGTH
    )
    what_it_gave = models.TextField(_("what it gave you"), max_length=TEXT_MAX_LENGTH)
    how_used = models.TextField(_("how you used it"), max_length=TEXT_MAX_LENGTH, blank=True)
    difference = models.TextField(
        _("what difference it made"), max_length=TEXT_MAX_LENGTH, blank=True
    )
    evidence = models.TextField(_("evidence"), max_length=TEXT_MAX_LENGTH, blank=True)
    consent_to_publish = models.BooleanField(_("may be published"), default=False)
    featured = models.BooleanField(default=False)
    featured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    featured_at = models.DateTimeField(null=True, blank=True)
    # A facilitator hides a story from everyone but its author and the facilitators
    # (off-topic, or not for this community); a hidden story is never featured.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("insights:stories", args=[self.community.slug]) + f"#story-{self.pk}"

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def cycle_labels(self) -> list[str]:
        return [CYCLE_SHORT.get(c, c) for c in self.cycles]


class NetworkSnapshot(models.Model):
    """The interaction network as computed at one moment: totals, the bridging people
    (ids and scores; pages name only those who chose to be networkers), organisation
    pairs and suggestions. Pages read the newest row."""

    computed_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0)
    people = models.PositiveIntegerField(default=0)
    connections = models.PositiveIntegerField(default=0)
    organisations = models.PositiveIntegerField(default=0)
    isolated = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["-computed_at", "-pk"]
        get_latest_by = "computed_at"

    def __str__(self):
        return f"Network at {self.computed_at:%Y-%m-%d %H:%M}"
