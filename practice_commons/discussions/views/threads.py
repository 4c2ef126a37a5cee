"""The thread list, starting a thread, the thread page, and what a reader does to a whole
thread (follow it, ask for it to go to the library)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.pagination import query_string_without_page

from .. import policies, selectors, services
from ..forms import KindChoiceForm, ReplyForm, ThreadFilterForm, ThreadForm, VoteForm
from ..kinds import KINDS
from ..models import ReactionKind
from .common import (
    back_to,
    community_for,
    int_or,
    is_htmx,
    render_page,
    thread_for,
    write_or_refuse,
)

# --- thread list -----------------------------------------------------------------------


def thread_list(request, community_slug):
    community = community_for(request, community_slug)
    moderator = community_selectors.can_moderate(request.user, community)
    form = ThreadFilterForm(request.GET or None)
    kind = status = ""
    if form.is_bound and form.is_valid():
        kind, status = form.cleaned_data["kind"], form.cleaned_data["status"]
    page = selectors.thread_page(
        selectors.thread_list(
            request.user, community, kind=kind, status=status, moderator=moderator
        ),
        request.GET.get("page"),
    )
    membership = community_selectors.membership_of(request.user, community)
    last_visit = membership.last_visited_at if membership else None
    threads = selectors.decorate_threads(
        request.user, list(page.object_list), last_visit=last_visit
    )
    can_post, cannot_post_reason = community_selectors.can_post(request.user, community)
    context = {
        "community": community,
        "threads": threads,
        "page_obj": page,
        "filter_form": form,
        "kind": kind,
        "status": status,
        "query_string": query_string_without_page(request),
        "can_post": can_post,
        "cannot_post_reason": cannot_post_reason,
        "is_moderator": moderator,
        "follows_community": selectors.follows_community(request.user, community),
    }
    if is_htmx(request) and request.GET.get("page"):
        return render_page(request, "discussions/includes/thread_rows.html", context)
    return render_page(request, "discussions/thread_list.html", context)


@login_required
@require_POST
def community_follow(request, community_slug):
    community = community_for(request, community_slug)
    following = request.POST.get("following") == "1"
    services.community_follow(actor=request.user, community=community, following=following)
    messages.success(
        request,
        _("You are following new threads in %(name)s.") % {"name": community.name}
        if following
        else _("You are no longer following %(name)s.") % {"name": community.name},
    )
    if request.POST.get("next", "") == "community":
        return redirect(community)
    return redirect("discussions:list", community_slug=community.slug)


# --- starting a thread -----------------------------------------------------------------


@login_required
def thread_new(request, community_slug):
    community = community_for(request, community_slug)
    can_post, reason = community_selectors.can_post(request.user, community)
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    base = {"community": community, "can_post": can_post, "cannot_post_reason": reason}
    if kind not in KINDS:
        # Step 1: what kind of thread is this? (A GET form, so it works without JS.)
        form = KindChoiceForm(request.GET if "kind" in request.GET else None)
        if form.is_bound:
            form.is_valid()
        return render_page(
            request,
            "discussions/thread_kind.html",
            {**base, "form": form, "kinds": list(KINDS.values())},
            status=403 if not can_post else 200,
        )
    form = ThreadForm(request.POST or None, request.FILES or None, kind=kind, community=community)
    status = 200 if can_post else 403
    if request.method == "POST" and form.is_valid():
        written, status = write_or_refuse(
            form,
            services.thread_create,
            actor=request.user,
            community=community,
            kind=kind,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            details=form.details(),
            is_anonymous=form.cleaned_data.get("is_anonymous", False),
            attachments=form.cleaned_data.get("attachments") or [],
        )
        if written:
            messages.success(request, _("Your thread has been posted."))
            return redirect(written.value)
    return render_page(
        request,
        "discussions/thread_form.html",
        {**base, "form": form, "kind": kind, "spec": KINDS[kind]},
        status=status,
    )


# --- the thread page -------------------------------------------------------------------


def _reply_refusal(thread, *, moderator: bool, can_post: bool, reason: str) -> tuple[bool, str]:
    """Whether the reader may reply here, and why not: posting in the community is not
    enough once the thread is removed or locked."""
    if thread.deleted_at or thread.hidden_at:
        return False, _("This thread has been removed.")
    if thread.is_locked and not moderator:
        return False, _("This thread is locked, so no one can reply to it.")
    return can_post, reason


# The empty reply form is the same for every reader of every thread: rendered once per
# language and process, not on every view of the thread page.
_EMPTY_REPLY_FORM: dict[str, SafeString] = {}


def _empty_reply_form_html() -> SafeString:
    language = translation.get_language() or ""
    html = _EMPTY_REPLY_FORM.get(language)
    if html is None:
        html = _EMPTY_REPLY_FORM[language] = ReplyForm().render()
    return html


def _quoting_form(request, thread) -> ReplyForm:
    """An empty reply form, starting with the quoted post for ``?quote=<post>``."""
    initial = {}
    quote_id = int_or(request.GET.get("quote"))
    if quote_id:
        quoted = selectors.post_for_reader(request.user, thread, quote_id)
        if quoted.show_body and not quoted.placeholder:
            initial = {
                "body": services.quote_markdown(quoted, quoted.author_label),
                "quoted_post": quoted.pk,
            }
    return ReplyForm(initial=initial)


def thread_context(request, community, thread, *, reply_form=None, after=-1):
    """Everything the thread page shows; the reply and vote views show it again with
    their form's errors."""
    user = request.user
    posts, has_more = selectors.posts_page(user, thread, after=after)
    seen_before = selectors.thread_first_unread_number(user, thread)
    for post in posts:
        post.is_new = seen_before is not None and post.number > seen_before
    if posts:
        services.thread_mark_read(
            actor=user, thread=thread, number=posts[-1].number, seen=seen_before
        )
    moderator = thread.viewer_is_moderator
    can_post, cannot_post_reason = community_selectors.can_post(user, community)
    can_reply, cannot_reply_reason = _reply_refusal(
        thread, moderator=moderator, can_post=can_post, reason=cannot_post_reason
    )
    reply_form_html = None
    if reply_form is None and can_reply:
        reply_form = _quoting_form(request, thread)
        if not reply_form.initial:
            reply_form_html = _empty_reply_form_html()
    poll = selectors.poll_for(user, thread)
    vote_form = None
    if poll and not poll.has_voted and not poll.is_closed and can_post:
        vote_form = VoteForm(poll_view=poll)
    can_mark_answer = policies.can_mark_answer(user, thread)
    return {
        "community": community,
        "thread": thread,
        "posts": posts,
        "has_more": has_more,
        "next_after": posts[-1].number if posts else after,
        "after": after,
        "is_moderator": moderator,
        "can_post": can_post,
        "can_reply": can_reply,
        "cannot_reply_reason": cannot_reply_reason,
        "reply_form": reply_form,
        "reply_form_html": reply_form_html,
        "form": reply_form,
        "can_mark_answer": can_mark_answer,
        "can_reveal": policies.can_reveal_author(user, thread),
        "is_following": selectors.is_following(user, thread),  # annotated: no query
        "poll": poll,
        "vote_form": vote_form,
        "can_add_poll": poll is None and can_post and can_mark_answer and not thread.is_locked,
        "reaction_choices": ReactionKind.choices,
        "offline_saveable": community_selectors.may_save_offline(user, community),
    }


