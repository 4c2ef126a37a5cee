"""Polls: who may add one, one vote each (a database constraint), results after voting
or closing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import assert_service_guarded
from practice_commons.discussions import selectors, services
from practice_commons.discussions.models import PollBallot


@pytest.fixture
def poll(thread, member):
    return services.poll_create(
        actor=member,
        thread=thread,
        question="Which day suits?",
        options=["Tuesday", "Wednesday", " ", "tuesday", "Thursday"],
    )


def test_author_adds_a_poll_with_clean_options(poll):
    assert [o.label for o in poll.options.all()] == ["Tuesday", "Wednesday", "Thursday"]


def test_only_author_or_facilitator_adds_a_poll(thread, other_member, facilitator):
    with pytest.raises(PermissionDenied):
        services.poll_create(actor=other_member, thread=thread, question="Q", options=["A", "B"])
    services.poll_create(actor=facilitator, thread=thread, question="Q", options=["A", "B"])
    with pytest.raises(ValidationError, match="already has a poll"):
        services.poll_create(actor=facilitator, thread=thread, question="Q2", options=["A", "B"])


@pytest.mark.parametrize("options", [["Only one"], [f"O{i}" for i in range(11)]])
def test_option_count(thread, member, options):
    with pytest.raises(ValidationError):
        services.poll_create(actor=member, thread=thread, question="Q", options=options)


def test_closing_date_in_the_future(thread, member):
    with pytest.raises(ValidationError):
        services.poll_create(
            actor=member,
            thread=thread,
            question="Q",
            options=["A", "B"],
            closes_at=timezone.now() - dt.timedelta(hours=1),
        )


def test_poll_texts_are_guarded(thread, member):
    assert_service_guarded(
        lambda text: services.poll_create(
            actor=member, thread=thread, question="Q", options=["A", text[:200]]
        )
    )


def test_vote_once_and_see_results_after_voting(poll, thread, other_member, member):
    view = selectors.poll_for(other_member, thread)
    assert not view.show_results and all(o.votes == 0 for o in view.options)
    first = poll.options.first()
    services.poll_vote(actor=other_member, poll=poll, option_ids=[first.pk])
    with pytest.raises(ValidationError, match="already voted"):
        services.poll_vote(actor=other_member, poll=poll, option_ids=[first.pk])
    view = selectors.poll_for(other_member, thread)
    assert view.show_results and view.total_voters == 1
    assert view.options[0].votes == 1 and view.options[0].percent == 100
    assert view.options[0].chosen
    assert not selectors.poll_for(member, thread).show_results  # has not voted


def test_one_ballot_per_person_is_a_database_constraint(poll, other_member):
    PollBallot.objects.create(poll=poll, user=other_member)
    with pytest.raises(IntegrityError), transaction.atomic():
        PollBallot.objects.create(poll=poll, user=other_member)


def test_single_choice_takes_one_option(poll, other_member):
    ids = list(poll.options.values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        services.poll_vote(actor=other_member, poll=poll, option_ids=ids[:2])
    with pytest.raises(ValidationError):
        services.poll_vote(actor=other_member, poll=poll, option_ids=[])


def test_multiple_choice(thread, member, other_member):
    poll = services.poll_create(
        actor=member,
        thread=thread,
        question="Which?",
        options=["A", "B", "C"],
        allows_multiple=True,
    )
    ids = list(poll.options.values_list("pk", flat=True))
    services.poll_vote(actor=other_member, poll=poll, option_ids=ids[:2])
    view = selectors.poll_for(other_member, thread)
    assert [o.votes for o in view.options] == [1, 1, 0]


def test_option_from_another_poll_is_rejected(
    poll, thread, community, make_thread, member, other_member
):
    other_thread = make_thread(member, community, title="Other")
    other = services.poll_create(
        actor=member, thread=other_thread, question="Q", options=["X", "Y"]
    )
    with pytest.raises(ValidationError):
        services.poll_vote(actor=other_member, poll=poll, option_ids=[other.options.first().pk])


def test_closed_poll_shows_results_to_everyone_and_takes_no_votes(
    poll, thread, other_member, community
):
    poll.closes_at = timezone.now() - dt.timedelta(minutes=1)
    poll.save(update_fields=["closes_at"])
    with pytest.raises(ValidationError, match="closed"):
        services.poll_vote(actor=other_member, poll=poll, option_ids=[poll.options.first().pk])
    assert selectors.poll_for(add_member(community), thread).show_results
    assert selectors.poll_for(None, thread).show_results


def test_non_member_cannot_vote(poll, outsider):
    with pytest.raises(PermissionDenied):
        services.poll_vote(actor=outsider, poll=poll, option_ids=[poll.options.first().pk])
