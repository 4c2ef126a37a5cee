"""The notifications part of a subject-access export (``core.personal_data``): the
person's notifications (what they were told; not who caused them), their preferences,
quiet hours, muted threads, devices that get push notifications (name and dates, never
their keys), digests sent, and newsletters they wrote or sent."""

from django.db.models import Q

from practice_commons.core.personal_data import register_exporter, rows

from .models import (
    DigestRun,
    Newsletter,
    Notification,
    NotificationPreference,
    NotificationSettings,
    PushSubscription,
    ThreadMute,
)


def export(user) -> dict:
    return {
        "notifications": rows(
            Notification.objects.filter(recipient=user).order_by("created_at", "pk"),
            "kind",
            "title",
            "body",
            "url",
            "urgent",
            "created_at",
            "read_at",
            "emailed_at",
            "digested_at",
        ),
        "preferences": rows(
            NotificationPreference.objects.filter(user=user).order_by("pk"),
            "kind",
            "community_id",
            "channel",
            "updated_at",
        ),
        "settings": rows(
            NotificationSettings.objects.filter(user=user),
            "timezone",
            "quiet_hours_enabled",
            "quiet_hours",
            "digest_frequency",
            "push_kinds",
            "push_show_private_detail",
            "updated_at",
        ),
        # The devices that get push notifications: what the preferences page shows, never
        # the push address or the keys (they are the browser's, and useless to the person).
        "push_devices": rows(
            PushSubscription.objects.filter(user=user).order_by("created_at", "pk"),
            "device_label",
            "created_at",
            "last_success_at",
        ),
        "muted_threads": rows(
            ThreadMute.objects.filter(user=user).order_by("pk"), "thread_key", "created_at"
        ),
        "digests_sent": rows(
            DigestRun.objects.filter(user=user, sent_at__isnull=False).order_by("sent_at"),
            "period",
            "period_key",
            "sent_at",
            "item_count",
        ),
        # Who received a newsletter is the audience's data, not the author's: counts only.
        "newsletters_written_or_sent": rows(
            Newsletter.objects.filter(Q(author=user) | Q(sent_by=user)).order_by("created_at"),
            "scope_kind",
            "scope_id",
            "subject",
            "body",
            "status",
            "created_at",
            "sent_at",
            "recipient_count",
            you_wrote=lambda n: n.author_id == user.pk,
            you_sent=lambda n: n.sent_by_id == user.pk,
        ),
    }


register_exporter(
    "notifications",
    export,
    covers=[
        "notifications.Notification",
        "notifications.NotificationPreference",
        "notifications.NotificationSettings",
        "notifications.ThreadMute",
        "notifications.PushSubscription",
        "notifications.DigestRun",
        "notifications.Newsletter",
    ],
)
