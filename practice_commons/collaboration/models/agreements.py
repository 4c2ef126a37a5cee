"""Written collaboration agreements between organisations.

The text is versioned: ``AgreementVersion`` holds the structured terms, the canonical
text built from them and its SHA-256. A party's named contact accepts one exact version
(``Acceptance`` records person, time and the hash they saw). Any change once a version
has been accepted makes a new version that every party accepts again; old versions stay
readable. ``Agreement.current_version`` and ``state`` change only in services, under a
row lock on the agreement (``SELECT … FOR UPDATE``), so two acceptances, or an edit and
an acceptance, cannot leave parties accepted on different versions.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Organisation

TITLE_MAX_LENGTH = 150
TEXT_MAX_LENGTH = 4000


class AgreementKind(models.TextChoices):
    COLLABORATION = "collaboration", _("Collaboration agreement")
    SHADOWING = "shadowing", _("Work-shadowing agreement")


class AgreementState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    ACTIVE = "active", _("Active")
    UNDER_REVIEW = "under_review", _("Under review")
    RENEWED = "renewed", _("Renewed")
    ENDED = "ended", _("Ended")


# States in which the agreement is running (agreed by everyone, not ended).
RUNNING_STATES = (AgreementState.ACTIVE, AgreementState.UNDER_REVIEW, AgreementState.RENEWED)


class Agreement(models.Model):
    kind = models.CharField(max_length=16, choices=AgreementKind.choices, default="collaboration")
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    state = models.CharField(
        max_length=16, choices=AgreementState.choices, default=AgreementState.DRAFT
    )
    current_version = models.PositiveIntegerField(default=1)
    agreed_version = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The last version every party accepted.")
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    # Copied from the current version, for lists, reminders and the register.
    start_on = models.DateField(null=True, blank=True)
    end_on = models.DateField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    published = models.BooleanField(
        _("list on the public register"),
        default=False,
        help_text=_("What, who and since when, once active. Every party's contact can change it."),
    )
    opportunity = models.ForeignKey(
        "collaboration.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    shadowing_response = models.OneToOneField(
        "collaboration.ShadowingResponse",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreement",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "review_on"]),
            models.Index(fields=["published", "state"]),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("collaboration:agreement", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.state in RUNNING_STATES


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agreement_contacts"
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation"], name="one_party_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.contact})"


class AgreementVersion(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    terms = models.JSONField(default=dict)
    text = models.TextField()
    text_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "number"], name="one_version_number")
        ]

    def __str__(self):
        return f"{self.agreement} v{self.number}"


class Acceptance(models.Model):
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.CASCADE, related_name="acceptances"
    )
    party = models.ForeignKey(AgreementParty, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text_hash = models.CharField(max_length=64)
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["accepted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "party"], name="one_acceptance_per_party")
        ]

    def __str__(self):
        return f"{self.person} accepted {self.version}"


class AgreementMilestone(models.Model):
    """A milestone of the current version (rebuilt with each version, so reminders and
    the overdue view query rows, not JSON)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=TITLE_MAX_LENGTH)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self):
        return f"{self.title} ({self.due_on})"
