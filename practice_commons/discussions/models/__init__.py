"""Discussion models, split by concern (see each module's docstring)."""

from ..kinds import ThreadKind
from .engagement import (
    CommunityFollow,
    Poll,
    PollBallot,
    PollChoice,
    PollOption,
    ThreadFollow,
    ThreadReadState,
)
from .messages import (
    MAX_PARTICIPANTS,
    MESSAGE_MAX_LENGTH,
    Block,
    Conversation,
    ConversationParticipant,
    Message,
)
from .threads import (
    BODY_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Attachment,
    Mention,
    Post,
    PostRevision,
    Reaction,
    ReactionKind,
    Thread,
)

__all__ = [
    "BODY_MAX_LENGTH",
    "MAX_PARTICIPANTS",
    "MESSAGE_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "Attachment",
    "Block",
    "CommunityFollow",
    "Conversation",
    "ConversationParticipant",
    "Mention",
    "Message",
    "Poll",
    "PollBallot",
    "PollChoice",
    "PollOption",
    "Post",
    "PostRevision",
    "Reaction",
    "ReactionKind",
    "Thread",
    "ThreadFollow",
    "ThreadKind",
    "ThreadReadState",
]
