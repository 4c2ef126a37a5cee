import pytest
from django.test import Client

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import selectors
from practice_commons.communities.models import (
    Community,
    CommunityMembership,
    MembershipStatus,
    Role,
)
from practice_commons.confidentiality.testing import assert_api_guarded

from .factories import ROLES, add_member, make_community
from .test_selectors import READ_MATRIX

pytestmark = pytest.mark.django_db

BASE = "/api/v1/communities"


@pytest.fixture
def api(api_client_for):
    """``api(user)``: a client with a bearer token, or with none for the visitor."""

    def make(user):
        return Client() if user is None else api_client_for(user)

    return make


def _endpoints(community, membership_id):
    slug = community.slug
    return [
        ("get", f"{BASE}/{slug}", None),
        ("post", f"{BASE}/{slug}/join", {"accept_rules": True}),
        ("post", f"{BASE}/{slug}/leave", None),
        ("post", f"{BASE}/{slug}/rules/accept", {"accept_rules": True}),
        ("get", f"{BASE}/{slug}/memberships", None),
        ("post", f"{BASE}/{slug}/memberships/{membership_id}/approve", {}),
        ("post", f"{BASE}/{slug}/memberships/{membership_id}/decline", {}),
    ]


def _call(client, method, url, payload):
    if method == "get":
        return client.get(url)
    return client.post(url, payload or {}, content_type="application/json")


@pytest.mark.parametrize("visibility", ["members_only", "private"])
def test_every_endpoint_is_404_for_those_who_cannot_see(api, cast, visibility):
    community = make_community(visibility=visibility)
    people = cast(community)
    requested = CommunityMembership.objects.get(
        user=add_member(community, status=MembershipStatus.REQUESTED)
    )
    for role in ROLES:
        if READ_MATRIX[visibility][role]:
            continue
        client = api(people[role])
        for method, url, payload in _endpoints(community, requested.pk):
            status = _call(client, method, url, payload).status_code
            assert status == (401 if role == "visitor" else 404), (role, url)
    requested.refresh_from_db()
    assert requested.status == MembershipStatus.REQUESTED


def test_list_only_visible_with_counts(api, community, private_community, members_only_community):
    assert api(None).get(BASE).status_code == 401
    non_host = UserFactory(host_membership=HostMembership.NON_MEMBER)
    body = api(non_host).get(BASE).json()
    assert body["count"] == 1 and [c["slug"] for c in body["items"]] == [community.slug]
    body = api(UserFactory()).get(BASE).json()
    assert {c["slug"] for c in body["items"]} == {community.slug, members_only_community.slug}
    owner = private_community.memberships.get(role=Role.OWNER).user
    body = api(owner).get(BASE, {"visibility": "private"}).json()
    assert [c["slug"] for c in body["items"]] == [private_community.slug]
    assert body["items"][0]["rules_version"] == 1
    assert body["items"][0]["rules"][0]["title"] == "Confidentiality"
    assert api(owner).get(BASE, {"topic": "no-such-topic"}).json()["count"] == 0


def test_read_by_role(api, cast, community):
    people = cast(community)
    for role in ROLES:
        response = api(people[role]).get(f"{BASE}/{community.slug}")
        if role == "visitor":
            assert response.status_code == 401
            continue
        assert response.status_code == 200, role
        body = response.json()
        assert body["slug"] == community.slug
        if role in ("member", "facilitator", "owner", "host_admin"):
            assert body["member_count"] == 3
        else:
            assert body["member_count"] is None, "member counts are for members"


