"""The facilitators' and owners' API operations (edit, archive, restore, rules, member
management, invitations, safeguarding leads) and the invitee's own invitation: the same
services as the pages, refused to the same people, 404 where the community is hidden."""

import pytest
from django.test import Client
from django.utils.module_loading import import_string

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities.models import (
    Community,
    CommunityMembership,
    CommunityRules,
    Invitation,
    MembershipStatus,
    Role,
)
from practice_commons.confidentiality.testing import assert_api_guarded
from practice_commons.safeguarding.models import SafeguardingLead
from practice_commons.safeguarding.selectors import lead_assignments_for

from .factories import ROLES, add_member, make_community
from .test_selectors import READ_MATRIX

pytestmark = pytest.mark.django_db

BASE = "/api/v1/communities"
JSON = "application/json"


@pytest.fixture
def api(api_client_for):
    def make(user):
        return Client() if user is None else api_client_for(user)

    return make


def _invite(community, email="invitee@example.org"):
    from practice_commons.communities import services

    owner = community.memberships.get(role=Role.OWNER).user
    return services.invitation_create(actor=owner, community=community, email=email)


def _facilitator_endpoints(community, member_id, invitation_id, lead_id):
    slug = community.slug
    m = f"{BASE}/{slug}/memberships/{member_id}"
    return [
        ("patch", f"{BASE}/{slug}", {"purpose": "Changed"}),
        ("put", f"{BASE}/{slug}/rules", {"rules": [{"title": "Be kind"}]}),
        ("post", f"{m}/role", {"role": "facilitator"}),
        ("post", f"{m}/title", {"coordinator_title": "Events coordinator"}),
        ("post", f"{m}/mute", {"days": 3, "reason": "Off topic"}),
        ("post", f"{m}/unmute", None),
        ("post", f"{m}/remove", {"reason": "Off topic"}),
        ("get", f"{BASE}/{slug}/invitations", None),
        ("post", f"{BASE}/{slug}/invitations", {"email": "new@example.org"}),
        ("post", f"{BASE}/{slug}/invitations/{invitation_id}/withdraw", None),
        ("post", f"{BASE}/{slug}/invitations/{invitation_id}/resend", None),
        ("get", f"{BASE}/{slug}/safeguarding-leads", None),
        ("post", f"{BASE}/{slug}/safeguarding-leads", {"user_id": 1}),
        ("delete", f"{BASE}/{slug}/safeguarding-leads/{lead_id}", None),
    ]


def _owner_endpoints(community):
    return [
        ("post", f"{BASE}/{community.slug}/archive", None),
        ("post", f"{BASE}/{community.slug}/restore", None),
    ]


def _call(client, method, url, payload):
    if method == "get":
        return client.get(url)
    if method == "delete":
        return client.delete(url)
    return getattr(client, method)(url, payload or {}, content_type=JSON)


def _state(community):
    """Everything these operations could change, to check a refusal changed nothing."""
    community.refresh_from_db()
    return (
        community.purpose,
        community.archived_at,
        community.current_rules_id,
        CommunityRules.objects.count(),
        sorted(
            CommunityMembership.objects.filter(community=community).values_list(
                "pk", "role", "status", "muted_until", "coordinator_title"
            )
        ),
        sorted(Invitation.objects.values_list("pk", "withdrawn_at", "token_digest")),
        SafeguardingLead.objects.count(),
    )


def _setup(community):
    target = CommunityMembership.objects.get(user=add_member(community))
    invitation = _invite(community)
    owner = community.memberships.get(role=Role.OWNER).user
    from practice_commons.communities import services

    lead = services.safeguarding_lead_assign(actor=owner, community=community, user=owner)
    return target, invitation, lead


@pytest.mark.parametrize("visibility", ["members_only", "private"])
def test_hidden_community_is_404_on_every_new_endpoint(api, cast, visibility):
    community = make_community(visibility=visibility, joining_policy="invitation")
    people = cast(community)
    target, invitation, lead = _setup(community)
    before = _state(community)
    endpoints = _facilitator_endpoints(community, target.pk, invitation.pk, lead.pk)
    endpoints += _owner_endpoints(community)
    checked = 0
    for role in ROLES:
        if READ_MATRIX[visibility][role]:
            continue
        client = api(people[role])
        for method, url, payload in endpoints:
            status = _call(client, method, url, payload).status_code
            assert status == (401 if role == "visitor" else 404), (role, method, url, status)
            checked += 1
    assert checked
    assert _state(community) == before


