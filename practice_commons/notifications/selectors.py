"""Reads of notifications and preferences, already limited to the person asking."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet

from practice_commons.core.errors import NotFound

from .kinds import DEFAULT_CHANNELS, Channel, NotificationKind, default_channel
from .models import (
    Newsletter,
    Notification,
    NotificationPreference,
    NotificationSettings,
    PushSubscription,
    ThreadMute,
)
from .newsletters import audience, audiences, newsletters_for_scope

# A community row on the preferences page applies to every kind from that community.
ALL_KINDS = "all"


def unread_of(user_id: int) -> QuerySet[Notification]:
    """The person's unread notifications (the partial index ``notif_unread``)."""
    return Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_of(user.pk).count()


def notifications_for(user) -> QuerySet[Notification]:
    return (
        Notification.objects.filter(recipient=user)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )


def notification_for(user, notification_id: int) -> Notification:
    """The person's own notification, or ``NotFound`` (someone else's id looks like a
    missing one)."""
    notification = Notification.objects.filter(recipient=user, pk=notification_id).first()
    if notification is None:
        raise NotFound
    return notification


def is_thread_muted(user, thread_key: str) -> bool:
    if not thread_key or not getattr(user, "is_authenticated", False):
        return False
    return ThreadMute.objects.filter(user=user, thread_key=thread_key).exists()


def muted_user_ids(user_ids: Iterable[int], thread_key: str) -> set[int]:
    if not thread_key:
        return set()
    return set(
        ThreadMute.objects.filter(user_id__in=list(user_ids), thread_key=thread_key).values_list(
            "user_id", flat=True
        )
    )


def channels_for(user_ids: list[int], kind: str, community_id: int | None) -> dict[int, str]:
    """The email channel for ``kind`` for each person, in one query.

    Most specific wins: this kind in this community, then any kind in this community,
    then the person's default for the kind, then the built-in default."""
    found: dict[int, dict[tuple[str, bool], str]] = {}
    rows = NotificationPreference.objects.filter(user_id__in=user_ids)
    if community_id is None:
        rows = rows.filter(kind=kind, community_id__isnull=True)
    else:
        rows = rows.filter(
            Q(kind=kind, community_id__isnull=True)
            | Q(kind__in=[kind, ALL_KINDS], community_id=community_id)
        )
    for user_id, row_kind, row_community, channel in rows.values_list(
        "user_id", "kind", "community_id", "channel"
    ):
        found.setdefault(user_id, {})[(row_kind, row_community is not None)] = channel
    fallback = default_channel(kind)
    result = {}
    for user_id in user_ids:
        prefs = found.get(user_id, {})
        result[user_id] = (
            prefs.get((kind, True))
            or prefs.get((ALL_KINDS, True))
            or prefs.get((kind, False))
            or fallback
        )
    return result


def settings_of(user) -> NotificationSettings:
    """The person's settings row, or an unsaved row holding the defaults. Uses the row
    already loaded by ``select_related("notification_settings")`` when there is one."""
    try:
        return user.notification_settings
    except ObjectDoesNotExist:
        return NotificationSettings(user=user)


def settings_for(user) -> NotificationSettings:
    return NotificationSettings.objects.filter(user=user).first() or NotificationSettings(user=user)


def preferences_for(user) -> dict:
    """What the preferences page shows: the channel for each kind, and the override for
    each community the person has heard from or set a preference for."""
    rows = list(
        NotificationPreference.objects.filter(user=user).values_list(
            "kind", "community_id", "channel"
        )
    )
    defaults = {kind: channel for kind, community, channel in rows if community is None}
    community_overrides = {
        community: channel
        for kind, community, channel in rows
        if community is not None and kind == ALL_KINDS
    }
    community_ids = set(community_overrides) | set(
        Notification.objects.filter(recipient=user, community_id__isnull=False)
        .values_list("community_id", flat=True)
        .distinct()
    )
    return {
        "kinds": [
            (kind, label, defaults.get(kind, DEFAULT_CHANNELS.get(kind, Channel.IMMEDIATELY)))
            for kind, label in NotificationKind.choices
        ],
        "communities": {cid: community_overrides.get(cid, "") for cid in sorted(community_ids)},
    }


def due_email_ids(now: datetime, *, limit: int = 1000) -> list[int]:
    """Emails whose time has come and that no worker holds (quiet hours ended, retries)."""
    return list(
        Notification.objects.filter(
            emailed_at__isnull=True, email_due_at__isnull=False, email_due_at__lte=now
        )
        .filter(Q(email_lease_until__isnull=True) | Q(email_lease_until__lt=now))
        .order_by("email_due_at")
        .values_list("pk", flat=True)[:limit]
    )


def newsletter_for_viewer(user, newsletter_id: int) -> Newsletter:
    """A newsletter the person may read: drafts only for those who may send it, sent ones
    for its audience. ``NotFound`` otherwise, so ids of other scopes' drafts are not
    confirmed."""
    newsletter = Newsletter.objects.select_related("author").filter(pk=newsletter_id).first()
    if newsletter is None:
        raise NotFound
    aud = audience(newsletter.scope_kind)
    if newsletter.is_sent:
        if not aud.may_view(user, newsletter.scope_id):
            raise NotFound
    elif not aud.can_send(user, newsletter.scope_id):
        raise NotFound
    return newsletter


def newsletter_audience_for_sender(user, scope_kind: str, scope_id: int):
    """The audience, if ``user`` may write to it; ``NotFound`` otherwise (an unknown kind
    too), so the pages and the API do not confirm audiences to others."""
    aud = audience(scope_kind)
    if not aud.can_send(user, scope_id):
        raise NotFound
    return aud


def newsletter_archive_for_reader(user, scope_kind: str, scope_id: int) -> QuerySet[Newsletter]:
    """An audience's sent newsletters, for its readers and senders; ``NotFound`` otherwise."""
    aud = audience(scope_kind)
    if not aud.may_view(user, scope_id):
        raise NotFound
    return newsletters_for_scope(scope_kind, scope_id).select_related("author")


def newsletter_audiences_for(user) -> list[tuple[str, int]]:
    """``(kind, id)`` of every audience ``user`` may write newsletters to."""
    return [
        (aud.kind, scope_id)
        for aud in audiences()
        if aud.scopes_for is not None
        for scope_id in aud.scopes_for(user)
    ]


def newsletters_drafted_by(user) -> QuerySet[Newsletter]:
    return Newsletter.objects.filter(author=user).order_by("-updated_at")


def push_subscriptions_for(user) -> QuerySet[PushSubscription]:
    """The person's own devices, newest first."""
    return PushSubscription.objects.filter(user=user).order_by("-created_at", "-id")
