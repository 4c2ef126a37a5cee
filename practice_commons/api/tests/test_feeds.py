"""``/communities/<slug>/feed.atom``: a public community's threads and documented
solutions as a visitor sees them, the same for everyone; 404 for a members-only or
private community, even for its members; never a hidden, deleted or held thread, a held
opening post's text, an anonymous asker's name, or an unpublished solution; within a
fixed query budget."""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities.models import CommunityMembership, Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.core.testing import atom_entries
from practice_commons.discussions import services as discussions
from practice_commons.discussions.models import Post, Thread
from practice_commons.library import services as library
from practice_commons.safeguarding.models import ContentHold

pytestmark = pytest.mark.django_db


def feed_url(community) -> str:
    return f"/communities/{community.slug}/feed.atom"


def hold(obj):
    ContentHold.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk
    )


def solution(community, facilitator, asker, title, *, publish=True):
    thread = discussions.thread_create(
        actor=asker, community=community, kind="problem_solving", title=title, body="Q?"
    )
    item = library.solution_draft_from_thread(
        thread_id=thread.pk,
        community_id=community.pk,
        title=title,
        question="What works?",
        answer="One joint meeting.",
        author_id=asker.pk,
    )
    if publish:
        item = library.solution_publish(
            actor=facilitator, item=item, summary=f"Summary of {title.lower()}."
        )
    return thread, item


@pytest.fixture
def world(db):
    community = make_community(name="Children and families decision-making")
    community.allow_anonymous_questions = True
    community.save(update_fields=["allow_anonymous_questions"])
    return {
        "community": community,
        "asker": add_member(community, UserFactory(full_name="Asha Asker")),
        "facilitator": add_member(
            community, UserFactory(full_name="Fay Facil"), role=Role.FACILITATOR
        ),
    }


def test_url_is_the_contract_path(world):
    assert reverse("community_feed", args=[world["community"].slug]) == feed_url(world["community"])


def test_public_threads_and_solutions_newest_first(client, world):
    community, asker, facilitator = world["community"], world["asker"], world["facilitator"]
    first = discussions.thread_create(
        actor=asker,
        community=community,
        kind="request_for_information",
        title="Transfer meetings between locality teams",
        body="Families tell their story **again** at every transfer. <b>What</b> works?",
    )
    Thread.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=2))
    anonymous = discussions.thread_create(
        actor=asker,
        community=community,
        kind="growing_confidence",
        title="Asked without a name",
        body="A question I would rather ask anonymously.",
        is_anonymous=True,
    )
    Thread.objects.filter(pk=anonymous.pk).update(created_at=timezone.now() - timedelta(days=1))
    source, solved = solution(community, facilitator, asker, "Joint transfer meetings")

    response = client.get(feed_url(community))
    entries = atom_entries(response)

    assert [e["title"] for e in entries] == [
        "Joint transfer meetings",  # the solution, published just now
        "Joint transfer meetings",  # the thread it came from
        "Asked without a name",
        "Transfer meetings between locality teams",
    ]
    assert entries[0]["link"] == f"http://testserver{solved.get_absolute_url()}"
    assert entries[0]["summary"] == "Documented solution. Summary of joint transfer meetings."
    assert entries[1]["link"] == f"http://testserver{source.get_absolute_url()}"
    assert entries[2]["author"] == "A member" and "Asha" not in entries[2]["summary"]
    oldest = entries[3]
    assert oldest["author"] == "Asha Asker"
    assert oldest["link"] == f"http://testserver{first.get_absolute_url()}"
    # The opening post's text as plain text: no markup, none of the post's HTML.
    assert oldest["summary"].startswith("Request for information. Families tell their story")
    assert "again at every transfer" in oldest["summary"]
    # A tag typed in the post is text on the thread page, so it stays text here:
    # escaped once more for Atom's type="html" summary, never markup.
    assert "<" not in oldest["summary"] and "&lt;b&gt;What&lt;/b&gt;" in oldest["summary"]