def test_create(api):
    person = UserFactory()
    response = api(person).post(
        BASE,
        {
            "name": "Principal social workers",
            "purpose": "PSWs across the region",
            "domain_statement": "Practice leadership",
            "topics": ["Practice leadership"],
            "professions": ["social-worker"],
            "nations": ["england"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["your_membership"]["role"] == "owner"
    assert body["professions"] == ["social-worker"]
    assert body["topics"] == ["Practice leadership"]


@pytest.mark.parametrize(
    "payload, status",
    [
        ({"name": "", "purpose": "p", "domain_statement": "d"}, 422),
        ({"name": "x" * 121, "purpose": "p", "domain_statement": "d"}, 422),
        ({"name": "Ok", "purpose": "p", "domain_statement": "d", "visibility": "secret"}, 400),
        ({"name": "Ok", "purpose": "p", "domain_statement": "d", "professions": ["wizard"]}, 400),
        ({"name": "Ok", "purpose": "p"}, 422),
    ],
)
def test_create_bad_input(api, payload, status):
    response = api(UserFactory()).post(BASE, payload, content_type="application/json")
    assert response.status_code == status
    assert not Community.objects.exists()


def test_create_duplicate_and_non_host(api, community):
    response = api(UserFactory()).post(
        BASE,
        {"name": community.name, "purpose": "p", "domain_statement": "d"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "name" in response.json()["detail"]
    non_host = UserFactory(host_membership=HostMembership.NON_MEMBER)
    response = api(non_host).post(
        BASE,
        {"name": "New", "purpose": "p", "domain_statement": "d"},
        content_type="application/json",
    )
    assert response.status_code == 403


@pytest.mark.parametrize("field", ["purpose", "domain_statement", "practice_statement"])
def test_create_is_guarded(api_client_for, field):
    client = api_client_for(UserFactory())
    assert_api_guarded(
        client,
        "post",
        BASE,
        {"name": "Ok", "purpose": "p", "domain_statement": "d"},
        field,
        client.token,
        model=Community,
    )


def test_join_requires_rules_and_leave(api, community):
    person = UserFactory()
    client = api(person)
    url = f"{BASE}/{community.slug}/join"
    response = client.post(url, {}, content_type="application/json")
    assert response.status_code == 400 and "accept_rules" in response.json()["detail"]
    assert not selectors.is_member(person, community)
    response = client.post(url, {"accept_rules": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert client.post(f"{BASE}/{community.slug}/leave").status_code == 204
    assert not selectors.is_member(person, community)
    assert client.post(f"{BASE}/{community.slug}/leave").status_code == 400


def test_request_then_approve_by_role(api, cast, members_only_community):
    community = members_only_community
    people = cast(community)
    person = UserFactory()
    response = api(person).post(
        f"{BASE}/{community.slug}/join", {"accept_rules": True}, content_type="application/json"
    )
    assert response.json()["status"] == "requested"
    membership = CommunityMembership.objects.get(user=person)
    url = f"{BASE}/{community.slug}/memberships/{membership.pk}/approve"
    for role in ("non_host", "host_member", "member"):
        expected = 404 if role == "non_host" else 403
        assert (
            api(people[role]).post(url, {}, content_type="application/json").status_code == expected
        ), role
    requests_url = f"{BASE}/{community.slug}/memberships?status=requested"
    assert api(people["member"]).get(requests_url).status_code == 403
    body = api(people["facilitator"]).get(requests_url).json()
    assert [m["user_id"] for m in body["items"]] == [person.pk]
    response = api(people["facilitator"]).post(url, {}, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert api(people["owner"]).post(url, {}, content_type="application/json").status_code == 400, (
        "already answered"
    )


def test_memberships_list_to_members_only(api, cast, community):
    people = cast(community)
    url = f"{BASE}/{community.slug}/memberships"
    for role in ROLES:
        status = api(people[role]).get(url).status_code
        expected = {"visitor": 401, "non_host": 403, "host_member": 403}.get(role, 200)
        assert status == expected, role
    body = api(people["member"]).get(url).json()
    assert body["count"] == 3
    assert {m["role"] for m in body["items"]} == {"owner", "facilitator", "member"}
    assert api(people["member"]).get(url, {"status": "removed"}).status_code == 422


def test_decision_reason_is_guarded(api_client_for, members_only_community):
    community = members_only_community
    owner = community.memberships.get(role=Role.OWNER).user
    membership = CommunityMembership.objects.get(
        user=add_member(community, status=MembershipStatus.REQUESTED)
    )
    client = api_client_for(owner)
    assert_api_guarded(
        client,
        "post",
        f"{BASE}/{community.slug}/memberships/{membership.pk}/decline",
        {},
        "reason",
        client.token,
    )
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.REQUESTED


def test_accept_rules(api, community):
    member = add_member(community, accepted=False)
    client = api(member)
    url = f"{BASE}/{community.slug}/rules/accept"
    assert client.post(url, {}, content_type="application/json").status_code == 400
    response = client.post(url, {"accept_rules": True}, content_type="application/json")
    assert response.status_code == 200 and response.json()["accepted_rules_version"] == 1


def test_list_query_budget(api, django_assert_max_num_queries):
    owner = UserFactory()
    for i in range(15):
        c = make_community(owner=owner, name=f"C{i}", topic_names=["t"])
        add_member(c)
    client = api(UserFactory())
    with django_assert_max_num_queries(12):
        response = client.get(BASE)
    assert response.json()["count"] == 15
