"""Facts about the signed-in person (``core.facts``): unread notifications, for the bell."""

from django.db.models import Count, IntegerField, Subquery, Value
from django.db.models.functions import Coalesce

from practice_commons.core.facts import register_fact

from .models import Notification


def unread_notifications(user_id: int):
    unread = (
        Notification.objects.filter(recipient_id=user_id, read_at__isnull=True)
        .order_by()
        .values("recipient_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread), Value(0), output_field=IntegerField())


register_fact("unread_notifications", unread_notifications)
