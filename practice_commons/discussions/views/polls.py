"""Adding a poll to a thread and voting in it."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import policies, selectors, services
from ..forms import PollForm, VoteForm
from .common import back_to, is_htmx, render_page, thread_for, write_or_refuse
from .threads import thread_context


def _end_of_day(day: dt.date | None) -> dt.datetime | None:
    """A poll closes at the end of its closing day, in the host's time zone."""
    if not day:
        return None
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(23, 59, 59)), timezone.get_current_timezone()
    )


@login_required
def poll_new(request, community_slug, pk):
    community, thread = thread_for(request, community_slug, pk)
    if not policies.can_mark_answer(request.user, thread):
        raise PermissionDenied(
            _("Only the person who started the thread or a facilitator can add a poll.")
        )
    form = PollForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        written, status = write_or_refuse(
            form,
            services.poll_create,
            actor=request.user,
            thread=thread,
            question=form.cleaned_data["question"],
            options=form.option_list(),
            allows_multiple=form.cleaned_data["allows_multiple"],
            closes_at=_end_of_day(form.cleaned_data.get("closes_on")),
        )
        if written:
            messages.success(request, _("The poll has been added."))
            return back_to(thread, "#poll")
    return render_page(
        request,
        "discussions/poll_form.html",
        {"community": community, "thread": thread, "form": form},
        status=status,
    )


@login_required
@require_POST
def poll_vote(request, community_slug, pk):
    community, thread = thread_for(request, community_slug, pk)
    poll = selectors.poll_for(request.user, thread)
    if poll is None:
        raise Http404
    form = VoteForm(request.POST, poll_view=poll)
    status = 200
    if form.is_valid():
        written, status = write_or_refuse(
            form,
            services.poll_vote,
            actor=request.user,
            poll=poll.poll,
            option_ids=form.option_ids(),
        )
        if written:
            if is_htmx(request):
                return render_page(
                    request,
                    "discussions/includes/poll.html",
                    {
                        "community": community,
                        "thread": thread,
                        "poll": selectors.poll_for(request.user, thread),
                    },
                )
            messages.success(request, _("Your vote has been counted."))
            return back_to(thread, "#poll")
    if is_htmx(request):
        return render_page(
            request,
            "discussions/includes/poll.html",
            {"community": community, "thread": thread, "poll": poll, "vote_form": form},
        )
    context = thread_context(request, community, thread)
    context.update({"vote_form": form, "forms": [form], "form": None})
    return render_page(request, "discussions/thread_detail.html", context, status=status)
