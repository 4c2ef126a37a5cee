"""What must never happen (issue 18), each tested for every role, through the selector
(results, counts, kind counts, snippets), the page, the API and the thread form's
suggestions: a private community's thread, a hidden or removed post, content under a
safeguarding hold, a person who left the directory, another person's CPD record, a
wellbeing answer, an unpublished draft, a session's summary or a private message."""

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.collaboration import services as collaboration
from practice_commons.communities.tests.factories import add_member
from practice_commons.discussions import services as discussions
from practice_commons.library import services as library
from practice_commons.reflection import services as reflection
from practice_commons.reflection.models import ReflectiveSession
from practice_commons.safeguarding import services as safeguarding
from practice_commons.search import selectors
from practice_commons.search.models import Kind, SearchDocument

from .conftest import soon

pytestmark = pytest.mark.django_db

# A made-up word for each thing that must not be found by someone.
PRIVATE = "wombatish"
MEMBERS_ONLY = "numbatish"
HIDDEN = "pangolinish"
REMOVED = "axolotlish"
REMOVED_THREAD = "narwhalish"
HELD = "kinkajouish"
OPTED_OUT = "Zephyrine"
CPD = "capybarish"
DRAFT = "okapiish"
SUMMARY = "tapirish"
MESSAGE = "ocelotish"
PUBLIC = "quokkaish"
NEVER_FOR_ANYONE = [HIDDEN, REMOVED, REMOVED_THREAD, OPTED_OUT, CPD, DRAFT, SUMMARY, MESSAGE]


@pytest.fixture
def secrets_world(world, thread_in, settings, django_capture_on_commit_callbacks):
    settings.LIBRARY_REVIEW_REQUIRED = True
    p = world["people"]
    public, private, members_only = world["public"], world["private"], world["members_only"]
    thread_in(p["member"], public, "Quokkaish assessment timescales", f"{PUBLIC} practice")
    thread_in(p["private_member"], private, "Supervision in a small team", f"{PRIVATE} practice")
    thread_in(p["member"], members_only, "Warrant planning", f"{MEMBERS_ONLY} practice")
    hidden_in = thread_in(p["member"], public, "Contact arrangements", "How do you plan contact?")
    hidden = discussions.thread_reply(actor=p["facilitator"], thread=hidden_in, body=HIDDEN)
    discussions.post_hide(actor=world["owner"], post=hidden, reason="Off topic for this thread")
    removed = discussions.thread_reply(actor=p["member"], thread=hidden_in, body=REMOVED)
    discussions.post_delete(actor=p["member"], post=removed)
    gone = thread_in(p["member"], public, f"{REMOVED_THREAD} question", "A question withdrawn")
    discussions.post_delete(actor=p["member"], post=gone.posts.get(is_opening=True))
    held = discussions.thread_reply(actor=p["facilitator"], thread=hidden_in, body=HELD)
    with django_capture_on_commit_callbacks(execute=True):
        safeguarding.report_create(actor=p["member"], target=held, reason="confidentiality")
    person = UserFactory(full_name=f"{OPTED_OUT} Quill", bio="Kinship care practice")
    collaboration.directory_settings_update(actor=person, visibility="hidden", show_bio=True)
    # cpd sits beside search (neither may import the other): the model by name.
    apps.get_model("cpd", "CpdRecord").objects.create(
        user=p["member"], title=f"{CPD} learning", date=timezone.localdate(), description=CPD
    )
    library.item_create(
        actor=p["member"],
        kind="practice_example",
        community=public,
        title=f"{DRAFT} forum",
        summary=f"A draft about {DRAFT}",
        what_was_done="A monthly forum.",
        outcomes="Plans moved on.",
    )
    start = soon(3)
    session = reflection.session_schedule(
        actor=world["owner"],
        community=public,
        title="Reflective session",
        theme="Holding uncertainty",
        starts_at=start,
        ends_at=start + timezone.timedelta(hours=1),
        session_format="flexible",
        where="online",
        online_url="https://meet.example.org/r",
        capacity=8,
    )
    ReflectiveSession.objects.filter(pk=session.pk).update(
        issue_summary=SUMMARY, presenter_summary=SUMMARY
    )
    discussions.conversation_start(
        actor=p["member"], recipients=[p["facilitator"]], body=MESSAGE, subject="Hello"
    )
    return world


ROLES = ("visitor", "non_host", "outsider", "member", "facilitator", "private_member", "host_admin")


