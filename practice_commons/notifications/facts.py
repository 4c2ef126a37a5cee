"""Facts about the signed-in person (``core.facts``): unread notifications, for the bell."""

from practice_commons.core.facts import count_of, register_fact

from .selectors import unread_of


def unread_notifications(user_id: int):
    return count_of(unread_of(user_id), "recipient_id")


register_fact("unread_notifications", unread_notifications)
