import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from practice_commons.accounts.models import AuditEvent, HostMembership
from practice_commons.accounts.tests.factories import (
    ExpertiseTagFactory,
    ProfessionFactory,
    UserFactory,
)
from practice_commons.communities import panels, selectors, services
from practice_commons.communities.models import (
    Community,
    CommunityMembership,
    CommunityRules,
    Invitation,
    MembershipStatus,
    Role,
)
from practice_commons.confidentiality.testing import NHS_NUMBER, assert_form_view_guarded
from practice_commons.core.testing import html_contains

from .factories import ROLES, add_member, invitation_link, make_community
from .test_selectors import READ_MATRIX

pytestmark = pytest.mark.django_db

IDENTIFYING = "We discussed the boy with NHS number 943 476 5919 at length."

# Pages of one community: name -> (url name, needs membership id, who may open it).
# "read": anyone who can read; "member": members and moderators; "moderator": facilitators,
# owners and host admins. Login-only pages send visitors to sign in.
PAGES = {
    "detail": ("communities:detail", "read", False),
    "rules": ("communities:rules", "read", False),
    "join": ("communities:join", "read", True),
    "members": ("communities:members", "member", True),
    "edit": ("communities:edit", "moderator", True),
    "rules_edit": ("communities:rules_edit", "moderator", True),
    "requests": ("communities:requests", "moderator", True),
    "invitations": ("communities:invitations", "moderator", True),
    "safeguarding_leads": ("communities:safeguarding_leads", "moderator", True),
    "create_subgroup": ("communities:create_subgroup", "moderator", True),
}
MEMBERS = {"member", "facilitator", "owner", "host_admin"}
MODERATORS = {"facilitator", "owner", "host_admin"}


def expected_status(access, login_only, role, visibility):
    visible = READ_MATRIX[visibility][role]
    if role == "visitor":
        if login_only:
            return 302
        return 200 if visible else 404
    if not visible:
        return 404  # never 403: a private community's existence must not leak
    if access == "member" and role not in MEMBERS:
        return 403
    if access == "moderator" and role not in MODERATORS:
        return 403
    return 200


@pytest.mark.parametrize("visibility", ["public", "members_only", "private"])
@pytest.mark.parametrize("page", list(PAGES))
def test_page_permissions_for_every_role(client_for, cast, visibility, page):
    community = make_community(
        visibility=visibility, joining_policy="invitation" if visibility == "private" else "open"
    )
    people = cast(community)
    url_name, access, login_only = PAGES[page]
    url = reverse(url_name, kwargs={"slug": community.slug})
    for role in ROLES:
        response = client_for(people[role]).get(url)
        assert response.status_code == expected_status(access, login_only, role, visibility), (
            page,
            role,
            visibility,
        )


@pytest.mark.parametrize("visibility", ["public", "members_only", "private"])
def test_community_feed_is_for_public_communities_only_whoever_asks(client_for, cast, visibility):
    """``/communities/<slug>/feed.atom`` (built in api/feeds.py) answers as a visitor
    would: the feed for a public community, 404 otherwise, even for its members."""
    community = make_community(
        visibility=visibility, joining_policy="invitation" if visibility == "private" else "open"
    )
    people = cast(community)
    url = reverse("community_feed", kwargs={"slug": community.slug})
    for role in ROLES:
        status = client_for(people[role]).get(url).status_code
        assert status == (200 if visibility == "public" else 404), (role, visibility)


@pytest.mark.parametrize("visibility", ["public", "members_only", "private"])
def test_member_manage_permissions(client_for, cast, visibility):
    community = make_community(visibility=visibility)
    people = cast(community)
    target = CommunityMembership.objects.get(community=community, user=people["member"])
    url = reverse(
        "communities:member_manage", kwargs={"slug": community.slug, "membership_id": target.pk}
    )
    for role in ROLES:
        status = client_for(people[role]).get(url).status_code
        assert status == expected_status("moderator", True, role, visibility), role


