from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def notifications(request):
    """The bell's unread count, counted only if a template shows it (one COUNT on a
    partial index), so pages without the bell pay nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"notification_unread_count": 0}
    return {"notification_unread_count": SimpleLazyObject(lambda: unread_count(user))}
