from practice_commons.core.facts import fact


def notifications(request):
    """The bell's unread count: a fact read with the signed-in person (``notifications.facts``),
    so showing it costs no query of its own."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notification_unread_count": 0}
    return {"notification_unread_count": fact(user, "unread_notifications")}
