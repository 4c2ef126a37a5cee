"""Every page and action, for every role, in a public community, and for people outside a
private community (who must get 404, never 403, so its existence does not leak)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import make_pdf
from practice_commons.discussions import services
from practice_commons.safeguarding import services as safeguarding_services

PDF = make_pdf()  # a real PDF: attachments are read for the guard
ROLES = (
    "visitor",
    "non_host",
    "host_member",
    "member",
    "author",
    "replier",
    "facilitator",
    "owner",
    "host_admin",
    "lead",
)


@pytest.fixture
def world(community, cast, host_admin):
    """A thread by ``author`` with a reply (and attachment) by ``replier``, and everyone."""
    people = cast(community)
    people["author"] = add_member(community)
    people["replier"] = add_member(community)
    people["lead"] = add_member(community)
    safeguarding_services.safeguarding_lead_assign(
        actor=host_admin, user=people["lead"], scope_object=community
    )
    thread = services.thread_create(
        actor=people["author"],
        community=community,
        kind="growing_confidence",
        title="A question",
        body="Body",
        is_anonymous=True,
    )
    reply = services.thread_reply(
        actor=people["replier"],
        thread=thread,
        body="A reply",
        attachments=[SimpleUploadedFile("notes.pdf", PDF)],
    )
    return {
        "people": people,
        "thread": thread,
        "reply": reply,
        "attachment": reply.attachments.get(),
    }


def _urls(community, thread, reply, attachment):
    slug, pk, post = community.slug, thread.pk, reply.pk
    opening = thread.posts.get(is_opening=True).pk
    return {
        "list": ("get", reverse("discussions:list", args=[slug]), {}),
        "thread": ("get", thread.get_absolute_url(), {}),
        "new": ("get", reverse("discussions:new", args=[slug]) + "?kind=problem_solving", {}),
        "create": (
            "post",
            reverse("discussions:new", args=[slug]),
            {"kind": "problem_solving", "title": "T", "body": "B"},
        ),
        "reply": ("post", reverse("discussions:reply", args=[slug, pk]), {"body": "Me too"}),
        "react": (
            "post",
            reverse("discussions:post_react", args=[slug, pk, post]),
            {"kind": "helpful"},
        ),
        "answer": ("post", reverse("discussions:post_answer", args=[slug, pk, post]), {}),
        "edit_reply": ("get", reverse("discussions:post_edit", args=[slug, pk, post]), {}),
        "delete_reply": ("get", reverse("discussions:post_delete", args=[slug, pk, post]), {}),
        "edit_opening": ("get", reverse("discussions:post_edit", args=[slug, pk, opening]), {}),
        "history": ("get", reverse("discussions:post_history", args=[slug, pk, post]), {}),
        "hide": ("get", reverse("discussions:post_hide", args=[slug, pk, post]), {}),
        "unhide": ("post", reverse("discussions:post_unhide", args=[slug, pk, post]), {}),
        "follow": ("post", reverse("discussions:follow", args=[slug, pk]), {"following": "1"}),
        "community_follow": (
            "post",
            reverse("discussions:community_follow", args=[slug]),
            {"following": "1"},
        ),
        "lock": ("post", reverse("discussions:moderate", args=[slug, pk]), {"action": "lock"}),
        "move": ("get", reverse("discussions:move", args=[slug, pk]), {}),
        "reveal": ("get", reverse("discussions:reveal", args=[slug, pk]), {}),
        "library": ("post", reverse("discussions:library", args=[slug, pk]), {}),
        "poll_new": ("get", reverse("discussions:poll_new", args=[slug, pk]), {}),
        "attachment": ("get", reverse("discussions:attachment", args=[slug, attachment.pk]), {}),
    }


OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
MODERATORS = {"facilitator", "owner", "host_admin"}
MEMBERS = {"member", "author", "replier", "facilitator", "owner", "lead"}
EVERYONE = set(ROLES)


def expected(name, role):
    """What each role gets in a public community (200/302 success, 302 login, 403, 404)."""
    signed_in = role != "visitor"
    readable = {"list", "thread", "attachment"}
    if name in readable:
        return OK
    if not signed_in:
        return LOGIN
    rules = {
        "new": (MEMBERS, OK),
        "create": (MEMBERS, 302),
        "reply": (MEMBERS, 302),
        "react": (MEMBERS - {"replier"}, 302),
        "answer": ({"author"} | MODERATORS, 302),
        "edit_reply": ({"replier"}, OK),
        "edit_opening": ({"author"}, OK),
        "delete_reply": ({"replier"} | MODERATORS, OK),
        "history": (MODERATORS, OK),
        "hide": (MODERATORS, OK),
        "unhide": (MODERATORS, 302),
        "follow": (EVERYONE, 302),
        "community_follow": (EVERYONE, 302),
        "lock": (MODERATORS, 302),
        "move": (MODERATORS, OK),
        "reveal": ({"lead"}, OK),
        "library": ({"author"} | MODERATORS, 302),
        "poll_new": ({"author"} | MODERATORS, OK),
    }
    allowed, success = rules[name]
    if role in allowed:
        return success
    if name == "history":
        return NOT_FOUND  # earlier versions are not even confirmed to exist
    if name == "react" and role == "replier":
        return 302  # own post: refused with a message on the thread page
    return FORBIDDEN


NAMES = (
    "list",
    "thread",
    "new",
    "create",
    "reply",
    "react",
    "answer",
    "edit_reply",
    "edit_opening",
    "delete_reply",
    "history",
    "hide",
    "unhide",
    "follow",
    "community_follow",
    "lock",
    "move",
    "reveal",
    "library",
    "poll_new",
    "attachment",
)


@pytest.mark.parametrize("role", ROLES)
def test_public_community_matrix(world, community, client_for, role):
    urls = _urls(community, world["thread"], world["reply"], world["attachment"])
    client = client_for(world["people"][role])
    failures = []
    for name in NAMES:
        method, url, data = urls[name]
        response = getattr(client, method)(url, data)
        want = expected(name, role)
        if response.status_code != want:
            failures.append(f"{name}: got {response.status_code}, expected {want}")
        if want == LOGIN and role == "visitor":
            assert "/account/login/" in response.url, name
    assert not failures, f"{role}: " + "; ".join(failures)


@pytest.fixture
def private_world(private_community, host_admin):
    author = add_member(private_community)
    replier = add_member(private_community)
    thread = services.thread_create(
        actor=author,
        community=private_community,
        kind="problem_solving",
        title="Private matter",
        body="Body",
    )
    reply = services.thread_reply(
        actor=replier,
        thread=thread,
        body="A reply",
        attachments=[SimpleUploadedFile("notes.pdf", PDF)],
    )
    return {"thread": thread, "reply": reply, "attachment": reply.attachments.get()}


@pytest.mark.parametrize("who", ["outsider", "non_host", "removed"])
def test_private_community_is_404_everywhere_for_outsiders(
    private_world, private_community, client_for, outsider, who
):
    from practice_commons.accounts.models import HostMembership
    from practice_commons.accounts.tests.factories import UserFactory

    person = {
        "outsider": outsider,
        "non_host": UserFactory(host_membership=HostMembership.NON_MEMBER),
        "removed": add_member(private_community, status="removed"),
    }[who]
    client = client_for(person)
    urls = _urls(
        private_community,
        private_world["thread"],
        private_world["reply"],
        private_world["attachment"],
    )
    for name in NAMES:
        method, url, data = urls[name]
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, f"{name}: {response.status_code}"
        assert b"Private matter" not in response.content


def test_private_community_visitor_sees_nothing(private_world, private_community, client_for):
    client = client_for(None)
    urls = _urls(
        private_community,
        private_world["thread"],
        private_world["reply"],
        private_world["attachment"],
    )
    for name in NAMES:
        method, url, data = urls[name]
        response = getattr(client, method)(url, data)
        # Sign-in pages redirect before looking anything up, the same for any slug.
        assert response.status_code in (302, 404), name
        assert b"Private matter" not in response.content


def test_private_community_members_can_read(private_world, private_community, client_for):
    member = add_member(private_community)
    client = client_for(member)
    assert client.get(private_world["thread"].get_absolute_url()).status_code == 200
    assert client.get(reverse("discussions:list", args=[private_community.slug])).status_code == 200


def test_members_only_community(members_only_community, client_for, outsider):
    from practice_commons.accounts.models import HostMembership
    from practice_commons.accounts.tests.factories import UserFactory

    author = add_member(members_only_community)
    thread = services.thread_create(
        actor=author,
        community=members_only_community,
        kind="problem_solving",
        title="AMHP rota",
        body="Body",
    )
    assert client_for(outsider).get(thread.get_absolute_url()).status_code == 200
    non_host = UserFactory(host_membership=HostMembership.NON_MEMBER)
    assert client_for(non_host).get(thread.get_absolute_url()).status_code == 404
    assert client_for(None).get(thread.get_absolute_url()).status_code == 404


def test_deleted_and_hidden_threads_are_404_for_members_visible_to_moderators(
    thread, member, other_member, facilitator, client_for
):
    services.post_hide(actor=facilitator, post=thread.posts.get(), reason="Duplicate")
    assert client_for(other_member).get(thread.get_absolute_url()).status_code == 404
    page = client_for(facilitator).get(thread.get_absolute_url())
    assert page.status_code == 200 and b"Hidden" in page.content


def test_thread_in_another_community_is_404(thread, client_for, member, community):
    from practice_commons.communities.tests.factories import make_community

    other = make_community(name="Youth justice practitioners")
    url = reverse("discussions:thread", args=[other.slug, thread.pk])
    assert client_for(member).get(url).status_code == 404
