"""Thread pages. Thin: parse the request, call a selector or a service, render.

Someone who may not see the community gets 404 (``community_for_reader``), never 403, so a
private community's existence does not leak. Every action is a plain form POST that
redirects; with htmx the same URL answers with a partial instead (a new reply, the
reactions of one post, the next page of a list), so nothing needs JavaScript.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.forms import attach_write_errors
from practice_commons.confidentiality.guard import ConfidentialityError
from practice_commons.core.pagination import query_string_without_page

from . import policies, selectors, services
from .forms import (
    KindChoiceForm,
    MoveForm,
    PollForm,
    PostEditForm,
    ReactionForm,
    ReasonForm,
    ReplyForm,
    ThreadFilterForm,
    ThreadForm,
    VoteForm,
)
from .kinds import KINDS
from .models import ReactionKind

# --- helpers ---------------------------------------------------------------------------


def _community(request, slug):
    return community_selectors.community_for_reader(request.user, slug)


def _thread(request, community_slug, pk):
    community = _community(request, community_slug)
    return community, selectors.thread_for_reader(request.user, pk, community=community)


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _run(form, call):
    """Call a service; on a refusal put the message on the form and return (None, status)
    so the page is shown again with the error summary."""
    try:
        return call(), 200
    except (ConfidentialityError, ValidationError) as exc:
        attach_write_errors(form, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You cannot do that."))
        return None, 403
    return None, 200


def _htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def _render(request, template, context, status=200):
    response = render(request, template, context, status=200 if _htmx(request) else status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def _back(request, thread, anchor=""):
    return redirect(f"{thread.get_absolute_url()}{anchor}")


def _permission_message(request, exc: Exception, fallback: str) -> None:
    messages.error(request, str(exc) or fallback)


# --- thread list -----------------------------------------------------------------------


def thread_list(request, community_slug):
    community = _community(request, community_slug)
    moderator = community_selectors.can_moderate(request.user, community)
    form = ThreadFilterForm(request.GET or None)
    kind = status = ""
    if form.is_bound and form.is_valid():
        kind, status = form.cleaned_data["kind"], form.cleaned_data["status"]
    page = Paginator(
        selectors.thread_list(
            request.user, community, kind=kind, status=status, moderator=moderator
        ),
        selectors.THREADS_PER_PAGE,
    ).get_page(request.GET.get("page"))
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
    if _htmx(request) and request.GET.get("page"):
        return _render(request, "discussions/includes/thread_rows.html", context)
    return _render(request, "discussions/thread_list.html", context)


@login_required
@require_POST
def community_follow(request, community_slug):
    community = _community(request, community_slug)
    following = request.POST.get("following") == "1"
    services.community_follow(actor=request.user, community=community, following=following)
    messages.success(
        request,
        _("You are following new threads in %(name)s.") % {"name": community.name}
        if following
        else _("You are no longer following %(name)s.") % {"name": community.name},
    )
    nxt = request.POST.get("next", "")
    if nxt == "community":
        return redirect(community)
    return redirect("discussions:list", community_slug=community.slug)


# --- starting a thread -----------------------------------------------------------------


@login_required
def thread_new(request, community_slug):
    community = _community(request, community_slug)
    can_post, reason = community_selectors.can_post(request.user, community)
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    base = {"community": community, "can_post": can_post, "cannot_post_reason": reason}
    if kind not in KINDS:
        # Step 1: what kind of thread is this? (A GET form, so it works without JS.)
        form = KindChoiceForm(request.GET if "kind" in request.GET else None)
        if form.is_bound:
            form.is_valid()
        return _render(
            request,
            "discussions/thread_kind.html",
            {**base, "form": form, "kinds": list(KINDS.values())},
            status=403 if not can_post else 200,
        )
    form = ThreadForm(request.POST or None, request.FILES or None, kind=kind, community=community)
    status = 200 if can_post else 403
    if request.method == "POST" and form.is_valid():
        thread, status = _run(
            form,
            lambda: services.thread_create(
                actor=request.user,
                community=community,
                kind=kind,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                details=form.details(),
                is_anonymous=form.cleaned_data.get("is_anonymous", False),
                attachments=form.cleaned_data.get("attachments") or [],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            ),
        )
        if thread is not None:
            messages.success(request, _("Your thread has been posted."))
            return redirect(thread)
    return _render(
        request,
        "discussions/thread_form.html",
        {**base, "form": form, "kind": kind, "spec": KINDS[kind]},
        status=status,
    )


# --- the thread page -------------------------------------------------------------------


def _thread_context(request, community, thread, *, reply_form=None, after=-1):
    user = request.user
    posts, has_more = selectors.posts_page(user, thread, after=after)
    seen_before = selectors.thread_first_unread_number(user, thread)
    for post in posts:
        post.is_new = seen_before is not None and post.number > seen_before
    if posts:
        services.thread_mark_read(actor=user, thread=thread, number=posts[-1].number)
    moderator = thread.viewer_is_moderator
    can_post, cannot_post_reason = community_selectors.can_post(user, community)
    can_reply, cannot_reply_reason = can_post, cannot_post_reason
    if thread.deleted_at or thread.hidden_at:
        can_reply, cannot_reply_reason = False, _("This thread has been removed.")
    elif thread.is_locked and not moderator:
        can_reply, cannot_reply_reason = (
            False,
            _("This thread is locked, so no one can reply to it."),
        )
    if reply_form is None and can_reply:
        initial = {}
        quote_id = _int(request.GET.get("quote"))
        if quote_id:
            quoted = selectors.post_for_reader(user, thread, quote_id)
            if quoted.show_body and not quoted.placeholder:
                initial = {
                    "body": services.quote_markdown(quoted, quoted.author_label),
                    "quoted_post": quoted.pk,
                }
        reply_form = ReplyForm(initial=initial)
    poll = selectors.poll_for(user, thread)
    vote_form = None
    if poll and not poll.has_voted and not poll.is_closed and can_post:
        vote_form = VoteForm(poll_view=poll)
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
        "form": reply_form,
        "can_mark_answer": policies.can_mark_answer(user, thread),
        "can_reveal": policies.can_reveal_author(user, thread),
        "is_following": selectors.is_following(user, thread),
        "poll": poll,
        "vote_form": vote_form,
        "can_add_poll": poll is None
        and can_post
        and policies.can_mark_answer(user, thread)
        and not thread.is_locked,
        "reaction_choices": ReactionKind.choices,
    }


def thread_detail(request, community_slug, pk):
    community, thread = _thread(request, community_slug, pk)
    after = max(_int(request.GET.get("after"), -1), -1)
    if _htmx(request) and "after" in request.GET:
        posts, has_more = selectors.posts_page(request.user, thread, after=after)
        if posts:
            services.thread_mark_read(actor=request.user, thread=thread, number=posts[-1].number)
        return _render(
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
    return _render(
        request,
        "discussions/thread_detail.html",
        _thread_context(request, community, thread, after=after),
    )


@login_required
@require_POST
def thread_reply(request, community_slug, pk):
    community, thread = _thread(request, community_slug, pk)
    form = ReplyForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        quoted = None
        if form.cleaned_data.get("quoted_post"):
            quoted = selectors.post_for_reader(
                request.user, thread, form.cleaned_data["quoted_post"]
            )
        post, status = _run(
            form,
            lambda: services.thread_reply(
                actor=request.user,
                thread=thread,
                body=form.cleaned_data["body"],
                quoted_post=quoted,
                attachments=form.cleaned_data.get("attachments") or [],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            ),
        )
        if post is not None:
            if _htmx(request):
                post = selectors.post_for_reader(request.user, thread, post.pk)
                context = {
                    "community": community,
                    "thread": thread,
                    "post": post,
                    "reply_form": ReplyForm(),
                    "can_reply": True,
                    "is_moderator": thread.viewer_is_moderator,
                    "can_post": True,
                    "can_mark_answer": policies.can_mark_answer(request.user, thread),
                    "just_posted": True,
                }
                return _render(request, "discussions/includes/reply_posted.html", context)
            messages.success(request, _("Your reply has been posted."))
            return _back(
                request,
                thread,
                f"?after={max(post.number - 1, -1)}#post-{post.pk}"
                if post.number > selectors.POSTS_PER_PAGE
                else f"#post-{post.pk}",
            )
    if _htmx(request):
        return _render(
            request,
            "discussions/includes/reply_form.html",
            {"community": community, "thread": thread, "reply_form": form, "can_reply": True},
        )
    context = _thread_context(request, community, thread, reply_form=form)
    return _render(request, "discussions/thread_detail.html", context, status=status)


@login_required
@require_POST
def thread_follow(request, community_slug, pk):
    _community_obj, thread = _thread(request, community_slug, pk)
    following = request.POST.get("following") == "1"
    services.thread_follow(actor=request.user, thread=thread, following=following)
    messages.success(
        request,
        _("You are following this thread.")
        if following
        else _("You have stopped following this thread."),
    )
    return _back(request, thread)


@login_required
@require_POST
def thread_moderate(request, community_slug, pk):
    _community_obj, thread = _thread(request, community_slug, pk)
    action = request.POST.get("action")
    actions = {
        "lock": (services.thread_set_locked, {"locked": True}, _("The thread is locked.")),
        "unlock": (services.thread_set_locked, {"locked": False}, _("The thread is unlocked.")),
        "pin": (services.thread_set_pinned, {"pinned": True}, _("The thread is pinned.")),
        "unpin": (services.thread_set_pinned, {"pinned": False}, _("The thread is unpinned.")),
    }
    if action not in actions:
        raise Http404
    func, kwargs, done = actions[action]
    func(actor=request.user, thread=thread, **kwargs)
    messages.success(request, done)
    return _back(request, thread)


@login_required
def thread_move(request, community_slug, pk):
    community, thread = _thread(request, community_slug, pk)
    if not thread.viewer_is_moderator:
        raise PermissionDenied(_("Only this community's facilitators can do that."))
    form = MoveForm(request.POST or None, targets=policies.move_targets(request.user, thread))
    status = 200
    if request.method == "POST" and form.is_valid():
        moved, status = _run(
            form,
            lambda: services.thread_move(
                actor=request.user, thread=thread, to_community=form.cleaned_data["community"]
            ),
        )
        if moved is not None:
            messages.success(
                request,
                _("The thread has been moved to %(name)s.") % {"name": moved.community.name},
            )
            return redirect(moved)
    return _render(
        request,
        "discussions/thread_move.html",
        {"community": community, "thread": thread, "form": form},
        status=status,
    )


@login_required
def thread_reveal(request, community_slug, pk):
    community, thread = _thread(request, community_slug, pk)
    if not policies.can_reveal_author(request.user, thread):
        raise PermissionDenied(_("Only this community's safeguarding lead can see who asked."))
    form = ReasonForm(
        request.POST or None,
        label=_("What is the safeguarding reason?"),
        hint=_(
            "This is recorded in the audit trail with your name. Do not include details "
            "of the people involved."
        ),
    )
    revealed, author, status = False, None, 200
    if request.method == "POST" and form.is_valid():
        try:
            author = services.thread_reveal_author(
                actor=request.user,
                thread=thread,
                reason=form.cleaned_data["reason"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            revealed = True
    response = _render(
        request,
        "discussions/thread_reveal.html",
        {
            "community": community,
            "thread": thread,
            "form": form,
            "author": author,
            "revealed": revealed,
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def thread_library(request, community_slug, pk):
    _community_obj, thread = _thread(request, community_slug, pk)
    try:
        services.thread_request_library(actor=request.user, thread=thread)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Thank you. The library team will turn this thread into a documented solution."),
        )
    return _back(request, thread)


# --- polls -----------------------------------------------------------------------------


@login_required
def poll_new(request, community_slug, pk):
    community, thread = _thread(request, community_slug, pk)
    if not policies.can_mark_answer(request.user, thread):
        raise PermissionDenied(
            _("Only the person who started the thread or a facilitator can add a poll.")
        )
    form = PollForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        closes_on = form.cleaned_data.get("closes_on")
        closes_at = None
        if closes_on:
            closes_at = timezone.make_aware(
                dt.datetime.combine(closes_on, dt.time(23, 59, 59)), timezone.get_current_timezone()
            )
        poll, status = _run(
            form,
            lambda: services.poll_create(
                actor=request.user,
                thread=thread,
                question=form.cleaned_data["question"],
                options=form.option_list(),
                allows_multiple=form.cleaned_data["allows_multiple"],
                closes_at=closes_at,
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            ),
        )
        if poll is not None:
            messages.success(request, _("The poll has been added."))
            return _back(request, thread, "#poll")
    return _render(
        request,
        "discussions/poll_form.html",
        {"community": community, "thread": thread, "form": form},
        status=status,
    )


@login_required
@require_POST
def poll_vote(request, community_slug, pk):
    community, thread = _thread(request, community_slug, pk)
    poll = selectors.poll_for(request.user, thread)
    if poll is None:
        raise Http404
    form = VoteForm(request.POST, poll_view=poll)
    status = 200
    if form.is_valid():
        ballot, status = _run(
            form,
            lambda: services.poll_vote(
                actor=request.user, poll=poll.poll, option_ids=form.option_ids()
            ),
        )
        if ballot is not None:
            if _htmx(request):
                return _render(
                    request,
                    "discussions/includes/poll.html",
                    {
                        "community": community,
                        "thread": thread,
                        "poll": selectors.poll_for(request.user, thread),
                    },
                )
            messages.success(request, _("Your vote has been counted."))
            return _back(request, thread, "#poll")
    if _htmx(request):
        return _render(
            request,
            "discussions/includes/poll.html",
            {"community": community, "thread": thread, "poll": poll, "vote_form": form},
        )
    context = _thread_context(request, community, thread)
    context.update({"vote_form": form, "forms": [form], "form": None})
    return _render(request, "discussions/thread_detail.html", context, status=status)


# --- posts -----------------------------------------------------------------------------


def _post(request, community_slug, pk, post_pk):
    community, thread = _thread(request, community_slug, pk)
    return community, thread, selectors.post_for_reader(request.user, thread, post_pk)


@login_required
def post_edit(request, community_slug, pk, post_pk):
    community, thread, post = _post(request, community_slug, pk, post_pk)
    if not post.viewer_is_author:
        raise PermissionDenied(_("You can only edit your own posts."))
    if post.is_opening:
        initial = {"title": thread.title, "body": post.body, **dict((thread.details or {}).items())}
        form = ThreadForm(request.POST or None, kind=thread.kind, editing=True, initial=initial)
    else:
        form = PostEditForm(request.POST or None, initial={"body": post.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        kwargs = {}
        if post.is_opening:
            kwargs = {"title": form.cleaned_data["title"], "details": form.details()}
        edited, status = _run(
            form,
            lambda: services.post_edit(
                actor=request.user,
                post=post,
                body=form.cleaned_data["body"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
                **kwargs,
            ),
        )
        if edited is not None:
            messages.success(request, _("Your changes have been saved."))
            return redirect(edited.get_absolute_url())
    return _render(
        request,
        "discussions/post_edit.html",
        {"community": community, "thread": thread, "post": post, "form": form},
        status=status,
    )


@login_required
def post_delete(request, community_slug, pk, post_pk):
    community, thread, post = _post(request, community_slug, pk, post_pk)
    if not (post.viewer_is_author or thread.viewer_is_moderator):
        raise PermissionDenied(_("You can only delete your own posts."))
    if request.method == "POST":
        services.post_delete(actor=request.user, post=post)
        if post.is_opening:
            messages.success(request, _("The thread has been deleted."))
            return redirect("discussions:list", community_slug=community.slug)
        messages.success(request, _("The post has been deleted."))
        return _back(request, thread)
    return _render(
        request,
        "discussions/post_delete.html",
        {"community": community, "thread": thread, "post": post},
    )


@login_required
@require_POST
def post_react(request, community_slug, pk, post_pk):
    community, thread, post = _post(request, community_slug, pk, post_pk)
    form = ReactionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.reaction_toggle(actor=request.user, post=post, kind=form.cleaned_data["kind"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a reaction.")
    if _htmx(request):
        post = selectors.post_for_reader(request.user, thread, post.pk)
        return _render(
            request,
            "discussions/includes/reactions.html",
            {
                "community": community,
                "thread": thread,
                "post": post,
                "reaction_error": error,
                "can_post": community_selectors.can_post(request.user, community)[0],
            },
        )
    if error:
        messages.error(request, error)
    return _back(request, thread, f"#post-{post.pk}")


@login_required
@require_POST
def post_answer(request, community_slug, pk, post_pk):
    _community_obj, thread, post = _post(request, community_slug, pk, post_pk)
    if request.POST.get("action") == "clear":
        services.thread_clear_answer(actor=request.user, thread=thread)
        messages.success(request, _("The answer has been unmarked."))
    else:
        try:
            services.thread_mark_answer(actor=request.user, thread=thread, post=post)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("The reply has been marked as the answer. This thread is now solved.")
            )
    return _back(request, thread, f"#post-{post.pk}")


@login_required
def post_history(request, community_slug, pk, post_pk):
    community, thread, post = _post(request, community_slug, pk, post_pk)
    revisions = list(selectors.revisions_for(request.user, post))
    for revision in revisions:
        # Who edited an anonymous post is the author: moderators are not told.
        revision.editor_label = (
            services.ANONYMOUS_LABEL
            if post.is_anonymous and revision.edited_by_id == post.author_id
            else (revision.edited_by.display_name if revision.edited_by else _("A former member"))
        )
    return _render(
        request,
        "discussions/post_history.html",
        {"community": community, "thread": thread, "post": post, "revisions": revisions},
    )


@login_required
def post_hide(request, community_slug, pk, post_pk):
    community, thread, post = _post(request, community_slug, pk, post_pk)
    if not thread.viewer_is_moderator:
        raise PermissionDenied(_("Only this community's facilitators can do that."))
    form = ReasonForm(
        request.POST or None,
        label=_("Why are you hiding this post?"),
        hint=_(
            "The author and other moderators will see this reason. It is "
            "recorded in the audit trail."
        ),
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        hidden, status = _run(
            form,
            lambda: services.post_hide(
                actor=request.user,
                post=post,
                reason=form.cleaned_data["reason"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            ),
        )
        if hidden is not None:
            messages.success(request, _("The post has been hidden."))
            return _back(request, thread, f"#post-{post.pk}")
    return _render(
        request,
        "discussions/post_hide.html",
        {"community": community, "thread": thread, "post": post, "form": form},
        status=status,
    )


@login_required
@require_POST
def post_unhide(request, community_slug, pk, post_pk):
    _community_obj, thread, post = _post(request, community_slug, pk, post_pk)
    services.post_unhide(actor=request.user, post=post)
    messages.success(request, _("The post is visible again."))
    return _back(request, thread, f"#post-{post.pk}")


# --- attachments -----------------------------------------------------------------------


def attachment_download(request, community_slug, pk):
    """Files are only ever downloads: never rendered in our origin, whatever they hold."""
    community = _community(request, community_slug)
    attachment = selectors.attachment_for(request.user, pk)
    if attachment.post.thread.community_id != community.pk:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
