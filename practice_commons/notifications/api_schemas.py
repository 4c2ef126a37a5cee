"""The notifications API's schemas (``api.py`` holds the operations): notifications, email
and push preferences, quiet hours, muted conversations, newsletters and push
subscriptions. Each input schema carries an example body."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from practice_commons.core.api_pagination import next_field
from practice_commons.core.api_schemas import LIST_MAX, ObjectId, example

from . import quiet
from .kinds import Channel, DigestFrequency, NotificationKind


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
    push_kinds: list[KindChoice] = Field(
        description="The kinds sent to your devices as push notifications (none by default)."
    )
    push_show_private_detail: bool = Field(
        description="Whether push notices about communities that are not public, and private "
        "messages, show their titles, names and text (otherwise a generic sentence)."
    )


class PreferencesIn(Schema):
    model_config = example(
        {
            "digest_frequency": "weekly",
            "kinds": [
                {"kind": "reply", "channel": "immediately"},
                {"kind": "new_thread", "channel": "daily"},
            ],
            "push_kinds": ["message", "event_changed"],
        }
    )

    digest_frequency: DigestChoice | None = None
    kinds: list[KindChannel] = Field([], max_length=LIST_MAX)
    communities: list[CommunityChannel] = Field(
        [],
        max_length=LIST_MAX,
        description="Only communities listed by GET (those you hear from or set before).",
    )
    push_kinds: list[KindChoice] | None = Field(None, max_length=LIST_MAX)
    push_show_private_detail: bool | None = None


WEEKDAYS = Literal[tuple(quiet.WEEKDAY_KEYS)]


class QuietHoursOut(Schema):
    timezone: str = Field(description="An IANA time zone, e.g. Europe/London.")
    quiet_hours_enabled: bool = Field(
        description="Whether emails and pushes wait for the end of your quiet hours."
    )
    days: dict[str, list[str]] = Field(
        description='Quiet times per weekday ("0" Monday to "6" Sunday), each "HH:MM-HH:MM" '
        'in your time zone; "24:00" ends a time at midnight.',
        examples=[{"0": ["00:00-08:00", "19:00-24:00"], "5": ["00:00-24:00"]}],
    )


class QuietHoursIn(Schema):
    model_config = example(
        {
            "timezone": "Europe/London",
            "quiet_hours_enabled": True,
            "days": {
                "0": ["00:00-08:00", "19:00-24:00"],
                "5": ["00:00-24:00"],
                "6": ["00:00-24:00"],
            },
        }
    )

    timezone: str | None = Field(None, max_length=64)
    quiet_hours_enabled: bool | None = None
    days: (
        dict[WEEKDAYS, Annotated[list[Annotated[str, Field(max_length=11)]], Field(max_length=24)]]
        | None
    ) = Field(
        None,
        max_length=7,
        description="Every weekday you send replaces that day's times; a day you leave out "
        "keeps its times. An empty list: no quiet time that day.",
    )


class ThreadKeyIn(Schema):
    model_config = example({"thread_key": "discussions.thread:12"})

    thread_key: str = Field(
        max_length=120,
        description='The conversation, as its notifications name it, e.g. "discussions.thread:12".',
    )


class AudienceOut(Schema):
    kind: str = Field(description='The audience kind, e.g. "community" or "organisation".')
    id: int
    label: str


class NewsletterItemOut(Schema):
    title: str
    url: str
    summary: str
    section: str


class NewsletterOut(Schema):
    id: int
    audience: AudienceOut
    subject: str
    body: str = Field(description="Markdown, as written.")
    items: list[NewsletterItemOut]
    status: Literal["draft", "sent"]
    author: str
    created_at: datetime
    sent_at: datetime | None
    recipient_count: int


class NewsletterIndexOut(Schema):
    audiences: list[AudienceOut] = Field(description="The audiences you may write to.")
    drafts: list[NewsletterOut] = Field(description="Your latest 20 drafts.")


class NewsletterCandidateOut(NewsletterItemOut):
    key: str = Field(description="What to send in items to include it.")


class NewsletterIn(Schema):
    model_config = example(
        {
            "subject": "Riverside safeguarding: March round-up",
            "body": "This month the group looked at **chronologies in neglect cases** and how "
            "to keep them short enough to use.\n\nThank you to everyone who shared a tool "
            "that worked in their team.",
            "items": [],
            "confidentiality_acknowledged": False,
        }
    )

    subject: str = Field(max_length=200)
    body: str = Field(max_length=20000, description="Markdown.")
    items: list[Annotated[str, Field(max_length=600)]] = Field(
        [],
        max_length=30,
        description="Keys from the audience's candidates, listed under the message.",
    )
    confidentiality_acknowledged: bool = False


class NewsletterListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[NewsletterOut]
    next: str | None = next_field()


class PushKeysIn(Schema):
    p256dh: str = Field(
        max_length=200, description="The browser's P-256 public key (65 bytes), base64url."
    )
    auth: str = Field(
        max_length=200, description="The browser's auth secret (16 bytes), base64url."
    )


class PushSubscriptionIn(Schema):
    """What a browser's ``PushSubscription.toJSON()`` gives."""

    model_config = example(
        {
            "endpoint": "https://fcm.googleapis.com/fcm/send/dQw1xR8cN0s:APA91bH5practicecommons",
            "keys": {
                "p256dh": "BCHls6WYH_eVAddU1SpONUn1c5u_MrF8uoLKu5fXe0my"
                "glHd7xj9y0YoNfaqWwp4cDnRwgg09hyQh1hBufqOLK8",
                "auth": "ysiEhrr0Vl1o5ehnSFonPw",
            },
        }
    )

    endpoint: str = Field(max_length=1000, description="The push service's https address.")
    keys: PushKeysIn


class PushSubscriptionOut(Schema):
    id: int
    device_label: str
    endpoint: str
    created_at: datetime
    last_success_at: datetime | None
