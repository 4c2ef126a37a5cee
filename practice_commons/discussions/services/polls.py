"""Polls inside a thread: one a thread, single or multiple choice, optional closing date.

Results are shown to someone who has voted, and to everyone once the poll closes
(``selectors.poll_for``). One vote a person is the ``PollBallot`` unique constraint,
so two racing requests cannot both vote.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.text import clean_name_field

from ..models import Poll, PollBallot, PollChoice, PollOption, Thread
from ..policies import can_mark_answer
from .common import clean_text, require_can_post, require_thread_visible

MIN_OPTIONS, MAX_OPTIONS = 2, 10


def poll_create(
    *,
    actor,
    thread: Thread,
    question: str,
    options: list[str],
    allows_multiple: bool = False,
    closes_at=None,
    confidentiality_acknowledged: bool = False,
) -> Poll:
    """The thread's author or a facilitator adds a poll."""
    require_thread_visible(actor, thread)
    require_can_post(actor, thread.community)
    if not can_mark_answer(actor, thread):
        raise PermissionDenied(
            _("Only the person who started the thread or a facilitator can add a poll.")
        )
    if thread.is_locked:
        raise PermissionDenied(_("This thread is locked."))
    if Poll.objects.filter(thread=thread).exists():
        raise ValidationError(_("This thread already has a poll."))
    question = clean_name_field(
        question,
        field="question",
        label=_("Question"),
        max_length=300,
        required_message=_("Enter the question."),
    )
    cleaned = []
    for option in options or []:
        label = clean_text(option, field="options", required=False, max_length=200)
        if label and label.casefold() not in {c.casefold() for c in cleaned}:
            cleaned.append(label)
    if not (MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS):
        raise ValidationError(
            {
                "options": _("Give between %(min)s and %(max)s different options.")
                % {"min": MIN_OPTIONS, "max": MAX_OPTIONS}
            }
        )
    if closes_at is not None and closes_at <= timezone.now():
        raise ValidationError({"closes_at": _("The closing date must be in the future.")})
    guard_texts(
        texts={"question": question, **{f"option_{i}": label for i, label in enumerate(cleaned)}},
        acknowledged=confidentiality_acknowledged,
    )
    with transaction.atomic():
        poll = Poll.objects.create(
            thread=thread,
            question=question,
            allows_multiple=bool(allows_multiple),
            closes_at=closes_at,
            created_by=actor,
        )
        PollOption.objects.bulk_create(
            [PollOption(poll=poll, label=label, position=i) for i, label in enumerate(cleaned)]
        )
    return poll


def poll_vote(*, actor, poll: Poll, option_ids: list[int]) -> PollBallot:
    thread = poll.thread
    require_thread_visible(actor, thread)
    require_can_post(actor, thread.community)
    if poll.is_closed():
        raise ValidationError(_("This poll has closed."))
    chosen = {int(i) for i in option_ids or []}
    valid = set(poll.options.filter(pk__in=chosen).values_list("pk", flat=True))
    if not chosen or valid != chosen:
        raise ValidationError({"options": _("Choose an option.")})
    if not poll.allows_multiple and len(chosen) > 1:
        raise ValidationError({"options": _("Choose one option.")})
    try:
        with transaction.atomic():
            ballot = PollBallot.objects.create(poll=poll, user=actor)
            PollChoice.objects.bulk_create(
                [PollChoice(ballot=ballot, option_id=i) for i in sorted(chosen)]
            )
    except IntegrityError:
        raise ValidationError(_("You have already voted in this poll.")) from None
    return ballot
