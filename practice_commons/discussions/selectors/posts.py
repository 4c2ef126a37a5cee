"""Posts of a thread the reader has already opened (``thread_for_reader``), with what each
shows: reaction counts, the reader's own reactions, and a placeholder in place of the text
of a deleted, hidden or held post, all fetched once for the whole page
(``decorate_posts``) so the thread page keeps a fixed query budget.

Deleted and hidden posts stay in place as placeholders so the conversation still reads
in order; posts held by a safeguarding report are shown as hidden to everyone but host
admins.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Prefetch, Q, QuerySet, When
from django.urls import reverse
from django.utils.translation import gettext as _

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.errors import NotFound
from practice_commons.safeguarding import selectors as safeguarding_selectors

from ..models import Attachment, Post, PostRevision, Reaction, ReactionKind, Thread
from .common import anonymous_label, decorate_author, signed_in
from .threads import thread_for_reader

POSTS_PER_PAGE = 30
# A post's attachments as a plain list (``post.attachment_list``): a queryset set up on
# each post for its prefetched rows cost more than the query itself.
ATTACHMENTS = Prefetch("attachments", to_attr="attachment_list")


def posts_page(
    user, thread: Thread, *, after: int = -1, limit: int = POSTS_PER_PAGE
) -> tuple[list[Post], bool]:
    """Posts numbered after ``after`` (the opening post is 0), at most ``limit``, and
    whether there are more. Deleted and hidden posts stay in place as placeholders so the
    conversation still reads in order."""
    held = safeguarding_selectors.hidden_ids(Post)
    posts = list(
        Post.objects.filter(thread=thread, number__gt=after)
        .select_related("author", "author__profession", "author__organisation")
        # What a page never shows of the authors (the quoted post is only its id).
        .defer("author__password", "author__bio", "author__organisation__description")
        .prefetch_related(ATTACHMENTS)
        .annotate(
            is_held=Case(When(pk__in=held, then=True), default=False, output_field=BooleanField())
        )
        .order_by("number")[: limit + 1]
    )
    has_more = len(posts) > limit
    posts = posts[:limit]
    decorate_posts(user, thread, posts)
    return posts, has_more


def post_for_reader(user, thread: Thread, post_id: int) -> Post:
    """A post of ``thread``, which the reader has already opened (``thread_for_reader``),
    decorated for display; ``NotFound`` if it is not in that thread. A deleted or hidden
    post is returned with its placeholder: what may be done to it is the caller's
    question."""
    post = (
        Post.objects.select_related("author", "thread", "thread__community", "quoted_post")
        .prefetch_related(ATTACHMENTS)
        .filter(thread=thread, pk=post_id)
        .first()
    )
    if post is None:
        raise NotFound
    post.thread = thread
    post.is_held = safeguarding_selectors.is_hidden(post)
    decorate_posts(user, thread, [post])
    return post


@dataclass
class ReactionSummary:
    kind: str
    label: str
    count: int = 0
    mine: bool = False


def _reactions(user, ids: list[int]) -> tuple[dict[tuple[int, str], int], set[tuple[int, str]]]:
    """Reaction counts and the reader's own reactions for these posts, in one query."""
    counts: dict[tuple[int, str], int] = {}
    mine: set[tuple[int, str]] = set()
    if not ids:
        return counts, mine
    rows = Reaction.objects.filter(post_id__in=ids).values("post_id", "kind").order_by()
    if signed_in(user):
        rows = rows.annotate(n=Count("id"), mine=Count("id", filter=Q(user=user)))
    else:
        rows = rows.annotate(n=Count("id"))
    for row in rows:
        counts[(row["post_id"], row["kind"])] = row["n"]
        if row.get("mine"):
            mine.add((row["post_id"], row["kind"]))
    return counts, mine


def _links(thread: Thread, posts: list[Post]) -> None:
    """The URLs each post's actions link to, built from the thread's URL: one ``reverse``
    for the page instead of one for each link of each post."""
    if not posts:
        return
    thread_url = thread.get_absolute_url()  # /communities/<slug>/threads/<pk>/
    attachments = thread_url[: thread_url.rstrip("/").rindex("/") + 1] + "attachments/"
    new_message = reverse("messages:new")
    first = posts[0]
    sample = safeguarding_selectors.report_url(first)
    suffix = f"/{first.pk}/"
    report_base = sample[: -len(suffix) + 1] if sample.endswith(suffix) else None
    for post in posts:
        post.action_base = f"{thread_url}posts/{post.pk}/"
        post.attachment_base = attachments
        post.message_url = f"{new_message}?to={post.author_id}"
        post.report_url = (
            f"{report_base}{post.pk}/" if report_base else safeguarding_selectors.report_url(post)
        )


def decorate_posts(user, thread: Thread, posts: list[Post]) -> list[Post]:
    """Attach display state to posts with one query for the whole page (reaction counts
    and the reader's own reactions), and the URLs of their actions."""
    counts, mine = _reactions(user, [p.pk for p in posts])
    _links(thread, posts)
    moderator = getattr(thread, "viewer_is_moderator", None)
    if moderator is None:
        moderator = community_selectors.can_moderate(user, thread.community)
    host_admin = signed_in(user) and user.is_host_admin
    for post in posts:
        decorate_author(post)
        post.is_answer = thread.answer_id == post.pk
        post.viewer_is_author = signed_in(user) and post.author_id == user.pk
        held = getattr(post, "is_held", False)
        # What the reader sees in place of the text, if anything.
        if post.deleted_at is not None:
            post.placeholder = _("This post was deleted.")
        elif post.hidden_at is not None or held:
            post.placeholder = _("This post has been hidden by a moderator.")
        else:
            post.placeholder = ""
        post.show_body = not post.placeholder or (
            moderator and post.deleted_at is None and (not held or host_admin)
        )
        post.reaction_summary = [
            ReactionSummary(
                kind=k, label=label, count=counts.get((post.pk, k), 0), mine=(post.pk, k) in mine
            )
            for k, label in ReactionKind.choices
        ]
        if Post.quoted_post.is_cached(post) and post.quoted_post is not None:
            decorate_author(post.quoted_post)
    return posts


def revision_editor_label(post: Post, revision: PostRevision) -> str:
    """Who made an earlier version: an anonymous post's author is not named, even to
    moderators."""
    if post.is_anonymous and revision.edited_by_id == post.author_id:
        return anonymous_label()
    return revision.edited_by.display_name if revision.edited_by else _("A former member")


def revisions_for(user, post: Post) -> QuerySet[PostRevision]:
    """Earlier versions of a post: the community's moderators only."""
    if not community_selectors.can_moderate(user, post.thread.community):
        raise NotFound
    return (
        PostRevision.objects.filter(post=post)
        .select_related("edited_by")
        .order_by("-replaced_at", "-pk")
    )


def attachment_for(user, pk: int) -> Attachment:
    """An attachment the reader may download: its post is visible to them."""
    attachment = (
        Attachment.objects.select_related("post", "post__thread", "post__thread__community")
        .filter(pk=pk, post__isnull=False)
        .first()
    )
    if attachment is None:
        raise NotFound
    post = attachment.post
    thread = thread_for_reader(user, post.thread_id, community=post.thread.community)
    post.thread = thread
    moderator = thread.viewer_is_moderator
    if post.deleted_at is not None:
        raise NotFound
    if (post.hidden_at is not None or safeguarding_selectors.is_hidden(post)) and not moderator:
        raise NotFound
    return attachment
