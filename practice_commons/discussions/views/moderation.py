"""What facilitators and safeguarding leads do: lock, pin, move, hide and unhide posts,
read a post's earlier versions, and (leads only) learn who asked an anonymous question."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form

from .. import policies, selectors, services
from ..forms import MoveForm, ReasonForm
from .common import back_to, post_for, render_page, thread_for, write_or_refuse


@login_required
@require_POST
def thread_moderate(request, community_slug, pk):
    _community, thread = thread_for(request, community_slug, pk)
    actions = {
        "lock": (services.thread_set_locked, {"locked": True}, _("The thread is locked.")),
        "unlock": (services.thread_set_locked, {"locked": False}, _("The thread is unlocked.")),
        "pin": (services.thread_set_pinned, {"pinned": True}, _("The thread is pinned.")),
        "unpin": (services.thread_set_pinned, {"pinned": False}, _("The thread is unpinned.")),
    }
    action = request.POST.get("action")
    if action not in actions:
        raise Http404
    service, kwargs, done = actions[action]
    service(actor=request.user, thread=thread, **kwargs)
    messages.success(request, done)
    return back_to(thread)


@login_required
def thread_move(request, community_slug, pk):
    community, thread = thread_for(request, community_slug, pk)
    if not thread.viewer_is_moderator:
        raise PermissionDenied(_("Only this community's facilitators can do that."))
    form = MoveForm(request.POST or None, targets=policies.move_targets(request.user, thread))
    status = 200
    if request.method == "POST" and form.is_valid():
        written, status = write_or_refuse(
            form,
            services.thread_move,
            actor=request.user,
            thread=thread,
            to_community=form.cleaned_data["community"],
        )
        if written:
            moved = written.value
            messages.success(
                request,
                _("The thread has been moved to %(name)s.") % {"name": moved.community.name},
            )
            return redirect(moved)
    return render_page(
        request,
        "discussions/thread_move.html",
        {"community": community, "thread": thread, "form": form},
        status=status,
    )


@login_required
def thread_reveal(request, community_slug, pk):
    community, thread = thread_for(request, community_slug, pk)
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
    written = None
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.thread_reveal_author,
            actor=request.user,
            thread=thread,
            reason=form.cleaned_data["reason"],
        )
    response = render_page(
        request,
        "discussions/thread_reveal.html",
        {
            "community": community,
            "thread": thread,
            "form": form,
            "author": written.value if written else None,
            "revealed": bool(written),
        },
    )
    # Who asked must not stay in any cache once the lead closes the page.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def post_history(request, community_slug, pk, post_pk):
    community, thread, post = post_for(request, community_slug, pk, post_pk)
    revisions = list(selectors.revisions_for(request.user, post))
    for revision in revisions:
        revision.editor_label = selectors.revision_editor_label(post, revision)
    return render_page(
        request,
        "discussions/post_history.html",
        {"community": community, "thread": thread, "post": post, "revisions": revisions},
    )


@login_required
def post_hide(request, community_slug, pk, post_pk):
    community, thread, post = post_for(request, community_slug, pk, post_pk)
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
        written, status = write_or_refuse(
            form,
            services.post_hide,
            actor=request.user,
            post=post,
            reason=form.cleaned_data["reason"],
        )
        if written:
            messages.success(request, _("The post has been hidden."))
            return back_to(thread, f"#post-{post.pk}")
    return render_page(
        request,
        "discussions/post_hide.html",
        {"community": community, "thread": thread, "post": post, "form": form},
        status=status,
    )


@login_required
@require_POST
def post_unhide(request, community_slug, pk, post_pk):
    _community, thread, post = post_for(request, community_slug, pk, post_pk)
    services.post_unhide(actor=request.user, post=post)
    messages.success(request, _("The post is visible again."))
    return back_to(thread, f"#post-{post.pk}")
