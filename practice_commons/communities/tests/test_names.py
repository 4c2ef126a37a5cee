"""Names people see: a person without a name is "New member" in membership lists (never
any part of their email address) and cannot join; community names and coordinator
roles are names (``core.text``); other fields' errors name the field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.communities import services
from practice_commons.communities.forms import CommunityForm, CoordinatorTitleForm
from practice_commons.communities.models import Community, CommunityMembership
from practice_commons.communities.tests.factories import add_member, make_community

LOCAL_PART = "dafydd.douglas.111"
JOIN_MESSAGE = "Add your name to your profile before you join."
INVISIBLE = "Community name contains invisible or control characters"


@pytest.fixture
def community(db):
    return make_community(name="Kinship care practice")


@pytest.fixture
def nameless(db):
    return UserFactory(full_name="", email=f"{LOCAL_PART}@example.org")


def test_a_member_without_a_name_is_new_member_in_the_member_lists(
    community, nameless, client_for, api_client_for
):
    add_member(community, nameless)
    member = add_member(community, UserFactory(full_name="Sam Patel"))
    page = client_for(member).get(reverse("communities:members", args=[community.slug]))
    html = page.content.decode()
    assert "New member" in html and "Sam Patel" in html
    assert "dafydd" not in html
    detail = client_for(member).get(community.get_absolute_url()).content.decode()
    assert "dafydd" not in detail
    response = api_client_for(member).get(f"/api/v1/communities/{community.slug}/memberships")
    assert response.status_code == 200
    assert "dafydd" not in response.content.decode()
    assert "New member" in {m["display_name"] for m in response.json()["items"]}


def test_joining_without_a_name_is_refused_with_a_link_to_the_profile(
    community, nameless, client_for
):
    with pytest.raises(ValidationError) as caught:
        services.community_join(actor=nameless, community=community, accept_rules=True)
    assert caught.value.messages == [JOIN_MESSAGE]
    assert caught.value.code == "name_required"
    assert not CommunityMembership.objects.filter(user=nameless).exists()

    client = client_for(nameless)
    profile = reverse("accounts:profile_edit")
    for url in (community.get_absolute_url(), reverse("communities:join", args=[community.slug])):
        html = client.get(url).content.decode()
        assert JOIN_MESSAGE in html and f'href="{profile}"' in html, url
        assert 'action="/communities/kinship-care-practice/join/"' not in html, url
    response = client.post(
        reverse("communities:join", args=[community.slug]),
        {"accept_rules": "on", "rules_version": community.current_rules.version},
    )
    assert JOIN_MESSAGE in response.content.decode()
    assert not CommunityMembership.objects.filter(user=nameless).exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("\u200b\u200b\u200b", INVISIBLE),
        ("Kinship\u202ecare", INVISIBLE),
        ("   ", "Enter community name."),
        ("x" * 121, "Community name must be 120 characters or fewer; yours is 121."),
    ],
)
def test_community_names_are_names(db, name, message):
    owner = UserFactory()
    with pytest.raises(ValidationError) as caught:
        make_community(owner=owner, name=name)
    assert caught.value.message_dict["name"][0].startswith(message)
    assert not Community.objects.exists()


def test_a_community_called_three_zero_width_spaces_is_refused_on_the_form(db):
    form = CommunityForm(
        {
            "name": "\u200b\u200b\u200b",
            "purpose": "Peers",
            "domain_statement": "Practice",
            "visibility": "public",
            "joining_policy": "open",
        }
    )
    assert not form.is_valid()
    assert form.errors["name"] == [
        "Name contains invisible or control characters (such as zero-width spaces or "
        "direction marks): type it again without them."
    ]


def test_community_names_are_nfc_and_renaming_checks_them(db, community):
    owner = community.memberships.get(role="owner").user
    renamed = services.community_update(
        actor=owner, community=community, data={"name": "Cafe\u0301  practice"}
    )
    assert renamed.name == "Café practice"
    with pytest.raises(ValidationError, match="invisible"):
        services.community_update(actor=owner, community=community, data={"name": "\u200b"})


def test_other_fields_say_which_field_and_how_long(db):
    with pytest.raises(ValidationError) as caught:
        make_community(name="Purposeful", purpose="x" * 1204)
    assert caught.value.message_dict["purpose"] == [
        "Community purpose must be 280 characters or fewer; yours is 1,204."
    ]
    with pytest.raises(ValidationError) as caught:
        make_community(name="Purposeless", purpose="  ")
    assert caught.value.message_dict["purpose"] == ["Enter community purpose."]


def test_coordinator_titles_are_names(community):
    owner = community.memberships.get(role="owner").user
    membership = CommunityMembership.objects.get(user=add_member(community), community=community)
    with pytest.raises(ValidationError) as caught:
        services.membership_set_coordinator_title(
            actor=owner, membership=membership, title="Events\u200bcoordinator"
        )
    assert "invisible" in caught.value.message_dict["coordinator_title"][0]
    done = services.membership_set_coordinator_title(
        actor=owner, membership=membership, title=" Events  coordinator "
    )
    assert done.coordinator_title == "Events coordinator"
    cleared = services.membership_set_coordinator_title(
        actor=owner, membership=membership, title=""
    )
    assert cleared.coordinator_title == ""
    form = CoordinatorTitleForm({"coordinator_title": "\u202eEvents"})
    assert "invisible" in form.errors["coordinator_title"][0]
    assert CoordinatorTitleForm({"coordinator_title": ""}).is_valid()


def test_accepting_an_invitation_without_a_name_is_refused(community, nameless):
    owner = CommunityMembership.objects.filter(community=community, role="owner").first().user
    invitation = services.invitation_create(actor=owner, community=community, email=nameless.email)
    with pytest.raises(ValidationError) as caught:
        services.invitation_accept(actor=nameless, invitation=invitation, accept_rules=True)
    assert caught.value.messages == [JOIN_MESSAGE]
    assert not CommunityMembership.objects.filter(user=nameless, status="active").exists()
