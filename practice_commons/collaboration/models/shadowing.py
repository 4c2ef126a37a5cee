"""Work-shadowing offers ("a police officer can shadow our MASH for a day") and
requests, the responses to them, and (through ``Agreement.shadowing_response``) the
simple agreement that arranges one."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Nation, Organisation, Profession

from .opportunities import MESSAGE_MAX_LENGTH, SHORT_MAX_LENGTH, TEXT_MAX_LENGTH, TITLE_MAX_LENGTH


class ShadowingKind(models.TextChoices):
    OFFER = "offer", _("Offer: someone can shadow us")
    REQUEST = "request", _("Request: I would like to shadow")


class ShadowingListing(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("offer or request"), max_length=16, choices=ShadowingKind.choices)
    poster = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    description = models.TextField(_("description"), max_length=TEXT_MAX_LENGTH)
    profession = models.ForeignKey(
        Profession,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("profession"),
        help_text=_("Offers: who may shadow. Requests: whom you would like to shadow."),
    )
    nation = models.CharField(_("nation"), max_length=32, choices=Nation.choices, blank=True)
    area = models.CharField(_("area"), max_length=SHORT_MAX_LENGTH, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("collaboration:shadowing_detail", args=[self.pk])


class ShadowingResponse(models.Model):
    listing = models.ForeignKey(
        ShadowingListing, on_delete=models.CASCADE, related_name="responses"
    )
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["listing", "person"], name="one_response_each")
        ]

    def __str__(self):
        return f"{self.person} → {self.listing}"
