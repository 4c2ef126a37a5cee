"""A thread's poll as the reader may see it: results after voting, or for everyone once
the poll closes."""

from dataclasses import dataclass, field

from django.db.models import Count, prefetch_related_objects

from ..models import Poll, PollBallot, PollChoice, Thread
from .common import signed_in


@dataclass
class PollOptionView:
    pk: int
    label: str
    votes: int = 0
    percent: int = 0
    chosen: bool = False


@dataclass
class PollView:
    poll: Poll
    options: list[PollOptionView] = field(default_factory=list)
    has_voted: bool = False
    is_closed: bool = False
    total_voters: int = 0

    @property
    def show_results(self) -> bool:
        return self.has_voted or self.is_closed


def _poll_of(thread: Thread) -> Poll | None:
    """The thread's poll, from the thread's own query when it came with it
    (``thread_for_reader`` selects it: no query for a thread without a poll)."""
    if not Thread.poll.related.is_cached(thread):
        return Poll.objects.filter(thread=thread).prefetch_related("options").first()
    try:
        poll = thread.poll
    except Poll.DoesNotExist:
        return None
    prefetch_related_objects([poll], "options")
    return poll


def poll_for(user, thread: Thread) -> PollView | None:
    """The thread's poll with results the reader may see (after voting or closing)."""
    poll = _poll_of(thread)
    if poll is None:
        return None
    view = PollView(poll=poll, is_closed=poll.is_closed())
    my_choices: set[int] = set()
    if signed_in(user):
        my_choices = set(
            PollChoice.objects.filter(ballot__poll=poll, ballot__user=user).values_list(
                "option_id", flat=True
            )
        )
        view.has_voted = bool(my_choices)
    counts = {}
    if view.show_results:
        counts = dict(
            PollChoice.objects.filter(ballot__poll=poll)
            .values("option_id")
            .annotate(n=Count("id"))
            .values_list("option_id", "n")
        )
        view.total_voters = PollBallot.objects.filter(poll=poll).count()
    for option in poll.options.all():
        votes = counts.get(option.pk, 0)
        percent = round(100 * votes / view.total_voters) if view.total_voters else 0
        view.options.append(
            PollOptionView(
                pk=option.pk,
                label=option.label,
                votes=votes,
                percent=percent,
                chosen=option.pk in my_choices,
            )
        )
    return view
