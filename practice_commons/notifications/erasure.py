"""What an erased account leaves in other people's notifications (``core.erasure``):
their own notifications go with the account (foreign key), and in the ones they caused
for others ("New message from …") their name becomes "A former member". Their devices
(push subscriptions) are deleted."""

from django.db.models import F, Value
from django.db.models.functions import Replace

from practice_commons.core.erasure import register_eraser

from .models import Notification, PushSubscription

FORMER_MEMBER = "A former member"


def erase(user) -> None:
    # Their devices stop at once (the foreign key would remove them with the account too).
    PushSubscription.objects.filter(user=user).delete()
    name = user.full_name.strip()
    if not name:
        return
    Notification.objects.filter(actor=user).update(
        title=Replace(F("title"), Value(name), Value(FORMER_MEMBER)),
        body=Replace(F("body"), Value(name), Value(FORMER_MEMBER)),
    )


register_eraser("notifications", erase)
