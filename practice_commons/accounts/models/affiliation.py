"""Verified organisation affiliation: an organisation's verified email domains, a person's
request to be recognised as working there, and staff invitations from bulk onboarding.

Nothing here grants anything by itself. ``OrganisationMembership`` is the one verified
fact that pages, figures and roles read; a row is created only when a request or an
invitation is verified. Tokens sent by email are stored only as SHA-256 digests, so a
copy of the database cannot be used to confirm anyone's affiliation.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import Organisation

DOMAIN_MAX_LENGTH = 253
DECLINE_REASON_MAX_LENGTH = 500
TEAM_MAX_LENGTH = 120


def new_token() -> tuple[str, str]:
    """A random token for a link, and the digest that is all we keep of it."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class OrganisationDomain(models.Model):
    """An email domain (``leeds.gov.uk``) a host admin has confirmed belongs to one
    organisation: a link emailed to an address there verifies a person's affiliation."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domain"), max_length=DOMAIN_MAX_LENGTH, unique=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class AffiliationRequest(models.Model):
    """A person's wish to be recognised as working at an organisation. Pending until the
    link sent to their work email is followed, or an admin approves it; at most one is
    pending per person (choosing another organisation withdraws the last one)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        VERIFIED = "verified", _("Verified")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Route(models.TextChoices):
        DOMAIN_EMAIL = "domain_email", _("A link sent to a work email at a verified domain")
        ORGANISATION_ADMINS = "org_admins", _("The organisation's admins")
        HOST_ADMINS = "host_admins", _("The host's admins")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    route = models.CharField(max_length=16, choices=Route.choices)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    work_email = models.EmailField(_("work email"), blank=True)
    token_digest = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    new_organisation = models.BooleanField(
        default=False, help_text=_("The person added this organisation with their request.")
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(blank=True, max_length=DECLINE_REASON_MAX_LENGTH)
    outcome_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="one_pending_affiliation_per_person",
            )
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def link_expired(self) -> bool:
        return self.token_expires_at is not None and self.token_expires_at <= timezone.now()


class OnboardingImport(models.Model):
    """One CSV of staff an organisation admin uploaded. Rows are checked first (nothing
    but this record is written until the admin confirms the preview); large files are
    checked and imported by a background task, which updates ``processed_rows``."""

    class Status(models.TextChoices):
        VALIDATING = "validating", _("Checking the file")
        INVALID = "invalid", _("Errors to fix")
        PREVIEW = "preview", _("Ready to invite")
        IMPORTING = "importing", _("Sending invitations")
        DONE = "done", _("Done")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="onboarding_imports"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.VALIDATING)
    confidentiality_acknowledged = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    # Before checking: the rows as read. After: [name, email, profession id, team, outcome].
    rows = models.JSONField(default=list, blank=True)
    # [{"row": 2, "column": "email", "message": "..."}], never the text of a cell.
    errors = models.JSONField(default=list, blank=True)
    invited_count = models.PositiveIntegerField(default=0)
    already_invited_count = models.PositiveIntegerField(default=0)
    already_member_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.organisation} — {self.file_name} ({self.get_status_display()})"

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.VALIDATING, self.Status.IMPORTING)

    @property
    def percent_done(self) -> int:
        if not self.total_rows:
            return 100
        return min(100, self.processed_rows * 100 // self.total_rows)


class OnboardingInvitation(models.Model):
    """An invitation for one member of staff, at most one per organisation and address.
    Following its link and signing in (or signing up) with that address, verified,
    verifies their affiliation and fills in their profile from the row."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="onboarding_invitations"
    )
    email = models.EmailField(_("work email"))
    full_name = models.CharField(_("name"), max_length=150)
    profession = models.ForeignKey(
        "accounts.Profession", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    team = models.CharField(_("team"), max_length=TEAM_MAX_LENGTH, blank=True)
    token_digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    source_import = models.ForeignKey(
        OnboardingImport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"], name="one_invitation_per_org_and_email"
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
