"""The discussions part of a subject-access export (``core.personal_data``): the threads
and posts the person wrote (anonymous ones included: they are theirs), earlier versions
of their posts, their attachments (files under ``files/discussions/``), reactions, poll
votes and polls, follows, read state, mentions of them, the private conversations they
are in with the messages THEY sent (others' messages are the others' data; the other
participants appear by display name only), and the people they blocked. That someone
blocked them is the blocker's choice and stays out."""

from practice_commons.core.personal_data import Part, register_exporter, rows

from .models import (
    Attachment,
    Block,
    CommunityFollow,
    ConversationParticipant,
    Mention,
    Message,
    Poll,
    PollBallot,
    PollChoice,
    Post,
    PostRevision,
    Reaction,
    Thread,
    ThreadFollow,
    ThreadReadState,
)


def _conversations(user) -> list[dict]:
    memberships = list(
        ConversationParticipant.objects.filter(user=user)
        .select_related("conversation")
        .order_by("joined_at")
    )
    ids = [m.conversation_id for m in memberships]
    names: dict[int, list[str]] = {}
    for other in (
        ConversationParticipant.objects.filter(conversation_id__in=ids)
        .exclude(user=user)
        .select_related("user")
    ):
        names.setdefault(other.conversation_id, []).append(other.user.display_name)
    sent: dict[int, list] = {}
    for message in Message.objects.filter(sender=user).order_by("created_at", "pk"):
        sent.setdefault(message.conversation_id, []).append(
            {"body": message.body, "created_at": message.created_at}
        )
    return [
        {
            "conversation_id": m.conversation_id,
            "subject": m.conversation.subject,
            "started_by_you": m.conversation.created_by_id == user.pk,
            "others": sorted(names.get(m.conversation_id, [])),
            "joined_at": m.joined_at,
            "left_at": m.left_at,
            "your_messages": sent.get(m.conversation_id, []),
        }
        for m in memberships
    ]


def _ballots(user) -> list[dict]:
    choices: dict[int, list[str]] = {}
    for choice in PollChoice.objects.filter(ballot__user=user).select_related("option"):
        choices.setdefault(choice.ballot_id, []).append(choice.option.label)
    return rows(
        PollBallot.objects.filter(user=user).select_related("poll").order_by("created_at"),
        "poll_id",
        "poll__question",
        "created_at",
        choices=lambda b: choices.get(b.pk, []),
    )


def export(user) -> Part:
    attachments = list(Attachment.objects.filter(uploaded_by=user).order_by("pk"))
    files = [(f"{a.pk}-{a.original_name or 'attachment'}", a.file) for a in attachments if a.file]
    data = {
        "threads": rows(
            Thread.objects.filter(author=user).select_related("community").order_by("created_at"),
            "id",
            "community__name",
            "kind",
            "title",
            "details",
            "is_anonymous",
            "key_date",
            "created_at",
            "deleted_at",
            "hidden_at",
        ),
        "posts": rows(
            Post.objects.filter(author=user).select_related("thread").order_by("created_at"),
            "id",
            "thread_id",
            "thread__title",
            "number",
            "is_opening",
            "is_anonymous",
            "body",
            "created_at",
            "edited_at",
            "deleted_at",
            "hidden_at",
        ),
        "post_revisions": rows(
            PostRevision.objects.filter(post__author=user).order_by("written_at", "pk"),
            "post_id",
            "title",
            "body",
            "details",
            "written_at",
            "replaced_at",
        ),
        "attachments": rows(
            attachments,
            "post_id",
            "original_name",
            "content_type",
            "size",
            "created_at",
            archive_file=lambda a: f"files/discussions/{a.pk}-{a.original_name or 'attachment'}",
        ),
        "reactions": rows(
            Reaction.objects.filter(user=user).order_by("created_at"),
            "post_id",
            "kind",
            "created_at",
        ),
        "polls_created": rows(
            Poll.objects.filter(created_by=user).order_by("created_at"),
            "thread_id",
            "question",
            "allows_multiple",
            "closes_at",
            "created_at",
        ),
        "poll_votes": _ballots(user),
        "mentions_of_you": rows(
            Mention.objects.filter(user=user).select_related("post").order_by("pk"),
            "post_id",
            "post__thread_id",
        ),
        "threads_followed": rows(
            ThreadFollow.objects.filter(user=user).order_by("created_at"),
            "thread_id",
            "following",
            "created_at",
        ),
        "communities_followed": rows(
            CommunityFollow.objects.filter(user=user).select_related("community"),
            "community__name",
            "created_at",
        ),
        "read_state": rows(
            ThreadReadState.objects.filter(user=user).order_by("thread_id"),
            "thread_id",
            "last_seen_number",
            "last_read_at",
        ),
        "conversations": _conversations(user),
        "people_you_blocked": rows(
            Block.objects.filter(blocker=user).select_related("blocked").order_by("created_at"),
            "created_at",
            person=lambda b: b.blocked.display_name,
        ),
    }
    return Part(data=data, files=files)


register_exporter(
    "discussions",
    export,
    covers=[
        "discussions.Thread",
        "discussions.Post",
        "discussions.PostRevision",
        "discussions.Reaction",
        "discussions.Attachment",
        "discussions.Mention",
        "discussions.ThreadFollow",
        "discussions.CommunityFollow",
        "discussions.ThreadReadState",
        "discussions.Poll",
        "discussions.PollBallot",
        "discussions.Conversation",
        "discussions.ConversationParticipant",
        "discussions.Message",
        "discussions.Block",
    ],
)
