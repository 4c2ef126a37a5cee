"""Schemas of the threads and messages API beside ``api.py`` (``api_more.py`` holds the
operations): following, moderating, moving, polls, editing posts and private messages.
Each input schema carries an example body."""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from practice_commons.core.api_pagination import next_field
from practice_commons.core.api_schemas import ObjectId, example

from .models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH

DetailKey = Annotated[str, Field(max_length=50)]
DetailValue = Annotated[str, Field(max_length=2000)]


class FollowingIn(Schema):
    model_config = example({"following": True})

    following: bool


class FollowingOut(Schema):
    following: bool


class ModerationIn(Schema):
    model_config = example({"action": "lock"})

    action: Literal["lock", "unlock", "pin", "unpin"]


class MoveIn(Schema):
    model_config = example({"community": "riverside-safeguarding"})

    community: str = Field(max_length=140, description="The slug of the community to move to.")


class ModerationReasonIn(Schema):
    model_config = example(
        {
            "reason": "A reply suggests a child may be at risk of harm; the lead "
            "needs to follow this up with the asker directly.",
            "confidentiality_acknowledged": False,
        }
    )

    reason: str = Field(max_length=1000)
    confidentiality_acknowledged: bool = False


class AcceptedOut(Schema):
    detail: str


class PollIn(Schema):
    model_config = example(
        {
            "question": "Which format does your team use for chronologies?",
            "options": [
                "A table in a document",
                "A report from the case recording system",
                "A spreadsheet",
            ],
            "allows_multiple": False,
            "closes_at": "2027-03-31T17:00:00Z",
            "confidentiality_acknowledged": False,
        }
    )

    question: str = Field(max_length=300)
    options: list[Annotated[str, Field(max_length=200)]] = Field(
        max_length=10, description="2 to 10 choices."
    )
    allows_multiple: bool = False
    closes_at: datetime | None = None
    confidentiality_acknowledged: bool = False


class PollOptionOut(Schema):
    id: int
    label: str
    votes: int | None = Field(description="null until you have voted or the poll has closed.")
    chosen: bool


class PollOut(Schema):
    question: str
    allows_multiple: bool
    closes_at: datetime | None
    is_closed: bool
    has_voted: bool
    total_voters: int | None
    options: list[PollOptionOut]


class VoteIn(Schema):
    model_config = example({"option_ids": [311]})

    option_ids: list[ObjectId] = Field(max_length=10)


class PostEditIn(Schema):
    model_config = example(
        {
            "body": "We keep a rolling chronology of significant events only, "
            "agreed at the first review. Edited to add: the team manager "
            "signs it off each quarter.",
            "confidentiality_acknowledged": False,
        }
    )

    body: str = Field(max_length=BODY_MAX_LENGTH)
    title: str | None = Field(None, max_length=TITLE_MAX_LENGTH, description="Opening post only.")
    details: dict[DetailKey, DetailValue] | None = Field(
        None, max_length=20, description="Opening post only: the thread kind's own fields."
    )
    confidentiality_acknowledged: bool = False


class RevisionOut(Schema):
    title: str
    body: str
    written_at: datetime
    replaced_at: datetime
    edited_by: str


class MessagePersonOut(Schema):
    id: int
    name: str


class ConversationOut(Schema):
    id: int
    subject: str
    others: list[MessagePersonOut]
    unread: bool
    last_message_at: datetime


class ConversationListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ConversationOut]
    next: str | None = next_field()


class MessageOut(Schema):
    id: int
    sender: MessagePersonOut | None = Field(description="null once the sender's account is erased.")
    body: str | None = Field(
        description="null while a safeguarding lead looks at a report about it."
    )
    held: bool
    created_at: datetime


class ConversationDetailOut(Schema):
    id: int
    subject: str
    others: list[MessagePersonOut]
    has_left: bool
    messages: list[MessageOut] = Field(description="The latest 50, oldest first.")


class ConversationIn(Schema):
    model_config = example(
        {
            "recipients": [1042],
            "subject": "Group supervision templates",
            "body": "You mentioned a template for reflective group supervision at "
            "the last meeting. Would you be happy to share it?",
            "confidentiality_acknowledged": False,
        }
    )

    recipients: list[ObjectId] = Field(
        max_length=10, description="User ids of people you may message."
    )
    subject: str = Field("", max_length=150)
    body: str = Field(max_length=BODY_MAX_LENGTH)
    confidentiality_acknowledged: bool = False


class MessageIn(Schema):
    model_config = example(
        {
            "body": "Thank you, that's really helpful. I'll bring it to our next team meeting.",
            "confidentiality_acknowledged": False,
        }
    )

    body: str = Field(max_length=BODY_MAX_LENGTH)
    confidentiality_acknowledged: bool = False


class BlockIn(Schema):
    model_config = example({"blocked": True})

    blocked: bool
