"""A thread's posts are drawn once and kept (``templatetags/post_fragments.py``): every
reader, in any order, gets exactly the HTML ``post.html`` draws for them alone, with their
own CSRF token, and a change to a post or its reactions shows on the next view."""

import re

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.test import Client

from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import make_pdf
from practice_commons.discussions import services
from practice_commons.discussions.templatetags import post_fragments
from practice_commons.safeguarding import services as safeguarding_services
from practice_commons.safeguarding.models import Report

REFERENCE = engines["django"].from_string(
    "{% load discussion_texts %}{% post_texts as post_text %}{% for post in posts %}"
    '{% include "discussions/includes/post.html" %}{% endfor %}'
)
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
GLOSSARY_ID = re.compile(r"glossary-([\w-]+?)-\d+")


@pytest.fixture
def busy(community, member, other_member, facilitator, host_admin):
    """A thread with every state a post can be in: reacted to by the member, edited, with
    an attachment, marked as the answer, hidden with a reason, deleted, and held by a
    safeguarding report."""
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="problem_solving",
        title="Transfer meetings",
        body="How do your teams run **transfer meetings**?",
    )
    posts = [
        services.thread_reply(actor=other_member, thread=thread, body=f"Reply {i}: weekly.")
        for i in range(6)
    ]
    services.thread_reply(
        actor=other_member,
        thread=thread,
        body="Our notes.",
        attachments=[SimpleUploadedFile("notes.pdf", make_pdf())],
    )
    mine = services.thread_reply(actor=member, thread=thread, body="Thank you all.")
    services.reaction_toggle(actor=member, post=posts[0], kind="helpful")
    services.reaction_toggle(actor=facilitator, post=posts[0], kind="thanks")
    services.post_edit(actor=other_member, post=posts[1], body="Reply 1, edited: fortnightly.")
    services.thread_mark_answer(actor=member, thread=thread, post=posts[2])
    services.post_hide(actor=facilitator, post=posts[3], reason="Off topic for this thread.")
    services.post_delete(actor=other_member, post=posts[4])
    reporter = add_member(community, UserFactory(full_name="Rae Reporter"))
    safeguarding_services.report_create(
        actor=reporter, target=posts[5], reason=Report.Reason.CONFIDENTIALITY
    )
    return thread, mine


def _normal(html: str) -> str:
    return GLOSSARY_ID.sub(r"glossary-\1-N", CSRF_VALUE.sub('name="csrfmiddlewaretoken" v', html))


def _posts_drawn_alone(response) -> str:
    """The posts as ``post.html`` draws them, one include each, with the page's context."""
    page = next(c for c in response.context if "posts" in c).flatten()
    return REFERENCE.render(page, response.wsgi_request)


def _view(user, thread) -> tuple[str, str]:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), _posts_drawn_alone(response)


def test_every_reader_gets_what_the_template_draws_for_them_alone(
    busy, member, other_member, facilitator, outsider
):
    thread, _mine = busy
    lead_admin = HostAdminFactory(full_name="Hana Host")
    readers = [facilitator, member, other_member, lead_admin, outsider, None, facilitator, member]
    caches["fragments"].clear()
    for reader in readers:  # a moderator first, then the others, then again from the cache
        page, alone = _view(reader, thread)
        assert _normal(alone) in _normal(page), reader


def test_readers_with_the_same_rights_each_see_their_own_post_state(busy, community, other_member):
    """Two members who may do the same things: one wrote a reply, reacted to another and
    has read the thread before a new reply came; the other has done none of that."""
    thread, _mine = busy
    twin = add_member(community, UserFactory(full_name="Tam Twin"))
    own = services.thread_reply(actor=twin, thread=thread, body="From my team: monthly.")
    services.reaction_toggle(actor=twin, post=thread.posts.get(number=1), kind="helpful")
    _view(twin, thread)  # read up to here
    services.thread_reply(actor=other_member, thread=thread, body="A later reply.")
    stranger = add_member(community, UserFactory(full_name="Sol Stranger"))
    for first, second in ((stranger, twin), (twin, stranger)):
        caches["fragments"].clear()
        _view(first, thread)
        page, alone = _view(second, thread)
        assert _normal(alone) in _normal(page)
    twin_page, _ = _view(twin, thread)
    assert f"{own.pk}/edit/" in twin_page


def test_a_moderators_view_shows_nothing_of_theirs_to_the_member(busy, member, facilitator):
    thread, _mine = busy
    caches["fragments"].clear()
    moderator_page, _ = _view(facilitator, thread)
    member_page, _ = _view(member, thread)
    assert "Off topic for this thread." in moderator_page
    assert "Off topic for this thread." not in member_page
    assert "/hide/" in moderator_page and "/hide/" not in member_page


def test_each_reader_gets_their_own_csrf_token_and_it_works(busy, member, other_member):
    thread, _mine = busy
    caches["fragments"].clear()
    _view(member, thread)  # draws and keeps the posts
    client = Client(enforce_csrf_checks=True)
    client.force_login(other_member)
    page = client.get(thread.get_absolute_url()).content.decode()
    question = thread.posts.get(number=0)  # the member's question
    form = re.search(
        rf'action="[^"]*/posts/{question.pk}/react/".*?name="csrfmiddlewaretoken" '
        r'value="([^"]+)"',
        page,
        re.S,
    )
    assert form, "the other member may react to the question"
    token = form.group(1)
    assert post_fragments.CSRF_SLOT not in page and post_fragments.BODY_SLOT not in page
    response = client.post(
        f"{thread.get_absolute_url()}posts/{question.pk}/react/",
        {"kind": "celebrate", "csrfmiddlewaretoken": token},
    )
    assert response.status_code in (200, 302)
    assert question.reactions.filter(user=other_member, kind="celebrate").exists()


def test_changes_show_on_the_next_view(busy, member, other_member, facilitator):
    thread, mine = busy
    caches["fragments"].clear()
    _view(other_member, thread)
    services.post_edit(actor=member, post=mine, body="Thank you all, this helped.")
    services.reaction_toggle(actor=other_member, post=mine, kind="celebrate")
    page, alone = _view(other_member, thread)
    assert "this helped" in page and _normal(alone) in _normal(page)
    services.post_hide(actor=facilitator, post=mine, reason="Duplicate.")
    page, _ = _view(other_member, thread)
    assert "this helped" not in page


def test_posts_are_kept_after_the_first_view(busy, member):
    thread, _mine = busy
    caches["fragments"].clear()
    _view(member, thread)
    kept = len(caches["fragments"]._cache)
    assert kept == thread.posts.count()
    _view(member, thread)
    assert len(caches["fragments"]._cache) == kept
