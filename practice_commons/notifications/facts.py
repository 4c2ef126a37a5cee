"""Facts about the signed-in person (``core.facts``): unread notifications, for the bell."""

from practice_commons.core.facts import count_of, register_fact

from .models import Notification


def unread_notifications(user_id: int):
    unread = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
    return count_of(unread, "recipient_id")


register_fact("unread_notifications", unread_notifications)