def test_non_facilitators_are_refused_403_and_nothing_changes(api, cast, community):
    people = cast(community)
    target, invitation, lead = _setup(community)
    before = _state(community)
    endpoints = _facilitator_endpoints(community, target.pk, invitation.pk, lead.pk)
    for role in ("visitor", "non_host", "host_member", "member"):
        client = api(people[role])
        for method, url, payload in endpoints + _owner_endpoints(community):
            status = _call(client, method, url, payload).status_code
            assert status == (401 if role == "visitor" else 403), (role, method, url, status)
    # Archiving and restoring are the owners' (and host admins'), as on the page.
    for method, url, payload in _owner_endpoints(community):
        assert _call(api(people["facilitator"]), method, url, payload).status_code == 403
    assert _state(community) == before


def test_read_scope_token_cannot_write(cast, community):
    people = cast(community)
    target, invitation, lead = _setup(community)
    before = _state(community)
    # The API app sits above this one: its token service is looked up by name.
    api_token_create = import_string("practice_commons.api.services.api_token_create")
    issued = api_token_create(
        actor=people["owner"], user=people["owner"], name="Read only", scope="read"
    )
    client = Client(headers={"Authorization": f"Bearer {issued.raw}"})
    endpoints = _facilitator_endpoints(community, target.pk, invitation.pk, lead.pk)
    for method, url, payload in endpoints + _owner_endpoints(community):
        status = _call(client, method, url, payload).status_code
        assert status == (200 if method == "get" else 403), (method, url, status)
    assert _state(community) == before