def _everything_for(user, word):
    page = selectors.search(user, word)
    texts = [f"{r.title} {r.snippet} {r.url}" for r in page.results]
    return page, " ".join(texts).lower()


@pytest.mark.parametrize("role", ROLES)
def test_never_found_by_anyone(secrets_world, role):
    user = secrets_world["people"][role]
    for word in NEVER_FOR_ANYONE:
        page, text = _everything_for(user, word)
        assert page.count == 0, (role, word)
        assert page.kind_counts == {}, (role, word)
        assert word.lower() not in text
        assert selectors.suggestions(user, word) == []


@pytest.mark.parametrize("role", ROLES)
def test_held_content_only_for_host_admins(secrets_world, role):
    user = secrets_world["people"][role]
    page = selectors.search(user, HELD)
    assert page.count == (1 if role == "host_admin" else 0)


@pytest.mark.parametrize(
    "role,private,members_only",
    [
        ("visitor", 0, 0),
        ("non_host", 0, 0),
        ("outsider", 0, 1),  # a host member reads members-only communities
        ("member", 0, 1),
        ("facilitator", 0, 1),
        ("private_member", 1, 1),
        ("host_admin", 1, 1),
    ],
)
def test_communities_read_rule_decides(secrets_world, role, private, members_only):
    user = secrets_world["people"][role]
    assert selectors.search(user, PRIVATE).count == private
    assert selectors.search(user, MEMBERS_ONLY).count == members_only
    assert selectors.search(user, PUBLIC).count >= 1
    # Counts over a word in every community count only what the reader may see.
    every = selectors.search(user, "practice", filters=selectors.Filters(kind="thread"))
    assert every.count == 1 + private + members_only


def test_nothing_owner_only_is_in_the_index(secrets_world):
    kinds = set(SearchDocument.objects.values_list("kind", flat=True))
    assert kinds <= set(Kind.values)
    urls = " ".join(SearchDocument.objects.values_list("url", flat=True))
    for part in ("/cpd/", "/wellbeing/", "/messages/", "/reflection/"):
        assert part not in urls
    bodies = " ".join(SearchDocument.objects.values_list("body", flat=True)).lower()
    for word in (HIDDEN, REMOVED, CPD, DRAFT, SUMMARY, MESSAGE, HELD.lower()):
        if word == HELD.lower():
            continue  # held content stays indexed, filtered at query time (holds can lift)
        assert word.lower() not in bodies


@pytest.mark.parametrize("role", ROLES)
def test_page_api_and_suggestions_agree(secrets_world, role, client, api_client_for):
    user = secrets_world["people"][role]
    if user is not None:
        client.force_login(user)
    for word in [*NEVER_FOR_ANYONE, PRIVATE]:
        if word == PRIVATE and role in ("private_member", "host_admin"):
            continue
        body = client.get(reverse("search:results"), {"q": word}).content.decode()
        assert f"0 results for ‘{word}’" in body or f"0 results for &lsquo;{word}" in body, (
            role,
            word,
        )
        assert word.lower() not in body.lower().split("results for")[1].split("</h2>")[1]
        suggest = client.get(reverse("search:suggest"), {"title": word}).content.decode()
        assert word.lower() not in suggest.lower()
        if user is not None:
            data = api_client_for(user).get("/api/v1/search", {"q": word}).json()
            assert data == {"count": 0, "results": [], "next": None}, (role, word)


def test_opting_out_leaves_results_at_once(world):
    person = UserFactory(full_name="Gwendolyn Farquharson")
    viewer = world["people"]["outsider"]
    assert selectors.search(viewer, "Farquharson").count == 1
    collaboration.directory_settings_update(actor=person, visibility="hidden", show_bio=False)
    assert selectors.search(viewer, "Farquharson").count == 0
    collaboration.directory_settings_update(actor=person, visibility="signed_in", show_bio=False)
    assert selectors.search(viewer, "Farquharson").count == 1
    assert selectors.search(None, "Farquharson").count == 0  # visitors find nobody


def test_people_who_share_no_community_are_not_found_when_they_chose_communities(world):
    person = add_member(world["private"], UserFactory(full_name="Ignatius Penhaligon"))
    collaboration.directory_settings_update(actor=person, visibility="communities", show_bio=False)
    assert selectors.search(world["people"]["outsider"], "Penhaligon").count == 0
    assert selectors.search(world["people"]["private_member"], "Penhaligon").count == 1
