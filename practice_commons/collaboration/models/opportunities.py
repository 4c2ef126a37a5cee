"""Opportunities to collaborate, and the interest people express in them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Nation, Organisation, Profession

TITLE_MAX_LENGTH = 150
TEXT_MAX_LENGTH = 4000
SHORT_MAX_LENGTH = 200
MESSAGE_MAX_LENGTH = 2000


class OpportunityKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership project")
    JOINT_TRAINING = "joint_training", _("Joint training")
    RESEARCH = "research", _("Research")
    SHADOWING = "shadowing", _("Work-shadowing")
    EVENT_PARTNER = "event_partner", _("Event partner")
    VOLUNTEERING = "volunteering", _("Volunteering")
    SECONDMENT = "secondment", _("Secondment")


# Sectors wanted are organisation types.
Sector = Organisation.Kind


class Opportunity(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    poster = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="collaboration_opportunities",
        help_text=_("Posted in the organisation's name (its admins and champions only)."),
    )
    kind = models.CharField(_("kind"), max_length=32, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    sectors = models.JSONField(_("sectors wanted"), default=list, blank=True)
    professions = models.ManyToManyField(
        Profession, blank=True, related_name="+", verbose_name=_("professions wanted")
    )
    nation = models.CharField(_("nation"), max_length=32, choices=Nation.choices, blank=True)
    area = models.CharField(_("area"), max_length=SHORT_MAX_LENGTH, blank=True)
    commitment = models.CharField(_("commitment"), max_length=SHORT_MAX_LENGTH, blank=True)
    closes_on = models.DateField(_("closing date"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["closes_on", "pk"]
        indexes = [models.Index(fields=["status", "closes_on"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("collaboration:opportunity", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.closes_on >= timezone.localdate()

    def get_sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels.get(s, s)) for s in self.sectors or []]


class InterestStatus(models.TextChoices):
    NEW = "new", _("New")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    DECLINED = "declined", _("Not taken forward")


class Interest(models.Model):
    """Someone's interest in an opportunity. Only the poster and the person see it."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    status = models.CharField(max_length=16, choices=InterestStatus.choices, default="new")
    reply = models.TextField(_("reply"), max_length=MESSAGE_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "person"], name="one_interest_each")
        ]

    def __str__(self):
        return f"{self.person} → {self.opportunity}"