def thread_detail(request, community_slug, pk):
    community, thread = thread_for(request, community_slug, pk)
    after = max(int_or(request.GET.get("after"), -1), -1)
    if is_htmx(request) and "after" in request.GET:
        posts, has_more = selectors.posts_page(request.user, thread, after=after)
        if posts:
            services.thread_mark_read(actor=request.user, thread=thread, number=posts[-1].number)
        return render_page(
            request,
            "discussions/includes/posts_more.html",
            {
                "community": community,
                "thread": thread,
                "posts": posts,
                "has_more": has_more,
                "next_after": posts[-1].number if posts else after,
                "is_moderator": thread.viewer_is_moderator,
                "can_post": community_selectors.can_post(request.user, community)[0],
                "can_mark_answer": policies.can_mark_answer(request.user, thread),
            },
        )
    return render_page(
        request,
        "discussions/thread_detail.html",
        thread_context(request, community, thread, after=after),
    )


@login_required
@require_POST
def thread_follow(request, community_slug, pk):
    _community, thread = thread_for(request, community_slug, pk)
    following = request.POST.get("following") == "1"
    services.thread_follow(actor=request.user, thread=thread, following=following)
    messages.success(
        request,
        _("You are following this thread.")
        if following
        else _("You have stopped following this thread."),
    )
    return back_to(thread)


@login_required
@require_POST
def thread_library(request, community_slug, pk):
    _community, thread = thread_for(request, community_slug, pk)
    try:
        services.thread_request_library(actor=request.user, thread=thread)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        # The library (beside this app, never imported) made a draft after commit: go
        # and finish it there, in one step. Reached by URL name only.
        try:
            return redirect(reverse("library:solution_for_thread", args=[thread.pk]))
        except NoReverseMatch:
            messages.success(
                request,
                _("Thank you. This thread is waiting to be added to the library."),
            )
    return back_to(thread)
