"""``/api/v1/notifications``: the person's own notifications (thin; same selectors and
services as the pages). Someone else's id answers 404, exactly like a missing one."""

from datetime import datetime
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from practice_commons.core.api_pagination import CursorPagination
from practice_commons.core.api_schemas import LIST_MAX, ErrorOut, ObjectId

from . import selectors, services
from .kinds import Channel, DigestFrequency, NotificationKind
from .registry import scope_labels

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


# --- Email preferences (the same selectors and services as the preferences page) ----------

KindChoice = Literal[tuple(NotificationKind.values)]
ChannelChoice = Literal[tuple(Channel.values)]
DigestChoice = Literal[tuple(DigestFrequency.values)]


class KindChannel(Schema):
    kind: KindChoice
    channel: ChannelChoice


class KindChannelOut(KindChannel):
    label: str


class CommunityChannel(Schema):
    community_id: ObjectId
    channel: Literal[("", *Channel.values)] = Field(
        description='"" for the same as your choices for each kind (removes the override).'
    )


class CommunityChannelOut(CommunityChannel):
    name: str


class PreferencesOut(Schema):
    digest_frequency: DigestChoice
    kinds: list[KindChannelOut]
    communities: list[CommunityChannelOut]


class PreferencesIn(Schema):
    digest_frequency: DigestChoice | None = None
    kinds: list[KindChannel] = Field([], max_length=LIST_MAX)
    communities: list[CommunityChannel] = Field(
        [],
        max_length=LIST_MAX,
        description="Only communities listed by GET (those you hear from or set before).",
    )


def _preferences_out(user) -> dict:
    preferences = selectors.preferences_for(user)
    names = scope_labels("community", preferences["communities"].keys())
    return {
        "digest_frequency": selectors.settings_for(user).digest_frequency,
        "kinds": [
            {"kind": kind, "label": str(label), "channel": channel}
            for kind, label, channel in preferences["kinds"]
        ],
        "communities": [
            {"community_id": cid, "name": names.get(cid, ""), "channel": channel}
            for cid, channel in preferences["communities"].items()
        ],
    }


@router.get(
    "/preferences",
    response=PreferencesOut,
    summary="Your email choices: a channel for each kind, overrides for communities, the digest",
)
def preferences_read(request):
    return _preferences_out(request.user)


@router.patch(
    "/preferences",
    response={200: PreferencesOut, 400: ErrorOut},
    summary="Change your email choices (only what you send)",
)
def preferences_update(request, payload: PreferencesIn):
    known = selectors.preferences_for(request.user)["communities"]
    unknown = [c.community_id for c in payload.communities if c.community_id not in known]
    if unknown:
        raise ValidationError(
            {"communities": [_("Not a community you hear from: %s") % ", ".join(map(str, unknown))]}
        )
    services.preferences_update(
        actor=request.user,
        kinds={k.kind: k.channel for k in payload.kinds},
        communities={c.community_id: c.channel for c in payload.communities},
    )
    if payload.digest_frequency is not None:
        services.notification_settings_update(
            actor=request.user, digest_frequency=payload.digest_frequency
        )
    return _preferences_out(request.user)