@pytest.mark.parametrize("visibility", ["members_only", "private"])
def test_post_endpoints_are_404_for_outsiders(client_for, visibility):
    community = make_community(visibility=visibility)
    facilitator_only = visibility == "private"
    outsider = UserFactory(
        host_membership=HostMembership.NON_MEMBER if not facilitator_only else HostMembership.MEMBER
    )
    requested = add_member(community, status=MembershipStatus.REQUESTED)
    membership = CommunityMembership.objects.get(user=requested)
    invitation = services.invitation_create(
        actor=community.memberships.get(role=Role.OWNER).user,
        community=community,
        email="x@example.org",
    )
    client = client_for(outsider)
    slug = community.slug
    for url in [
        reverse("communities:archive", kwargs={"slug": slug}),
        reverse("communities:restore", kwargs={"slug": slug}),
        reverse("communities:rules_accept", kwargs={"slug": slug}),
        reverse("communities:join", kwargs={"slug": slug}),
        reverse("communities:leave", kwargs={"slug": slug}),
        reverse(
            "communities:request_decide", kwargs={"slug": slug, "membership_id": membership.pk}
        ),
        reverse(
            "communities:invitation_withdraw", kwargs={"slug": slug, "invitation_id": invitation.pk}
        ),
        reverse(
            "communities:invitation_resend", kwargs={"slug": slug, "invitation_id": invitation.pk}
        ),
        reverse("communities:member_manage", kwargs={"slug": slug, "membership_id": membership.pk}),
    ]:
        response = client.post(
            url,
            {"accept_rules": "on", "decision": "approve", "action": "remove", "remove-reason": "x"},
        )
        assert response.status_code == 404, url
    assert CommunityMembership.objects.get(pk=membership.pk).status == MembershipStatus.REQUESTED
    unchanged = Invitation.objects.get(pk=invitation.pk)
    assert unchanged.withdrawn_at is None and unchanged.token_digest == invitation.token_digest


def test_unknown_community_is_404(client_for):
    assert (
        client_for(UserFactory())
        .get(reverse("communities:detail", kwargs={"slug": "nope"}))
        .status_code
        == 404
    )


# --- directory ------------------------------------------------------------------------


