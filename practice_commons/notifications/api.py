"""``/api/v1/notifications``: the person's own notifications (thin; same selectors and
services as the pages). Someone else's id answers 404, exactly like a missing one."""

from datetime import datetime

from ninja import Router, Schema
from ninja.pagination import paginate

from practice_commons.core.api_pagination import CursorPagination
from practice_commons.core.api_schemas import ErrorOut

from . import selectors, services

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    actor: str | None
    community_id: int | None
    urgent: bool
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return obj.actor.display_name if obj.actor_id and obj.actor else None


class ReadAllOut(Schema):
    marked_read: int


class UnreadOut(Schema):
    unread: int


@router.get(
    "",
    response={200: list[NotificationOut], 400: ErrorOut},
    summary="Your notifications, newest first",
)
@paginate(CursorPagination, scope="notifications")
def list_notifications(request):
    return selectors.notifications_for(request.user)


@router.get("/unread-count", response=UnreadOut, summary="How many are unread")
def unread_count(request):
    return {"unread": selectors.unread_count(request.user)}


@router.post("/read-all", response=ReadAllOut, summary="Mark all your notifications read")
def read_all(request):
    return {"marked_read": services.notifications_mark_all_read(actor=request.user)}


@router.post(
    "/{notification_id}/read", response=NotificationOut, summary="Mark one notification read"
)
def read_one(request, notification_id: int):
    return services.notification_mark_read(actor=request.user, notification_id=notification_id)
