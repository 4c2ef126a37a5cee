"""What a notification can be about, and how each kind reaches people by default.

Other apps import ``NotificationKind`` and pass its values to ``services.notify``.
Adding a kind means adding it here with a default channel; the preferences page and
the unsubscribe links pick it up from this module.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Replies to your threads")
    MENTION = "mention", _("Mentions of you")
    ANSWER_ACCEPTED = "answer_accepted", _("Your answers accepted")
    NEW_THREAD = "new_thread", _("New threads in your communities")
    JOIN_REQUEST = "join_request", _("Requests to join communities you run")
    INVITATION = "invitation", _("Invitations")
    EVENT_CHANGED = "event_changed", _("Changes to events you are going to")
    EVENT_CANCELLED = "event_cancelled", _("Cancelled events")
    WAITLIST_PROMOTED = "waitlist_promoted", _("Places offered from a waiting list")
    REMINDER = "reminder", _("Reminders")
    AGREEMENT_TO_ACCEPT = "agreement_to_accept", _("Agreements waiting for you")
    REVIEW_DUE = "review_due", _("Agreement reviews due")
    REPORT_OUTCOME = "report_outcome", _("Outcomes of your reports")
    CPD_DEADLINE = "cpd_deadline", _("CPD deadlines")
    NEWSLETTER = "newsletter", _("Newsletters")
    MESSAGE = "message", _("Private messages")
    MEMBERSHIP_CHANGE = "membership_change", _("Changes to your community memberships")
    HOST_MEMBERSHIP = "host_membership", _("Changes to your host membership")
    PERSONAL_DATA = "personal_data", _("Your data ready to download")
    ACCOUNT = "account", _("Your account (before it is deleted for inactivity)")


class Channel(models.TextChoices):
    """How a notification's email goes out. The in-app notification is recorded whatever
    the channel (unless the thread is muted): channels govern email only."""

    IMMEDIATELY = "immediately", _("Email me straight away")
    DAILY = "daily", _("Include in my daily digest")
    WEEKLY = "weekly", _("Include in my weekly digest")
    OFF = "off", _("Do not email me")


class DigestPeriod(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class DigestFrequency(models.TextChoices):
    """How often the summary digest (new threads, events, requests…) is sent."""

    DAILY = "daily", _("Every morning")
    WEEKLY = "weekly", _("Every Monday morning")
    OFF = "off", _("Never")


DEFAULT_CHANNELS: dict[str, str] = {
    NotificationKind.REPLY: Channel.IMMEDIATELY,
    NotificationKind.MENTION: Channel.IMMEDIATELY,
    NotificationKind.ANSWER_ACCEPTED: Channel.IMMEDIATELY,
    NotificationKind.NEW_THREAD: Channel.DAILY,
    NotificationKind.JOIN_REQUEST: Channel.IMMEDIATELY,
    NotificationKind.INVITATION: Channel.IMMEDIATELY,
    NotificationKind.EVENT_CHANGED: Channel.IMMEDIATELY,
    NotificationKind.EVENT_CANCELLED: Channel.IMMEDIATELY,
    NotificationKind.WAITLIST_PROMOTED: Channel.IMMEDIATELY,
    NotificationKind.REMINDER: Channel.IMMEDIATELY,
    NotificationKind.AGREEMENT_TO_ACCEPT: Channel.IMMEDIATELY,
    NotificationKind.REVIEW_DUE: Channel.DAILY,
    NotificationKind.REPORT_OUTCOME: Channel.IMMEDIATELY,
    NotificationKind.CPD_DEADLINE: Channel.WEEKLY,
    NotificationKind.NEWSLETTER: Channel.IMMEDIATELY,
    NotificationKind.MESSAGE: Channel.IMMEDIATELY,
    NotificationKind.MEMBERSHIP_CHANGE: Channel.IMMEDIATELY,
    NotificationKind.HOST_MEMBERSHIP: Channel.IMMEDIATELY,
    NotificationKind.PERSONAL_DATA: Channel.IMMEDIATELY,
    NotificationKind.ACCOUNT: Channel.IMMEDIATELY,
}

DEFAULT_DIGEST_FREQUENCY = DigestFrequency.WEEKLY

# The unsubscribe token for a digest email carries this instead of a kind.
DIGEST_UNSUBSCRIBE_KIND = "digest"


def default_channel(kind: str) -> str:
    return DEFAULT_CHANNELS.get(kind, Channel.IMMEDIATELY)
