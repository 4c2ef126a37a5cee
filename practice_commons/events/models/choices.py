"""The vocabularies of events, kept apart so forms, the API and the seeder share them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventKind(models.TextChoices):
    COMMUNITY_MEETING = "community_meeting", _("Community meeting")
    REFLECTIVE_SESSION = "reflective_session", _("Reflective session")
    JOINT_TRAINING = "joint_training", _("Joint training course")
    PRACTITIONERS_FORUM = "practitioners_forum", _("Practitioners' forum")
    VISIT = "visit", _("Visit")
    SOCIAL = "social", _("Social event")
    CONFERENCE = "conference", _("Conference")


# Kinds whose attendance counts as peer reflection in a CPD record (Social Work England
# names a community of practice and an action learning set as peer reflection).
PEER_REFLECTION_KINDS = frozenset({EventKind.COMMUNITY_MEETING, EventKind.REFLECTIVE_SESSION})


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid (in person and online)")


class Audience(models.TextChoices):
    SIGNED_IN = "signed_in", _("Anyone signed in")
    # The host community's own members, whatever their host membership (a community's
    # own reflective sessions and meetings); needs a host community.
    COMMUNITY = "community", _("Members of the host community")
    MEMBERS = "members", _("Host members only")
    INVITATION = "invitation", _("By invitation only")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    OFFERED = "offered", _("Place offered: confirm it")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Offer expired")


class WaitlistReason(models.TextChoices):
    NONE = "", _("None")
    FULL = "full", _("The event is full")
    PROFESSION_MIX = "profession_mix", _("Places for your profession are taken")


# A registration in these states holds a place (an offer holds it until its deadline).
PLACE_STATUSES = (RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED)
# ... and in these it is still live (counts for the trial rule and stops a second row).
ACTIVE_STATUSES = (*PLACE_STATUSES, RegistrationStatus.WAITLISTED)