def test_edit_by_facilitator(api, cast, community):
    people = cast(community)
    response = api(people["facilitator"]).patch(
        f"{BASE}/{community.slug}",
        {"purpose": "A new purpose", "topics": ["Supervision"], "nations": ["wales"]},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["purpose"] == "A new purpose"
    assert body["topics"] == ["Supervision"] and body["nations"] == ["wales"]
    assert body["name"] == community.name, "fields not sent are left as they were"
    community.refresh_from_db()
    assert community.purpose == "A new purpose"


@pytest.mark.parametrize(
    "payload, status, words",
    [
        ({"name": "x" * 121}, 422, "120"),
        ({"purpose": "x" * 281}, 422, "280"),
        ({"visibility": "secret"}, 400, "visibility"),
        ({"professions": ["wizard"]}, 400, "Unknown profession"),
        ({"host_organisation": "no-such-org"}, 400, "Unknown organisation"),
        ({"name": None}, 400, "name"),
    ],
)
def test_edit_bad_input_changes_nothing(api, cast, community, payload, status, words):
    people = cast(community)
    before = _state(community)
    response = api(people["owner"]).patch(f"{BASE}/{community.slug}", payload, content_type=JSON)
    assert response.status_code == status, response.content
    assert words in response.content.decode()
    assert _state(community) == before


@pytest.mark.parametrize("field", ["purpose", "domain_statement"])
def test_edit_is_guarded(api_client_for, community, field):
    owner = community.memberships.get(role=Role.OWNER).user
    client = api_client_for(owner)
    before = _state(community)
    assert_api_guarded(client, "patch", f"{BASE}/{community.slug}", {}, field, client.token)
    assert _state(community) == before


def test_archive_and_restore_by_owner(api, cast, community):
    people = cast(community)
    owner = api(people["owner"])
    assert owner.post(f"{BASE}/{community.slug}/restore").status_code == 400, "not archived"
    response = owner.post(f"{BASE}/{community.slug}/archive")
    assert response.status_code == 200 and response.json()["archived"] is True
    community.refresh_from_db()
    assert community.archived_at is not None
    response = api(people["host_admin"]).post(f"{BASE}/{community.slug}/restore")
    assert response.status_code == 200 and response.json()["archived"] is False
    community.refresh_from_db()
    assert community.archived_at is None


def test_rules_edit(api, cast, community):
    people = cast(community)
    url = f"{BASE}/{community.slug}/rules"
    rules = [{"title": "Be kind", "description": "Assume good intent."}]
    response = api(people["facilitator"]).put(url, {"rules": rules}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json() == {"version": 2, "rules": rules}
    community.refresh_from_db()
    assert community.current_rules.version == 2
    # Bad input: no rules, a rule without a title, a title too long.
    for payload, status in [
        ({}, 422),
        ({"rules": []}, 400),
        ({"rules": [{"title": ""}]}, 400),
        ({"rules": "Be kind"}, 422),
    ]:
        response = api(people["owner"]).put(url, payload, content_type=JSON)
        assert response.status_code == status, (payload, response.content)
        assert response.json()["detail"]
    community.refresh_from_db()
    assert community.current_rules.version == 2
    sub = make_community(parent=community, owner=people["owner"])
    response = api(people["owner"]).put(
        f"{BASE}/{sub.slug}/rules", {"rules": rules}, content_type=JSON
    )
    assert response.status_code == 400 and "sub-group" in response.content.decode()


def test_rules_edit_is_guarded(api_client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    client = api_client_for(owner)
    before = _state(community)
    body = client.put(
        f"{BASE}/{community.slug}/rules",
        {"rules": [{"title": "Case of NHS 943 476 5919", "description": ""}]},
        content_type=JSON,
    )
    assert body.status_code == 422 and "943 476 5919" not in body.content.decode()
    assert _state(community) == before


def test_member_management(api, cast, community):
    people = cast(community)
    target = CommunityMembership.objects.get(user=people["member"], community=community)
    base = f"{BASE}/{community.slug}/memberships/{target.pk}"
    facilitator, owner = api(people["facilitator"]), api(people["owner"])
    # Roles are the owners' to change.
    assert (
        facilitator.post(f"{base}/role", {"role": "facilitator"}, content_type=JSON).status_code
        == 403
    )
    response = owner.post(f"{base}/role", {"role": "facilitator"}, content_type=JSON)
    assert response.status_code == 200 and response.json()["role"] == "facilitator"
    response = owner.post(f"{base}/role", {"role": "member"}, content_type=JSON)
    assert response.json()["role"] == "member"
    response = facilitator.post(
        f"{base}/title", {"coordinator_title": "Events coordinator"}, content_type=JSON
    )
    assert (
        response.status_code == 200 and response.json()["coordinator_title"] == "Events coordinator"
    )
    response = facilitator.post(
        f"{base}/mute", {"days": 3, "reason": "Off topic"}, content_type=JSON
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert target.muted_until is not None
    assert facilitator.post(f"{base}/unmute").status_code == 200
    target.refresh_from_db()
    assert target.muted_until is None
    # A facilitator cannot act on the owner, nor anyone on themselves.
    owner_membership = CommunityMembership.objects.get(user=people["owner"], community=community)
    response = facilitator.post(
        f"{BASE}/{community.slug}/memberships/{owner_membership.pk}/remove",
        {"reason": "No"},
        content_type=JSON,
    )
    assert response.status_code == 403
    response = owner.post(
        f"{BASE}/{community.slug}/memberships/{owner_membership.pk}/remove",
        {"reason": "No"},
        content_type=JSON,
    )
    assert response.status_code == 400 and "yourself" in response.content.decode()
    response = facilitator.post(f"{base}/remove", {"reason": "Repeated abuse"}, content_type=JSON)
    assert response.status_code == 204
    target.refresh_from_db()
    assert target.status == MembershipStatus.REMOVED
    # A removed member is no longer managed (as the page).
    assert facilitator.post(f"{base}/unmute").status_code == 403


@pytest.mark.parametrize(
    "action, payload, status",
    [
        ("role", {"role": "emperor"}, 422),
        ("role", {}, 422),
        ("mute", {"days": 0, "reason": "x"}, 422),
        ("mute", {"days": 91, "reason": "x"}, 422),
        ("mute", {"days": 3, "reason": ""}, 400),
        ("mute", {"days": 3}, 422),
        ("remove", {"reason": "   "}, 400),
        ("title", {"coordinator_title": "x" * 81}, 422),
    ],
)
def test_member_management_bad_input_changes_nothing(api, cast, community, action, payload, status):
    people = cast(community)
    target = CommunityMembership.objects.get(user=people["member"], community=community)
    before = _state(community)
    response = api(people["owner"]).post(
        f"{BASE}/{community.slug}/memberships/{target.pk}/{action}", payload, content_type=JSON
    )
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert _state(community) == before


@pytest.mark.parametrize("action, payload", [("mute", {"days": 3}), ("remove", {})])
def test_member_reasons_are_guarded(api_client_for, cast, community, action, payload):
    people = cast(community)
    target = CommunityMembership.objects.get(user=people["member"], community=community)
    client = api_client_for(people["owner"])
    before = _state(community)
    assert_api_guarded(
        client,
        "post",
        f"{BASE}/{community.slug}/memberships/{target.pk}/{action}",
        payload,
        "reason",
        client.token,
    )
    assert _state(community) == before


def test_invitations(api, cast, community, mailoutbox, django_capture_on_commit_callbacks):
    people = cast(community)
    facilitator = api(people["facilitator"])
    url = f"{BASE}/{community.slug}/invitations"
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator.post(
            url, {"email": "Alex@Example.org", "message": "Do join us"}, content_type=JSON
        )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["email"] == "alex@example.org" and created["message"] == "Do join us"
    body = facilitator.get(url).json()
    assert [i["id"] for i in body["items"]] == [created["id"]] and body["next"] is None
    invitation = Invitation.objects.get(pk=created["id"])
    expires_before = invitation.expires_at
    response = facilitator.post(f"{url}/{invitation.pk}/resend")
    assert response.status_code == 200
    invitation.refresh_from_db()
    # A new link is due to be emailed (the old one stops working), for a full lifetime.
    assert invitation.sent_at is None and invitation.send_due_at is not None
    assert invitation.expires_at >= expires_before
    response = facilitator.post(f"{url}/{invitation.pk}/withdraw")
    assert response.status_code == 200
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None
    assert facilitator.get(url).json()["items"] == []
    assert facilitator.post(f"{url}/{invitation.pk}/resend").status_code == 409
    other = make_community()
    foreign = _invite(other)
    assert facilitator.post(f"{url}/{foreign.pk}/withdraw").status_code == 404, (
        "another community's invitation"
    )
    foreign.refresh_from_db()
    assert foreign.withdrawn_at is None


@pytest.mark.parametrize(
    "payload, status",
    [
        ({}, 422),
        ({"email": ""}, 400),
        ({"email": "not an address"}, 400),
        ({"email": "a@example.org", "message": "x" * 1001}, 422),
    ],
)
def test_invite_bad_input_changes_nothing(api, cast, community, payload, status):
    people = cast(community)
    response = api(people["owner"]).post(
        f"{BASE}/{community.slug}/invitations", payload, content_type=JSON
    )
    assert response.status_code == status, response.content
    assert response.json()["detail"]
    assert not Invitation.objects.exists()


def test_invite_message_is_guarded(api_client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    client = api_client_for(owner)
    assert_api_guarded(
        client,
        "post",
        f"{BASE}/{community.slug}/invitations",
        {"email": "a@example.org"},
        "message",
        client.token,
        model=Invitation,
    )


def test_your_invitation_read_and_accept(api, cast, private_community):
    community = private_community
    people = cast(community)
    invitee = UserFactory(email="invitee@example.org")
    invitation = _invite(community, email=invitee.email)
    url = f"{BASE}/invitations/yours/{invitation.pk}"
    for role in ROLES:
        status = api(people[role]).get(url).status_code
        assert status == (401 if role == "visitor" else 404), role
        status = (
            api(people[role])
            .post(f"{url}/accept", {"accept_rules": True}, content_type=JSON)
            .status_code
        )
        assert status == (401 if role == "visitor" else 404), role
    client = api(invitee)
    body = client.get(url).json()
    assert body["community"] == community.slug and body["rules_version"] == 1
    response = client.post(f"{url}/accept", {}, content_type=JSON)
    assert response.status_code == 400 and "accept_rules" in response.content.decode()
    response = client.post(f"{url}/accept", {"accept_rules": "maybe"}, content_type=JSON)
    assert response.status_code == 422
    response = client.post(
        f"{url}/accept", {"accept_rules": True, "rules_version": 7}, content_type=JSON
    )
    assert response.status_code == 400
    assert not CommunityMembership.objects.filter(
        user=invitee, community=community, status=MembershipStatus.ACTIVE
    ).exists()
    response = client.post(
        f"{url}/accept", {"accept_rules": True, "rules_version": 1}, content_type=JSON
    )
    assert response.status_code == 200 and response.json()["status"] == "active"
    assert client.get(url).status_code == 404, "a used invitation is gone"


def test_safeguarding_leads(api, cast, community):
    people = cast(community)
    facilitator = api(people["facilitator"])
    url = f"{BASE}/{community.slug}/safeguarding-leads"
    assert facilitator.get(url).json()["items"] == []
    response = facilitator.post(url, {"user_id": people["member"].pk}, content_type=JSON)
    assert response.status_code == 201, response.content
    lead = response.json()
    assert lead["user_id"] == people["member"].pk
    assert [i["id"] for i in facilitator.get(url).json()["items"]] == [lead["id"]]
    for payload, status in [
        ({"user_id": people["host_member"].pk}, 400),
        ({"user_id": 0}, 422),
        ({"user_id": "someone"}, 422),
        ({}, 422),
    ]:
        response = facilitator.post(url, payload, content_type=JSON)
        assert response.status_code == status, payload
        assert response.json()["detail"]
    assert lead_assignments_for(community).count() == 1
    other = make_community()
    from practice_commons.communities import services

    other_owner = other.memberships.get(role=Role.OWNER).user
    foreign = services.safeguarding_lead_assign(
        actor=other_owner, community=other, user=other_owner
    )
    assert facilitator.delete(f"{url}/{foreign.pk}").status_code == 404
    assert facilitator.delete(f"{url}/{lead['id']}").status_code == 204
    assert lead_assignments_for(community).count() == 0
    assert lead_assignments_for(other).count() == 1


def test_unknown_community_is_404(api):
    client = api(UserFactory())
    assert client.patch(f"{BASE}/no-such", {}, content_type=JSON).status_code == 404
    assert client.get(f"{BASE}/no-such/invitations").status_code == 404
    assert not Community.objects.exists()
