"""The host's membership register: who is a member of the host, from when, until when.

Membership is a privilege (members-only communities and events), so it rests on rows a
host admin granted, imported or approved, never on what a person says about themselves.
A person is a member while one register row matched to them is valid today
(``valid_on_q``); ``User.is_host_member`` and ``selectors.host_members_q`` both ask that
one question. Ended rows are kept for the audit trail, never deleted.

A person who believes they are a member but is not matched yet makes a claim
(``HostMembershipClaim``) with their membership number; it is matched at once when the
register already vouches for it, and waits for a host admin otherwise.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NUMBER_MAX_LENGTH = 40
REASON_MAX_LENGTH = 500


def valid_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Register rows that make their person a member on ``day``: not ended, started, and
    not past their last day (``valid_until`` is inclusive)."""
    return Q(**{f"{prefix}ended_at__isnull": True, f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


class HostMembership(models.TextChoices):
    """What the register says about a person, for display and the API's
    ``host_membership`` key. Nobody picks it: it is computed."""

    MEMBER = "member", _("Member (verified)")
    NON_MEMBER = "non_member", _("Not a member")


class RegisterSource(models.TextChoices):
    ADMIN = "admin", _("Granted by a host admin")
    IMPORT = "import", _("CSV import")
    CLAIM = "claim", _("Matched claim")


class HostMembershipRecord(models.Model):
    """One entry on the register: an email address and/or a membership number, valid
    between two dates, matched to a person once their address is verified or their claim
    is accepted."""

    email = models.EmailField(_("email address"), blank=True)
    number = models.CharField(_("membership number"), max_length=NUMBER_MAX_LENGTH, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="host_membership_records",
    )
    source = models.CharField(max_length=16, choices=RegisterSource.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    granted_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_MAX_LENGTH)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    end_reason = models.TextField(_("reason for ending"), blank=True, max_length=REASON_MAX_LENGTH)
    expired = models.BooleanField(
        default=False, help_text=_("Ended by the daily expiry rather than by a host admin.")
    )

    class Meta:
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(number=""), name="register_email_or_number"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="register_until_not_before_from",
            ),
            # An open row per number, so a claim or an import finds exactly one.
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(ended_at__isnull=True) & ~Q(number=""),
                name="register_one_open_row_per_number",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "ended_at"], name="register_user_open"),
            models.Index(fields=["email"], name="register_email"),
            models.Index(fields=["valid_until"], name="register_valid_until"),
        ]

    def __str__(self):
        return self.number or self.email

    @property
    def label(self) -> str:
        """How the row is named on pages: the number and the address it was issued to."""
        return " — ".join(p for p in (self.number, self.email) if p)

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.ended_at is None
            and self.valid_from <= day
            and (self.valid_until is None or self.valid_until >= day)
        )

    @property
    def status(self) -> str:
        """``current``, ``future``, ``expired`` (past its last day, or ended by the
        expiry) or ``ended`` (by a host admin)."""
        today = timezone.localdate()
        if self.ended_at is not None:
            return "expired" if self.expired else "ended"
        if self.valid_until is not None and self.valid_until < today:
            return "expired"
        return "future" if self.valid_from > today else "current"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class HostMembershipClaim(models.Model):
    """A person's claim to be a member, with the number the host gave them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="host_membership_claims"
    )
    number = models.CharField(_("membership number"), max_length=NUMBER_MAX_LENGTH, blank=True)
    status = models.CharField(
        max_length=16, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    declared_on_profile = models.BooleanField(
        default=False,
        help_text=_("Made from the old self-declared profile field, before the register."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=REASON_MAX_LENGTH)
    record = models.ForeignKey(
        HostMembershipRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claims",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status="pending"),
                name="register_one_pending_claim_per_person",
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="register_claim_status")]

    def __str__(self):
        return f"{self.user_id}: {self.number or '—'} ({self.status})"
