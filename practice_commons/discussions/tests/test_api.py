"""``/api/v1/`` threads and posts: the same permissions as the pages."""

import pytest

from practice_commons.communities.models import CommunityMembership
from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import SECRETS, assert_api_guarded
from practice_commons.discussions import services
from practice_commons.discussions.models import Post, Thread


def _list_url(community):
    return f"/api/v1/communities/{community.slug}/threads"


def test_list_filter_and_read(api_client_for, community, member, make_thread, outsider):
    make_thread(
        member,
        community,
        kind="visits",
        title="A visit",
        details={"place": "A team in the North West", "visit_date": "2030-01-01"},
    )
    thread = make_thread(member, community, title="A problem")
    client = api_client_for(outsider)  # public community: anyone signed in can read
    body = client.get(_list_url(community)).json()
    assert body["count"] == 2
    body = client.get(_list_url(community) + "?kind=visits").json()
    assert [t["title"] for t in body["items"]] == ["A visit"]
    assert body["items"][0]["details"]["place"] == "A team in the North West"
    detail = client.get(f"/api/v1/threads/{thread.pk}").json()
    assert detail["title"] == "A problem" and detail["posts"][0]["is_opening"]
    assert detail["author"]["name"] == member.display_name


def test_create_reply_react_answer(api_client_for, community, member, other_member):
    author = api_client_for(member)
    response = author.post(
        _list_url(community),
        {
            "kind": "request_for_information",
            "title": "Chronology template?",
            "body": "Looking for one.",
            "details": {"needed_by": "2030-04-01"},
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    thread_id = response.json()["id"]
    assert response.json()["key_date"] == "2030-04-01"
    replier = api_client_for(other_member)
    response = replier.post(
        f"/api/v1/threads/{thread_id}/replies",
        {"body": "Here is ours."},
        content_type="application/json",
    )
    assert response.status_code == 201
    post_id = response.json()["id"]
    response = author.post(
        f"/api/v1/threads/{thread_id}/posts/{post_id}/reactions",
        {"kind": "helpful"},
        content_type="application/json",
    )
    assert response.json() == {"kind": "helpful", "on": True, "count": 1}
    response = replier.post(
        f"/api/v1/threads/{thread_id}/answer", {"post_id": post_id}, content_type="application/json"
    )
    assert response.status_code == 403
    response = author.post(
        f"/api/v1/threads/{thread_id}/answer", {"post_id": post_id}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["is_solved"]
    assert author.delete(f"/api/v1/threads/{thread_id}/answer").json()["is_solved"] is False


def test_private_community_is_404_for_outsiders(
    api_client_for, private_thread, private_community, outsider
):
    client = api_client_for(outsider)
    post_id = private_thread.posts.get().pk
    for method, url, payload in (
        ("get", _list_url(private_community), None),
        (
            "post",
            _list_url(private_community),
            {"kind": "problem_solving", "title": "T", "body": "B"},
        ),
        ("get", f"/api/v1/threads/{private_thread.pk}", None),
        ("post", f"/api/v1/threads/{private_thread.pk}/replies", {"body": "x"}),
        (
            "post",
            f"/api/v1/threads/{private_thread.pk}/posts/{post_id}/reactions",
            {"kind": "helpful"},
        ),
        ("post", f"/api/v1/threads/{private_thread.pk}/answer", {"post_id": post_id}),
    ):
        kwargs = {"content_type": "application/json"} if payload is not None else {}
        args = (url, payload) if payload is not None else (url,)
        response = getattr(client, method)(*args, **kwargs)
        assert response.status_code == 404, (url, response.status_code)
        assert b"Supervision" not in response.content


def test_non_member_cannot_post_to_public_community(api_client_for, community, thread, outsider):
    client = api_client_for(outsider)
    response = client.post(
        _list_url(community),
        {"kind": "problem_solving", "title": "T", "body": "B"},
        content_type="application/json",
    )
    assert response.status_code == 403 and "Only members" in response.json()["detail"]
    response = client.post(
        f"/api/v1/threads/{thread.pk}/replies", {"body": "x"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_locked_thread_and_muted_member(
    api_client_for, thread, other_member, facilitator, community, owner
):
    services.thread_set_locked(actor=facilitator, thread=thread, locked=True)
    client = api_client_for(other_member)
    response = client.post(
        f"/api/v1/threads/{thread.pk}/replies", {"body": "x"}, content_type="application/json"
    )
    assert response.status_code == 403 and "locked" in response.json()["detail"]
    from practice_commons.communities import services as community_services

    community_services.membership_mute(
        actor=owner,
        membership=CommunityMembership.objects.get(community=community, user=other_member),
        days=1,
        reason="Cooling off",
    )
    response = client.post(
        _list_url(community),
        {"kind": "problem_solving", "title": "T", "body": "B"},
        content_type="application/json",
    )
    assert response.status_code == 403 and "muted" in response.json()["detail"]


def test_validation_errors(api_client_for, community, member):
    client = api_client_for(member)
    response = client.post(
        _list_url(community),
        {"kind": "problem_solving", "title": "T", "body": ""},
        content_type="application/json",
    )
    assert response.status_code == 400 and "body" in response.json()["detail"]
    response = client.post(
        _list_url(community),
        {"kind": "nonsense", "title": "T", "body": "B"},
        content_type="application/json",
    )
    assert response.status_code == 422  # schema validation


def test_blocked_writes_answer_422_without_echoing(
    api_client_for, community, member, thread, other_member
):
    assert_api_guarded(
        api_client_for(member).__class__(),
        "post",
        _list_url(community),
        {"kind": "problem_solving", "title": "Help"},
        "body",
        api_client_for(member).token,
        model=Thread,
    )
    assert_api_guarded(
        api_client_for(other_member).__class__(),
        "post",
        f"/api/v1/threads/{thread.pk}/replies",
        {},
        "body",
        api_client_for(other_member).token,
        model=Post,
    )


def test_api_never_names_an_anonymous_author(
    api_client_for, community, member, host_admin, facilitator
):
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="growing_confidence",
        title="T",
        body="B",
        is_anonymous=True,
    )
    for viewer in (member, host_admin, facilitator):
        client = api_client_for(viewer)
        raw = client.get(f"/api/v1/threads/{thread.pk}").content.decode()
        assert member.display_name not in raw and member.email not in raw
        body = client.get(f"/api/v1/threads/{thread.pk}").json()
        assert body["author"] is None and body["author_label"] == "A member"
        assert body["posts"][0]["author"] is None
        listing = client.get(_list_url(community)).content.decode()
        assert member.display_name not in listing


def test_hidden_reply_body_is_withheld(api_client_for, thread, reply, facilitator, member):
    services.post_hide(actor=facilitator, post=reply, reason="Off topic")
    body = api_client_for(member).get(f"/api/v1/threads/{thread.pk}").json()
    hidden = body["posts"][1]
    assert hidden["body"] is None and hidden["placeholder"]
    assert not any(s in str(body) for s in SECRETS)


@pytest.mark.parametrize("after,expected", [(-1, 31), (30, 10)])
def test_posts_are_paged(api_client_for, thread, community, after, expected):
    author = add_member(community)
    for i in range(40):
        services.thread_reply(actor=author, thread=thread, body=f"Reply {i}")
    body = api_client_for(author).get(f"/api/v1/threads/{thread.pk}?after={after}").json()
    assert len(body["posts"]) == min(expected, 30)
    assert body["has_more"] is (after == -1)


def test_openapi_lists_thread_endpoints(api_client_for, member):
    paths = api_client_for(member).get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/communities/{slug}/threads" in paths
    assert "/api/v1/threads/{thread_id}/replies" in paths
