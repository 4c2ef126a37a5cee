"""A solved thread becomes a documented solution in one step, linked both ways, and the
knowledge map counts the community's threads: discussions and library sit side by side
and never import each other, so this is tested across both (see api/wiring.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import ExpertiseTagFactory, UserFactory
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.discussions import services as discussions
from practice_commons.discussions.models import Thread
from practice_commons.library import knowledge
from practice_commons.library.models import ItemKind, ItemStatus, LibraryItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    topic = ExpertiseTagFactory(name="Transfers between teams")
    community = make_community(name="Children and families decision-making")
    community.topics.set([topic])
    asker = add_member(community, UserFactory(full_name="Asha Asker"))
    helper = add_member(community, UserFactory(full_name="Hal Helper"))
    facilitator = add_member(community, UserFactory(full_name="Fay Facil"), role=Role.FACILITATOR)
    thread = discussions.thread_create(
        actor=asker,
        community=community,
        kind="problem_solving",
        title="Transfer meetings between locality teams",
        body="Families tell their story again at every transfer. What works?",
    )
    reply = discussions.thread_reply(
        actor=helper, thread=thread, body="The receiving team chairs one joint meeting."
    )
    discussions.thread_mark_answer(actor=asker, thread=thread, post=reply)
    return {
        "community": community,
        "topic": topic,
        "asker": asker,
        "helper": helper,
        "facilitator": facilitator,
        "thread": Thread.objects.get(pk=thread.pk),
    }


def test_solved_thread_to_documented_solution_in_one_step(
    world, client_for, django_capture_on_commit_callbacks
):
    thread, asker = world["thread"], world["asker"]
    client = client_for(asker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("discussions:library", args=[world["community"].slug, thread.pk])
        )
    item = LibraryItem.objects.get(source_thread_id=thread.pk)
    assert response.status_code == 302
    assert response.url == reverse("library:solution_for_thread", args=[thread.pk])
    assert item.kind == ItemKind.SOLUTION and item.status == ItemStatus.DRAFT
    assert item.what_was_done == "The receiving team chairs one joint meeting."
    assert "story again" in item.context and item.community == world["community"]
    assert list(item.topics.all()) == [world["topic"]]
    from practice_commons.notifications.models import Notification

    assert Notification.objects.filter(
        recipient=world["facilitator"], url=item.get_absolute_url()
    ).exists()
    # The draft waits for the asker and the facilitators, nobody else.
    for who, sees in ((asker, True), (world["facilitator"], True), (world["helper"], False)):
        page = client_for(who).get(reverse("library:drafts")).content.decode()
        assert (item.title in page) == sees
    assert client_for(asker).get(response.url).url == reverse("library:edit", args=[item.pk])
    # One step: edit and publish together.
    client = client_for(world["facilitator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("library:edit", args=[item.pk]),
            {
                "title": item.title,
                "summary": "The receiving team chairs one joint meeting before transfer.",
                "context": item.context,
                "what_was_done": item.what_was_done + " The plan is read aloud and agreed.",
                "then": "publish",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    thread.refresh_from_db()
    assert item.status == ItemStatus.PUBLISHED and item.version == 2
    assert thread.library_item_id == item.pk  # linked back
    page = client_for(None).get(thread.get_absolute_url()).content.decode()
    assert reverse("library:item", args=[item.pk]) in page
    assert (
        thread.get_absolute_url() in client_for(None).get(item.get_absolute_url()).content.decode()
    )
    # Asking again changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        discussions.thread_request_library(actor=asker, thread=thread)
    assert LibraryItem.objects.filter(source_thread_id=thread.pk).count() == 1


def test_knowledge_map_counts_threads_and_shows_gaps(world, client_for):
    community, asker = world["community"], world["asker"]
    old = timezone.now() - timedelta(days=30)
    for title in ("Transfer meetings that work", "How do you run transfer meetings?"):
        t = discussions.thread_create(
            actor=asker, community=community, kind="problem_solving", title=title, body="Any tips?"
        )
        Thread.objects.filter(pk=t.pk).update(created_at=old)
    discussions.thread_create(
        actor=asker,
        community=community,
        kind="request_for_information",
        title="Which areas use family group conferences?",
        body="Collecting examples.",
        details={"needed_by": (timezone.localdate() + timedelta(days=10)).isoformat()},
    )
    kmap = knowledge.knowledge_map(asker, community)
    row = next(r for r in kmap.rows if r.topic == world["topic"])
    assert row.counts["answered"] == 1
    assert row.unanswered == 2 and row.open_requests == 1
    assert row.repeated and row.repeated[0][1] >= 2
    assert row.no_solution  # questions, but no documented solution yet
    csv = client_for(asker).get(reverse("library:map_csv") + f"?community={community.slug}")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode()
    assert "Transfers between teams" in text and "no documented solution" in text


def test_requests_recorded_before_the_library_become_drafts(world):
    from django.core.management import call_command

    thread = world["thread"]
    Thread.objects.filter(pk=thread.pk).update(
        solution_requested_at=timezone.now(), solution_requested_by=world["asker"]
    )
    assert not LibraryItem.objects.exists()
    call_command("resend_solution_requests", verbosity=0)
    call_command("resend_solution_requests", verbosity=0)
    item = LibraryItem.objects.get(source_thread_id=thread.pk)
    assert item.status == ItemStatus.DRAFT and item.created_by == world["asker"]
