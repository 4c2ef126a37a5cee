"""Replying, and what people do to posts: edit, delete, react, mark the answer, download
an attachment."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.communities import selectors as community_selectors
from practice_commons.core.http import private_file_response

from .. import policies, selectors, services
from ..forms import PostEditForm, ReactionForm, ReplyForm, ThreadForm
from .common import (
    back_to,
    community_for,
    is_htmx,
    post_for,
    render_page,
    thread_for,
    write_or_refuse,
)
from .threads import thread_context


def _reply_posted(request, community, thread, post):
    """The new reply in place (htmx), or back to it on the thread page."""
    if is_htmx(request):
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
        }
        return render_page(request, "discussions/includes/reply_posted.html", context)
    messages.success(request, _("Your reply has been posted."))
    # A reply beyond the first page is shown from the page that holds it.
    anchor = (
        f"?after={max(post.number - 1, -1)}#post-{post.pk}"
        if post.number > selectors.POSTS_PER_PAGE
        else f"#post-{post.pk}"
    )
    return back_to(thread, anchor)


@login_required
@require_POST
def thread_reply(request, community_slug, pk):
    community, thread = thread_for(request, community_slug, pk)
    form = ReplyForm(request.POST, request.FILES)
    status = 200
    if form.is_valid():
        quoted = None
        if form.cleaned_data.get("quoted_post"):
            quoted = selectors.post_for_reader(
                request.user, thread, form.cleaned_data["quoted_post"]
            )
        written, status = write_or_refuse(
            form,
            services.thread_reply,
            actor=request.user,
            thread=thread,
            body=form.cleaned_data["body"],
            quoted_post=quoted,
            attachments=form.cleaned_data.get("attachments") or [],
        )
        if written:
            return _reply_posted(request, community, thread, written.value)
    if is_htmx(request):
        return render_page(
            request,
            "discussions/includes/reply_form.html",
            {"community": community, "thread": thread, "reply_form": form, "can_reply": True},
        )
    context = thread_context(request, community, thread, reply_form=form)
    return render_page(request, "discussions/thread_detail.html", context, status=status)


@login_required
def post_edit(request, community_slug, pk, post_pk):
    community, thread, post = post_for(request, community_slug, pk, post_pk)
    if not post.viewer_is_author:
        raise PermissionDenied(_("You can only edit your own posts."))
    if post.is_opening:
        initial = {"title": thread.title, "body": post.body, **dict((thread.details or {}).items())}
        form = ThreadForm(request.POST or None, kind=thread.kind, editing=True, initial=initial)
    else:
        form = PostEditForm(request.POST or None, initial={"body": post.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        opening = (
            {"title": form.cleaned_data["title"], "details": form.details()}
            if post.is_opening
            else {}
        )
        written, status = write_or_refuse(
            form,
            services.post_edit,
            actor=request.user,
            post=post,
            body=form.cleaned_data["body"],
            **opening,
        )
        if written:
            messages.success(request, _("Your changes have been saved."))
            return redirect(written.value.get_absolute_url())
    return render_page(
        request,
        "discussions/post_edit.html",
        {"community": community, "thread": thread, "post": post, "form": form},
        status=status,
    )


@login_required
def post_delete(request, community_slug, pk, post_pk):
    community, thread, post = post_for(request, community_slug, pk, post_pk)
    if not (post.viewer_is_author or thread.viewer_is_moderator):
        raise PermissionDenied(_("You can only delete your own posts."))
    if request.method == "POST":
        services.post_delete(actor=request.user, post=post)
        if post.is_opening:
            messages.success(request, _("The thread has been deleted."))
            return redirect("discussions:list", community_slug=community.slug)
        messages.success(request, _("The post has been deleted."))
        return back_to(thread)
    return render_page(
        request,
        "discussions/post_delete.html",
        {"community": community, "thread": thread, "post": post},
    )


@login_required
@require_POST
def post_react(request, community_slug, pk, post_pk):
    community, thread, post = post_for(request, community_slug, pk, post_pk)
    form = ReactionForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.reaction_toggle(actor=request.user, post=post, kind=form.cleaned_data["kind"])
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Choose a reaction.")
    if is_htmx(request):
        post = selectors.post_for_reader(request.user, thread, post.pk)
        return render_page(
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
    return back_to(thread, f"#post-{post.pk}")


@login_required
@require_POST
def post_answer(request, community_slug, pk, post_pk):
    _community, thread, post = post_for(request, community_slug, pk, post_pk)
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
    return back_to(thread, f"#post-{post.pk}")


def attachment_download(request, community_slug, pk):
    """Files are only ever downloads: never rendered in our origin, whatever they hold."""
    community = community_for(request, community_slug)
    attachment = selectors.attachment_for(request.user, pk)
    if attachment.post.thread.community_id != community.pk:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return private_file_response(
        handle, filename=attachment.original_name, content_type=attachment.content_type
    )