def test_what_a_visitor_cannot_see_never_appears(client, world):
    community, asker, facilitator = world["community"], world["asker"], world["facilitator"]

    def thread(title, body="Visible question."):
        return discussions.thread_create(
            actor=asker, community=community, kind="problem_solving", title=title, body=body
        )

    thread("Visible thread")
    hidden = thread("Hidden thread")
    discussions.post_hide(
        actor=facilitator, post=hidden.posts.get(is_opening=True), reason="Off topic for us"
    )
    deleted = thread("Deleted thread")
    discussions.post_delete(actor=asker, post=deleted.posts.get(is_opening=True))
    held = thread("Held thread")
    hold(held)
    held_opening = thread("Thread whose question is held", body="Held question text.")
    hold(held_opening.posts.get(is_opening=True))
    solution(community, facilitator, asker, "Draft solution", publish=False)
    private = make_community(name="Reflective set", visibility="private")
    owner = CommunityMembership.objects.get(community=private, role=Role.OWNER).user
    discussions.thread_create(
        actor=owner, community=private, kind="problem_solving", title="Private thread", body="Q"
    )

    response = client.get(feed_url(community))
    body = response.content.decode()
    titles = [e["title"] for e in atom_entries(response)]

    assert "Visible thread" in titles
    for title in ("Hidden thread", "Deleted thread", "Held thread", "Private thread"):
        assert title not in body, title
    # The unpublished solution's own entry is absent: only its source thread is listed.
    assert titles.count("Draft solution") == 1
    entry = next(e for e in atom_entries(response) if e["title"].startswith("Thread whose"))
    assert entry["summary"] == "Problem solving." and "Held question text" not in body
    assert Post.objects.filter(thread=hidden, hidden_at__isnull=False).exists()


@pytest.mark.parametrize("visibility", ("private", "members_only"))
def test_a_community_a_visitor_cannot_read_is_404_for_everyone(client, visibility):
    community = make_community(name="Closed circle", visibility=visibility)
    owner = CommunityMembership.objects.get(community=community, role=Role.OWNER).user
    member = add_member(community, UserFactory())
    discussions.thread_create(
        actor=owner, community=community, kind="problem_solving", title="Inside", body="Q"
    )
    assert client.get(feed_url(community)).status_code == 404
    for person in (owner, member, HostAdminFactory()):
        client.force_login(person)
        response = client.get(feed_url(community))
        assert response.status_code == 404, person
        assert "Inside" not in response.content.decode()
    # The same answer as for a community that does not exist.
    assert client.get("/communities/no-such-community/feed.atom").status_code == 404


@pytest.mark.parametrize("role", ("asker", "facilitator", "host admin"))
def test_the_same_for_everyone(client, world, role):
    community = world["community"]
    visible = discussions.thread_create(
        actor=world["asker"], community=community, kind="problem_solving", title="Seen", body="Q"
    )
    hidden = discussions.thread_create(
        actor=world["asker"],
        community=community,
        kind="problem_solving",
        title="Moderated",
        body="Q",
    )
    discussions.post_hide(
        actor=world["facilitator"], post=hidden.posts.get(is_opening=True), reason="Off topic here"
    )
    signed_out = atom_entries(client.get(feed_url(community)))
    people = {**world, "host admin": HostAdminFactory()}
    client.force_login(people[role])
    signed_in = client.get(feed_url(community))
    # Moderators see hidden threads in the community; the feed is the visitors'.
    assert atom_entries(signed_in) == signed_out
    assert [e["title"] for e in signed_out] == [visible.title]
    assert "public" in signed_in["Cache-Control"]


@pytest.mark.parametrize("size", (2, 9))
def test_query_budget(client, world, size, django_assert_max_num_queries):
    community = world["community"]
    for i in range(size):
        author = add_member(community, UserFactory())
        discussions.thread_create(
            actor=author, community=community, kind="problem_solving", title=f"T{i}", body="Q"
        )
        solution(community, world["facilitator"], author, f"Solution {i}")
    with django_assert_max_num_queries(4):
        response = client.get(feed_url(community))
    assert len(atom_entries(response)) == 3 * size


def test_at_most_thirty_entries(client, world):
    community = world["community"]
    for i in range(32):
        discussions.thread_create(
            actor=world["asker"],
            community=community,
            kind="problem_solving",
            title=f"T{i}",
            body="Q",
        )
    assert len(atom_entries(client.get(feed_url(community)))) == 30


def test_community_page_links_to_its_feed_only_when_public(client, world):
    community = world["community"]
    html = client.get(community.get_absolute_url()).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" '
        f'title="{community.name} (Atom feed)" href="{feed_url(community)}">' in html
    )
    assert f'href="{feed_url(community)}">Subscribe (Atom feed)</a>' in html
    private = make_community(name="Reflective set", visibility="private")
    owner = CommunityMembership.objects.get(community=private, role=Role.OWNER).user
    client.force_login(owner)
    page = client.get(private.get_absolute_url()).content.decode()
    assert "feed.atom" not in page