def test_directory_lists_only_visible_and_counts_them(
    client_for, community, private_community, members_only_community
):
    response = client_for(None).get(reverse("communities:directory"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 1
    body = response.content.decode()
    assert community.name in body
    assert private_community.name not in body and members_only_community.name not in body

    response = client_for(UserFactory()).get(reverse("communities:directory"))
    assert response.context["page_obj"].paginator.count == 2
    assert private_community.name not in response.content.decode()
    assert private_community not in response.context["for_you"]


def test_directory_filters_and_search(client_for, community):
    topic = ExpertiseTagFactory(name="Youth justice")
    yj = make_community(
        name="Youth justice practitioners", topic_names=["Youth justice"], nations=["wales"]
    )
    client = client_for(None)
    response = client.get(reverse("communities:directory"), {"topic": topic.slug})
    assert list(response.context["page_obj"]) == [yj]
    response = client.get(reverse("communities:directory"), {"q": "children"})
    assert list(response.context["page_obj"]) == [community]
    response = client.get(reverse("communities:directory"), {"nation": "scotland"})
    assert list(response.context["page_obj"]) == [community]
    response = client.get(reverse("communities:directory"), {"visibility": "nonsense"})
    assert response.status_code == 200 and response.context["form"].errors


def _populate(n, *, prefix):
    teacher = ProfessionFactory(name="Teacher")
    owner = UserFactory()
    for i in range(n):
        c = make_community(
            owner=owner,
            name=f"{prefix} {i}",
            professions=[teacher],
            topic_names=[f"Topic {i % 3}", "Shared"],
            nations=["england"],
        )
        for _ in range(2):
            add_member(c)


@pytest.mark.parametrize("size", [3, 25])
def test_directory_query_budget(client_for, django_assert_max_num_queries, size):
    _populate(size, prefix="Community")
    viewer = UserFactory(expertise=["Shared"])
    client = client_for(viewer)
    with django_assert_max_num_queries(15):  # the budget for any page
        response = client.get(reverse("communities:directory"))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(size, 20)


def test_directory_htmx_load_more_returns_partial(client_for):
    _populate(22, prefix="C")
    response = client_for(None).get(
        reverse("communities:directory"), {"page": 2}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and "C 9" in body  # names sort as text: page 2 holds C 7…C 9
    response = client_for(None).get(reverse("communities:directory"))
    assert 'hx-get="?page=2"' in response.content.decode()


# --- the community page ---------------------------------------------------------------


def test_detail_shows_what_a_community_needs(client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    services.community_update(
        actor=owner,
        community=community,
        data={"meeting_rhythm": "Every second Tuesday, 12:30 to 13:30"},
    )
    coordinator = add_member(community, coordinator_title="Events coordinator")
    sub = make_community(owner=owner, name="Leeds set", parent=community)
    response = client_for(None).get(community.get_absolute_url())
    body = response.content.decode()
    assert "Every second Tuesday" in body
    assert "Events coordinator" in body and html_contains(body, coordinator.display_name)
    assert "Take off the caseworker" in body
    assert sub.name in body
    assert html_contains(body, owner.display_name), "facilitators are shown"
    assert "See all members" not in body, "members are shown to members only"
    member_body = client_for(coordinator).get(community.get_absolute_url()).content.decode()
    assert "See all members" in member_body


def test_detail_renders_registered_panels(client_for, community):
    panels.register_panel(
        "test_panel",
        title="Recent threads",
        render=lambda request, c: SafeString(f"<p>Panel for {c.slug}</p>"),
        order=1,
    )
    panels.register_panel("empty_panel", title="Hidden", render=lambda r, c: "", order=2)
    try:
        body = client_for(None).get(community.get_absolute_url()).content.decode()
    finally:
        panels.unregister_panel("test_panel")
        panels.unregister_panel("empty_panel")
    assert f"<p>Panel for {community.slug}</p>" in body
    assert "Recent threads" in body and "Hidden" not in body


@pytest.mark.parametrize("size", [3, 40])
def test_detail_query_budget(client_for, django_assert_max_num_queries, size, community):
    owner = community.memberships.get(role=Role.OWNER).user
    for i in range(size):
        add_member(
            community,
            role=Role.FACILITATOR if i % 5 == 0 else Role.MEMBER,
            coordinator_title="Coordinator" if i % 7 == 0 else "",
        )
    for i in range(min(size, 10)):
        make_community(owner=owner, name=f"Sub {i}", parent=community)
    client = client_for(owner)
    client.get(community.get_absolute_url())  # the visit is written down once a minute
    with django_assert_max_num_queries(15):  # the budget for any page
        response = client.get(community.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("size", [3, 60])
def test_members_and_requests_query_budget(
    client_for, django_assert_max_num_queries, size, community
):
    owner = community.memberships.get(role=Role.OWNER).user
    for i in range(size):
        add_member(
            community, status=MembershipStatus.REQUESTED if i % 2 else MembershipStatus.ACTIVE
        )
    client = client_for(owner)
    for name in ("communities:members", "communities:requests"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse(name, kwargs={"slug": community.slug}))
        assert response.status_code == 200


def test_updated_rules_prompt_and_accept(client_for, community):
    member = add_member(community)
    owner = community.memberships.get(role=Role.OWNER).user
    services.community_rules_update(
        actor=owner, community=community, rules=[{"title": "Be kind", "description": ""}]
    )
    client = client_for(member)
    body = client.get(community.get_absolute_url()).content.decode()
    assert "Accept the updated rules" in body
    url = reverse("communities:rules_accept", kwargs={"slug": community.slug})
    response = client.post(url, {"rules_version": 2})
    assert response.status_code == 200
    assert "Tick the box" in response.content.decode()
    response = client.post(url, {"accept_rules": "on", "rules_version": 2})
    assert response.status_code == 302
    community.refresh_from_db()
    assert selectors.can_post(member, community)[0]


# --- creating and editing -------------------------------------------------------------


def test_create_community_page(client_for):
    person = UserFactory()
    client = client_for(person)
    assert client.get(reverse("communities:create")).status_code == 200
    response = client.post(
        reverse("communities:create"),
        {
            "name": "Kinship care practice",
            "purpose": "Supporting kinship carers",
            "domain_statement": "Kinship care across agencies",
            "visibility": "public",
            "joining_policy": "open",
            "topics_text": "kinship care, special guardianship",
            "nations": ["england", "wales"],
        },
    )
    community = Community.objects.get(name="Kinship care practice")
    assert response.status_code == 302 and response.url == community.get_absolute_url()
    assert {t.name for t in community.topics.all()} == {"kinship care", "special guardianship"}
    assert selectors.can_moderate(person, community)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": ""}, "Enter"),
        ({"name": "x" * 121}, "at most 120"),
        ({"purpose": ""}, "Enter"),
        ({"visibility": ""}, ""),
    ],
)
def test_create_bad_input_shows_errors_and_stores_nothing(client_for, data, message):
    client = client_for(UserFactory())
    post = {
        "name": "Good",
        "purpose": "p",
        "domain_statement": "d",
        "visibility": "public",
        "joining_policy": "open",
        **data,
    }
    response = client.post(reverse("communities:create"), post)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "There is a problem" in response.content.decode()
    assert not Community.objects.exists()


def test_create_duplicate_name_error(client_for, community):
    response = client_for(UserFactory()).post(
        reverse("communities:create"),
        {
            "name": community.name,
            "purpose": "p",
            "domain_statement": "d",
            "visibility": "public",
            "joining_policy": "open",
        },
    )
    assert "already exists" in response.content.decode()
    assert Community.objects.count() == 1


CREATE_DATA = {
    "name": "Good",
    "purpose": "p",
    "domain_statement": "d",
    "visibility": "public",
    "joining_policy": "open",
}


@pytest.mark.parametrize(
    "field", ["purpose", "domain_statement", "practice_statement", "meeting_rhythm", "topics_text"]
)
def test_create_form_is_guarded(client_for, field):
    client = client_for(UserFactory())
    response = assert_form_view_guarded(
        client, reverse("communities:create"), CREATE_DATA, field, model=Community
    )
    assert field in response.context["form"].errors


def test_edit_form_is_guarded(client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    url = reverse("communities:edit", kwargs={"slug": community.slug})
    assert_form_view_guarded(client_for(owner), url, CREATE_DATA, "domain_statement")
    community.refresh_from_db()
    assert community.name != "Good"


def test_coordinator_title_and_decision_forms_are_guarded(client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    target = CommunityMembership.objects.get(user=add_member(community))
    url = reverse(
        "communities:member_manage", kwargs={"slug": community.slug, "membership_id": target.pk}
    )
    assert_form_view_guarded(
        client_for(owner),
        url,
        {"action": "title"},
        "title-coordinator_title",
        text=f"Lead for NHS {NHS_NUMBER}",
    )
    requester = CommunityMembership.objects.get(
        user=add_member(community, status=MembershipStatus.REQUESTED)
    )
    url = reverse(
        "communities:request_decide", kwargs={"slug": community.slug, "membership_id": requester.pk}
    )
    assert_form_view_guarded(client_for(owner), url, {"decision": "decline"}, "reason")
    requester.refresh_from_db()
    assert requester.status == MembershipStatus.REQUESTED


def test_edit_page_and_archive(client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    client = client_for(owner)
    response = client.get(reverse("communities:edit", kwargs={"slug": community.slug}))
    assert response.context["form"]["name"].value() == community.name
    response = client.post(
        reverse("communities:edit", kwargs={"slug": community.slug}),
        {
            "name": community.name,
            "purpose": "Updated purpose",
            "domain_statement": "d",
            "visibility": "public",
            "joining_policy": "request",
        },
    )
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.purpose == "Updated purpose" and community.joining_policy == "request"
    client.post(reverse("communities:archive", kwargs={"slug": community.slug}))
    community.refresh_from_db()
    assert community.archived_at is not None
    assert "Archived" in client.get(community.get_absolute_url()).content.decode()


def test_subgroup_create_page(client_for, private_community):
    owner = private_community.memberships.get(role=Role.OWNER).user
    client = client_for(owner)
    url = reverse("communities:create_subgroup", kwargs={"slug": private_community.slug})
    response = client.get(url)
    choices = [c[0] for c in response.context["form"].fields["visibility"].choices]
    assert choices == ["private"]
    response = client.post(
        url,
        {
            "name": "Set of eight",
            "purpose": "p",
            "domain_statement": "d",
            "visibility": "private",
            "joining_policy": "invitation",
        },
    )
    sub = Community.objects.get(name="Set of eight")
    assert sub.parent == private_community and response.status_code == 302


def test_rules_edit_page(client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    client = client_for(owner)
    url = reverse("communities:rules_edit", kwargs={"slug": community.slug})
    response = client.get(url)
    assert len(response.context["formset"].forms) == 8 + 2
    data = {
        "rules-TOTAL_FORMS": "2",
        "rules-INITIAL_FORMS": "0",
        "rules-MIN_NUM_FORMS": "0",
        "rules-MAX_NUM_FORMS": "30",
        "rules-0-title": "Confidentiality",
        "rules-0-description": "Always",
        "rules-1-title": "",
        "rules-1-description": "",
    }
    assert client.post(url, data).status_code == 302
    assert community.rules_versions.count() == 2
    data["rules-0-title"] = ""
    data["rules-0-description"] = ""
    response = client.post(url, data)
    assert response.status_code == 200 and "at least one group rule" in response.content.decode()
    data["rules-0-title"] = "Fine"
    data["rules-0-description"] = IDENTIFYING
    response = client.post(url, data)
    assert response.status_code == 200 and "Redact and continue" in response.content.decode()
    assert CommunityRules.objects.filter(community=community).count() == 2
    rules_page = client.get(reverse("communities:rules", kwargs={"slug": community.slug}))
    assert "Earlier versions" in rules_page.content.decode()


# --- joining and leaving --------------------------------------------------------------


def test_join_page_requires_rules_checkbox(client_for, community):
    person = UserFactory()
    client = client_for(person)
    url = reverse("communities:join", kwargs={"slug": community.slug})
    page = client.get(url).content.decode()
    assert "Take off the caseworker" in page and "I have read the group rules" in page
    response = client.post(url, {"rules_version": 1})
    assert response.status_code == 200
    assert "You must accept the group rules to join" in response.content.decode()
    assert not selectors.is_member(person, community)
    response = client.post(url, {"accept_rules": "on", "rules_version": 1})
    assert response.status_code == 302
    assert selectors.is_member(person, community)


def test_join_and_leave_with_htmx_swap_the_panel(client_for, community):
    person = UserFactory()
    client = client_for(person)
    url = reverse("communities:join", kwargs={"slug": community.slug})
    response = client.post(url, {"accept_rules": "on"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    # The panel alone, and what the page's status region says, out of band.
    assert response.status_code == 200 and "<html" not in body
    assert '<div id="membership-panel"' in body
    status = '<p id="membership-status" hx-swap-oob="innerHTML">'
    assert f"{status}Welcome to {community.name}.</p>" in body
    assert "Leave" in body and response["HX-Trigger"] == "communityMembershipChanged"
    response = client.post(url.replace("join", "leave"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Join" in body and f"{status}You have left {community.name}.</p>" in body
    assert not selectors.is_member(person, community)
    response = client.post(url, {}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "must accept" in response.content.decode()


def test_leave_page(client_for, community):
    person = add_member(community)
    client = client_for(person)
    url = reverse("communities:leave", kwargs={"slug": community.slug})
    assert "Leave" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not selectors.is_member(person, community)
    owner_client = client_for(community.memberships.get(role=Role.OWNER).user)
    response = owner_client.post(url)
    assert response.status_code == 200 and "only owner" in response.content.decode()


def test_request_to_join_and_decide(client_for, members_only_community):
    community = members_only_community
    person = UserFactory()
    client_for(person).post(
        reverse("communities:join", kwargs={"slug": community.slug}), {"accept_rules": "on"}
    )
    membership = CommunityMembership.objects.get(user=person)
    assert membership.status == MembershipStatus.REQUESTED
    owner = community.memberships.get(role=Role.OWNER).user
    client = client_for(owner)
    page = client.get(reverse("communities:requests", kwargs={"slug": community.slug}))
    assert html_contains(page.content.decode(), person.display_name)
    url = reverse(
        "communities:request_decide",
        kwargs={"slug": community.slug, "membership_id": membership.pk},
    )
    response = client.post(url, {})
    assert response.status_code == 200 and "Choose approve or decline" in response.content.decode()
    assert client.post(url, {"decision": "approve"}).status_code == 302
    assert selectors.is_member(person, community)


# --- members --------------------------------------------------------------------------


def test_members_page_and_manage_actions(client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    person = add_member(community)
    membership = CommunityMembership.objects.get(user=person)
    client = client_for(owner)
    page = client.get(reverse("communities:members", kwargs={"slug": community.slug}))
    assert html_contains(page.content.decode(), person.display_name)
    url = reverse(
        "communities:member_manage", kwargs={"slug": community.slug, "membership_id": membership.pk}
    )
    assert client.get(url).status_code == 200
    assert (
        client.post(
            url, {"action": "title", "title-coordinator_title": "Newsletter coordinator"}
        ).status_code
        == 302
    )
    response = client.post(url, {"action": "mute", "mute-days": "", "mute-reason": ""})
    assert response.status_code == 200
    assert "Enter the number of days" in response.content.decode()
    assert (
        client.post(
            url, {"action": "mute", "mute-days": "2", "mute-reason": "Cooling off"}
        ).status_code
        == 302
    )
    assert client.post(url, {"action": "unmute"}).status_code == 302
    assert client.post(url, {"action": "role", "role-role": "facilitator"}).status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.FACILITATOR and membership.muted_until is None
    assert membership.coordinator_title == "Newsletter coordinator"
    assert_form_view_guarded(client, url, {"action": "remove"}, "remove-reason", model=AuditEvent)
    assert (
        client.post(url, {"action": "remove", "remove-reason": "Left the service"}).status_code
        == 302
    )
    assert not selectors.is_member(person, community)
    assert client.get(url).status_code == 403, "not an active member any more"


# --- invitations ----------------------------------------------------------------------


def test_invitations_page_invite_and_withdraw(client_for, private_community, mailoutbox):
    owner = private_community.memberships.get(role=Role.OWNER).user
    client = client_for(owner)
    url = reverse("communities:invitations", kwargs={"slug": private_community.slug})
    response = client.post(url, {"email": "nope"})
    assert response.status_code == 200 and "correct format" in response.content.decode()
    assert_form_view_guarded(
        client, url, {"email": "someone@example.org"}, "message", model=Invitation
    )
    assert (
        client.post(url, {"email": "someone@example.org", "message": "Join us"}).status_code == 302
    )
    invitation = Invitation.objects.get()
    assert "someone@example.org" in client.get(url).content.decode()
    client.post(
        reverse(
            "communities:invitation_withdraw",
            kwargs={"slug": private_community.slug, "invitation_id": invitation.pk},
        )
    )
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None


def test_invitation_link_reveals_private_community_only_to_invitee(client_for, private_community):
    owner = private_community.memberships.get(role=Role.OWNER).user
    invitation = services.invitation_create(
        actor=owner, community=private_community, email="invitee@example.org", message="Welcome"
    )
    url = invitation_link(invitation)
    # A visitor holding the link: no name, sign-in and sign-up that come back here.
    response = client_for(None).get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert private_community.name not in body
    assert "next=" in body and reverse("account_signup") in body
    # Someone else, signed in: told it is not theirs, still no name.
    response = client_for(UserFactory()).get(url)
    assert response.status_code == 403 and private_community.name not in response.content.decode()
    # The invitee, after signing up: sees the community and its rules, accepts them.
    invitee = UserFactory(email="invitee@example.org")
    client = client_for(invitee)
    directory = client.get(reverse("communities:directory")).content.decode()
    assert invitation.get_absolute_url() in directory, "the invitation waits after sign-up"
    response = client.get(url)
    assert private_community.name in response.content.decode()
    response = client.post(url, {})
    assert response.status_code == 200 and not selectors.is_member(invitee, private_community)
    assert "You must accept the group rules" in response.content.decode()
    response = client.post(url, {"accept_rules": "on", "rules_version": 1})
    assert response.status_code == 302
    assert selectors.is_member(invitee, private_community)
    assert client_for(invitee).get(url).status_code == 404, "a used link is spent"


def test_the_invitee_finds_the_invitation_without_the_link(client_for, private_community):
    owner = private_community.memberships.get(role=Role.OWNER).user
    invitation = services.invitation_create(
        actor=owner, community=private_community, email="invitee@example.org"
    )
    url = invitation.get_absolute_url()
    assert client_for(None).get(url).status_code == 302, "sign in first"
    for someone in (UserFactory(), owner):
        assert client_for(someone).get(url).status_code == 404, "nobody else learns of it"
    client = client_for(UserFactory(email="Invitee@example.org"))
    response = client.get(url)
    assert response.status_code == 200 and private_community.name in response.content.decode()
    assert client.post(url, {"accept_rules": "on", "rules_version": 1}).status_code == 302
    assert client.get(url).status_code == 404, "accepted: nothing waits any more"


def assert_404_page(response):
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


@pytest.mark.parametrize("state", ["forged", "expired", "used", "withdrawn"])
def test_forged_expired_used_or_withdrawn_link_is_the_404_page(client_for, community, state):
    owner = community.memberships.get(role=Role.OWNER).user
    invitation = services.invitation_create(
        actor=owner, community=community, email="late@example.org"
    )
    url = invitation_link(invitation)
    assert client_for(None).get(url).status_code == 200
    now = timezone.now()
    if state == "forged":
        url = url[:-4] + "abc/"
    elif state == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=now)
    elif state == "used":
        Invitation.objects.filter(pk=invitation.pk).update(accepted_at=now)
    else:
        services.invitation_withdraw(actor=owner, invitation=invitation)
    invitee = UserFactory(email="late@example.org")
    for client in (client_for(None), client_for(invitee)):
        assert_404_page(client.get(url))
    assert_404_page(
        client_for(None).get(reverse("communities:invitation", kwargs={"token": "bad"}))
    )


def test_invitation_to_public_community_names_it(client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    invitation = services.invitation_create(actor=owner, community=community, email="a@example.org")
    assert community.name in client_for(None).get(invitation_link(invitation)).content.decode()


# --- safeguarding leads ---------------------------------------------------------------


def test_safeguarding_leads_page(client_for, community):
    owner = community.memberships.get(role=Role.OWNER).user
    member = add_member(community)
    client = client_for(owner)
    url = reverse("communities:safeguarding_leads", kwargs={"slug": community.slug})
    response = client.post(url, {"member": ""})
    assert response.status_code == 200 and response.context["form"].errors
    assert client.post(url, {"member": str(member.pk)}).status_code == 302
    assert selectors.safeguarding_leads(community) == [member]
    assert html_contains(
        client.get(community.get_absolute_url()).content.decode(), member.display_name
    )
    lead_id = client.get(url).context["leads"][0].pk
    assert client.post(url, {"remove": str(lead_id)}).status_code == 302
    assert selectors.safeguarding_leads(community) == []
