"""The index follows every write through the services, in the same transaction: edits,
hides and unhides, removals, moves, publication, withdrawal, closing dates; a write
that rolls back leaves it as it was; the rebuild command and the catch-up build the
same index from scratch."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from practice_commons.accounts.tests.factories import OrgAdminFactory, ProfessionFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.discussions import services as discussions
from practice_commons.discussions.models import Post
from practice_commons.jobs import services as jobs
from practice_commons.jobs.models import Job
from practice_commons.search import indexing, selectors
from practice_commons.search.models import SearchDocument

pytestmark = pytest.mark.django_db


def found(user, words, **filters):
    return [(r.kind, r.id) for r in selectors.search(user, words, **filters).results]


def test_threads_and_replies_follow_every_write(world, thread_in):
    p = world["people"]
    outsider, owner = p["outsider"], world["owner"]
    thread = thread_in(p["member"], world["public"], "Respite for kinship carers", "Who offers it?")
    assert found(outsider, "respite") == [("thread", thread.pk)]
    reply = discussions.thread_reply(
        actor=p["facilitator"], thread=thread, body="Try the gerbera scheme"
    )
    assert found(outsider, "gerbera") == [("post", reply.pk)]
    # Edits: the new words are found, the old ones are not.
    discussions.post_edit(actor=p["facilitator"], post=reply, body="Try the marigold scheme")
    assert found(outsider, "gerbera") == [] and found(outsider, "marigold") == [("post", reply.pk)]
    opening = thread.posts.get(is_opening=True)
    discussions.post_edit(
        actor=p["member"],
        post=opening,
        title="Short breaks for kinship carers",
        body="Who offers short breaks?",
    )
    assert found(outsider, "respite") == []
    assert ("thread", thread.pk) in found(outsider, "short breaks")
    assert (
        selectors.search(outsider, "marigold").results[0].title == "Short breaks for kinship carers"
    )
    # Hiding and unhiding a reply.
    discussions.post_hide(actor=owner, post=reply, reason="Checking this with the author")
    assert found(outsider, "marigold") == []
    reply.refresh_from_db()
    discussions.post_unhide(actor=owner, post=reply)
    assert found(outsider, "marigold") == [("post", reply.pk)]
    # Hiding the thread (its opening post) takes its replies with it.
    opening.refresh_from_db()
    discussions.post_hide(actor=owner, post=opening, reason="Checking this with the author")
    assert found(outsider, "short breaks") == [] and found(outsider, "marigold") == []
    opening.refresh_from_db()
    discussions.post_unhide(actor=owner, post=opening)
    assert found(outsider, "marigold") == [("post", reply.pk)]
    # Solved threads are marked so.
    discussions.thread_mark_answer(actor=p["member"], thread=thread, post=reply)
    assert selectors.search(outsider, "short breaks").results[0].solved


def test_a_move_to_a_private_community_takes_the_replies_along(world, thread_in):
    p = world["people"]
    mover = world["owner"]
    add_member(world["private"], mover, role="facilitator")
    thread = thread_in(p["member"], world["public"], "Family group conferences", "Who runs them?")
    discussions.thread_reply(actor=p["facilitator"], thread=thread, body="Our heliotrope service")
    assert found(p["outsider"], "heliotrope")
    discussions.thread_move(actor=mover, thread=thread, to_community=world["private"])
    assert found(p["outsider"], "heliotrope") == []
    assert found(p["outsider"], "conferences") == []
    assert found(p["private_member"], "heliotrope")
    doc = SearchDocument.objects.get(kind="post")
    assert doc.url.startswith(f"/communities/{world['private'].slug}/")


def test_a_write_that_rolls_back_leaves_the_index_as_it_was(world, thread_in):
    p = world["people"]
    thread = thread_in(p["member"], world["public"], "Rolled back", "Nothing here yet")
    with pytest.raises(RuntimeError), transaction.atomic():
        discussions.thread_reply(actor=p["facilitator"], thread=thread, body="zinnia answer")
        assert found(p["outsider"], "zinnia")  # inside the writer's transaction
        raise RuntimeError
    assert found(p["outsider"], "zinnia") == []


@pytest.fixture
def employer_admin():
    return OrgAdminFactory()


def _job(admin, **overrides):
    data = {
        "title": "Advanced practitioner, fostering",
        "profession": ProfessionFactory(),
        "location": "Leeds",
        "nation": "england",
        "contract_type": "permanent",
        "closes_on": timezone.localdate() + dt.timedelta(days=14),
        "apply_url": "https://jobs.example.org/1",
        "description": "Join our fostering team.",
        **overrides,
    }
    return jobs.job_create(actor=admin, organisation=admin.organisation, data=data)


def test_jobs_leave_at_withdrawal_and_at_their_closing_date(employer_admin):
    job = _job(employer_admin)
    assert found(None, "fostering") == [("job", job.pk)]  # jobs are public
    Job.objects.filter(pk=job.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    SearchDocument.objects.filter(kind="job").update(
        closes_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert found(None, "fostering") == []
    other = _job(employer_admin, title="Fostering team manager")
    jobs.job_withdraw(actor=employer_admin, job=other)
    assert found(None, "fostering") == []


def test_library_items_only_once_published(world, published_item, settings):
    settings.LIBRARY_REVIEW_REQUIRED = True
    member, facilitator = world["people"]["member"], world["people"]["facilitator"]
    from practice_commons.library import services as library

    item = library.item_create(
        actor=member,
        kind="practice_example",
        community=world["public"],
        title="Begonia forum",
        summary="A begonia forum each month",
        what_was_done="A forum.",
        outcomes="Plans moved.",
    )
    assert found(member, "begonia") == []
    item = library.item_submit(actor=member, item=item)  # waits for review
    assert found(member, "begonia") == []
    library.item_review(actor=facilitator, item=item, approve=True, note="")
    assert found(world["people"]["outsider"], "begonia") == [("practice_example", item.pk)]


def test_rebuild_and_catch_up_build_the_same_index(world, thread_in, capsys):
    p = world["people"]
    thread = thread_in(p["member"], world["public"], "Lupin planning", "Lupin body text")
    discussions.thread_reply(actor=p["facilitator"], thread=thread, body="Lupin reply")
    before = set(SearchDocument.objects.values_list("kind", "object_id", "title", "body", "url"))
    call_command("rebuild_search_index")
    assert "Search index rebuilt" in capsys.readouterr().out
    after = set(SearchDocument.objects.values_list("kind", "object_id", "title", "body", "url"))
    assert before == after
    assert found(p["outsider"], "lupin")
    # A bulk insert sends no signal: the catch-up finds it by its own timestamp.
    Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                number=9,
                author=p["member"],
                body="Foxglove bulk reply",
                created_at=timezone.now(),
            )
        ]
    )
    assert found(p["outsider"], "foxglove") == []
    assert indexing.reindex_recent() >= 1
    assert found(p["outsider"], "foxglove")


def test_a_rebuild_gives_discussion_the_newest_ids(world, thread_in):
    p = world["people"]
    thread = thread_in(p["member"], world["public"], "Lupin planning", "Lupin body text")
    discussions.thread_reply(actor=p["facilitator"], thread=thread, body="Lupin reply")
    indexing.rebuild()
    ids = SearchDocument.objects.values_list("kind", "id")
    discussion = [pk for kind, pk in ids if kind in ("thread", "post")]
    others = [pk for kind, pk in ids if kind not in ("thread", "post")]
    assert discussion and others
    assert min(discussion) > max(others)  # the pool's newest slices are discussion


def _newer_replies_saying(word, n):
    """``n`` public replies with ``word`` in their bodies, newer than anything so far,
    written straight into the index (the engine's structures follow any write)."""
    first = SearchDocument.objects.count()
    SearchDocument.objects.bulk_create(
        SearchDocument(
            kind="post",
            object_id=1_000_000 + first + i,
            audience="public",
            date=timezone.now(),
            heading="Elsewhere",
            url=f"/elsewhere/{i}/",
            body=f"A reply that mentions {word} in passing, number {i}.",
        )
        for i in range(n)
    )


def _assert_full_text_intact():
    """SQLite's own check that each FTS5 table matches the rows it indexes (an edit
    applied in the wrong order leaves it "malformed")."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in ("search_fts", "search_titles", "search_names"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")  # noqa: S608


def test_a_title_match_is_found_behind_many_newer_body_matches(world, thread_in):
    outsider = world["people"]["outsider"]
    thread = thread_in(world["people"]["member"], world["public"], "Lupin planning", "Notes.")
    _newer_replies_saying("lupin", selectors.POOL + 20)
    assert found(outsider, "lupin")[0] == ("thread", thread.pk)
    # The titles' own index follows an edit of the title, and a rebuild.
    discussions.post_edit(
        actor=world["people"]["member"],
        post=thread.posts.get(is_opening=True),
        title="Foxglove planning",
        body="Notes.",
    )
    _newer_replies_saying("foxglove", selectors.POOL + 20)
    _assert_full_text_intact()
    assert ("thread", thread.pk) not in found(outsider, "lupin")
    assert found(outsider, "foxglove")[0] == ("thread", thread.pk)
    call_command("rebuild_search_index")
    assert ("thread", thread.pk) not in found(outsider, "lupin")
    assert found(outsider, "foxglove")[0] == ("thread", thread.pk)
