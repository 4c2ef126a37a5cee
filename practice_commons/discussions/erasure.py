"""What an erased account leaves in discussions (``core.erasure``).

A thread the person started stays, as "A former member", when someone else has posted
in it or it became a documented solution: other people's conversation depends on it.
A thread nobody else joined goes, with its posts and their attachments' files. Their
replies in other people's threads stay. A private conversation stays for the others in
it; one nobody else is left in goes. Reactions, follows, read state, mentions, poll
ballots and blocks go with the account (their foreign keys cascade).
"""

from django.db.models import Exists, OuterRef, Q

from practice_commons.core.erasure import delete_files_after_commit, register_eraser

from .models import Attachment, Conversation, ConversationParticipant, Post, Thread


def erase(user) -> None:
    _delete_with_files(_threads_only_theirs(user))
    Conversation.objects.filter(participants__user=user).exclude(
        Exists(
            ConversationParticipant.objects.filter(conversation=OuterRef("pk")).exclude(user=user)
        )
    ).delete()


def _threads_only_theirs(user):
    someone_else_posted = Post.objects.filter(thread=OuterRef("pk")).filter(
        ~Q(author=user) | Q(author__isnull=True)
    )
    return Thread.objects.filter(author=user, library_item_id__isnull=True).exclude(
        Exists(someone_else_posted)
    )


def _delete_with_files(threads) -> None:
    files = [a.file for a in Attachment.objects.filter(post__thread__in=threads)]
    threads.delete()
    delete_files_after_commit(files)


register_eraser("discussions", erase)
