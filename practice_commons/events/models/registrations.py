"""Who is coming: registrations (with the waiting list), invitations, feedback, and each
person's private calendar feed."""

import secrets

from django.conf import settings
from django.core import signing
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.invitations import InvitationBase
from practice_commons.accounts.models import Organisation, Profession
from practice_commons.communities.models import Community

from .choices import ACTIVE_STATUSES, PLACE_STATUSES, RegistrationStatus, WaitlistReason
from .events import Event, Series

CHECKIN_SALT = "practice_commons.events.checkin"


class Registration(models.Model):
    """One person's place (or place in the queue) at one event.

    What must stay true: one row per (event, person), whatever happens; ``sequence`` is
    taken from ``Event.registration_seq`` while the event row is locked, so it is the
    order in which registrations committed, and the waiting list is ordered by it.
    Cancelling keeps the row (a later registration reuses it with a new sequence).
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=16, choices=RegistrationStatus.choices)
    sequence = models.PositiveIntegerField()
    waitlist_reason = models.CharField(
        max_length=16, choices=WaitlistReason.choices, default=WaitlistReason.NONE, blank=True
    )
    # The person's agency and profession when they registered: co-hosts see their own
    # agency's people, and the profession mix is counted on what was true at the time.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    profession = models.ForeignKey(
        Profession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    is_trial = models.BooleanField(default=False)
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    invitation = models.ForeignKey(
        "EventInvitation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    attended_at = models.DateTimeField(null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["event_id", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="uniq_event_registration"),
        ]
        indexes = [
            models.Index(fields=["event", "status", "sequence"]),
            models.Index(fields=["user", "status"]),
            models.Index(fields=["status", "offer_expires_at"]),
        ]

    def __str__(self):
        return f"{self.user} at {self.event} ({self.status})"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def attended(self) -> bool:
        return self.attended_at is not None

    @property
    def checkin_code(self) -> str:
        """The signed code in the person's QR ticket; only this registration's id."""
        return signing.dumps({"r": self.pk}, salt=CHECKIN_SALT, compress=True)


class EventInvitation(InvitationBase):
    """An invitation by email to an event, from an organiser on behalf of a community.
    Its link's token is stored only as a digest (``accounts.invitations.InvitationBase``);
    the row says whether it was sent, used or withdrawn."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    message = models.TextField(max_length=1000, blank=True)
    community = models.ForeignKey(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["event", "email"])]

    def __str__(self):
        return f"Invitation to {self.event} for {self.email}"

    def get_absolute_url(self):
        """The invitee's page for it when signed in, without the link's token."""
        return reverse("events:your_invitation", kwargs={"invitation_id": self.pk})

    def usable_by(self, user, now=None) -> bool:
        """Whether ``user`` may register with it: the person who accepted it may come back
        (to register again after cancelling); once accepted, nobody else may."""
        now = now or timezone.now()
        return (
            self.withdrawn_at is None
            and self.expires_at > now
            and self.accepted_by_id in (None, user.pk)
        )


class Feedback(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("how useful was it?"))
    learnt = models.TextField(_("what did you learn?"), max_length=2000, blank=True)
    impact = models.TextField(
        _("what will you do differently in your practice?"), max_length=2000, blank=True
    )
    comments = models.TextField(_("anything else for the organisers?"), max_length=2000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_5"
            )
        ]

    def __str__(self):
        return f"Feedback on {self.registration_id}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private iCalendar feed. The token in its URL is the only key, and only its
    SHA-256 digest is stored (``accounts.invitations.hash_token``): the address is shown
    once, when it is made, and a copy of the database opens nobody's calendar. It can be
    revoked (row deleted) or replaced (new token) at any time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Calendar feed of {self.user}"


def feed_path(token: str) -> str:
    """The feed's address: only the person who was just given the token can build it."""
    return reverse("events:feed", kwargs={"token": token})
