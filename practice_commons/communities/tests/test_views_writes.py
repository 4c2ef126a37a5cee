"""Form writes go through ``write_from_form``: a confirmed warning is passed on to the
service, a refusal is shown on the form, and a bad id in a POST is 404, never 500."""

import pytest
from django.urls import reverse

from practice_commons.communities import selectors, services
from practice_commons.communities.models import CommunityMembership, Invitation, Role
from practice_commons.confidentiality.testing import only_low_confidence_names

from .factories import add_member

pytestmark = pytest.mark.django_db

WORD = "Robin"


def _owner(community):
    return community.memberships.get(role=Role.OWNER).user


def test_a_warned_invitation_is_sent_once_the_writer_confirms(monkeypatch, client_for, community):
    only_low_confidence_names(monkeypatch, WORD)
    client = client_for(_owner(community))
    url = reverse("communities:invitations", kwargs={"slug": community.slug})
    data = {"email": "new@example.org", "message": f"{WORD} suggested you."}

    warned = client.post(url, data)
    assert warned.status_code == 200
    assert warned.context["form"].confidentiality.blocking is False
    assert not Invitation.objects.exists()

    confirmed = client.post(url, {**data, "confidentiality_acknowledged": "on"})
    assert confirmed.status_code == 302
    assert Invitation.objects.get().message == f"{WORD} suggested you."


def test_a_warned_coordinator_title_is_saved_once_the_writer_confirms(
    monkeypatch, client_for, community
):
    only_low_confidence_names(monkeypatch, WORD)
    member = add_member(community)
    membership = CommunityMembership.objects.get(community=community, user=member)
    client = client_for(_owner(community))
    url = reverse(
        "communities:member_manage",
        kwargs={"slug": community.slug, "membership_id": membership.pk},
    )
    data = {"action": "title", "title-coordinator_title": f"{WORD}'s deputy"}

    assert client.post(url, data).status_code == 200
    membership.refresh_from_db()
    assert membership.coordinator_title == ""

    assert client.post(url, {**data, "title-confidentiality_acknowledged": "on"}).status_code == 302
    membership.refresh_from_db()
    assert membership.coordinator_title == f"{WORD}'s deputy"


def test_a_refused_role_change_is_shown_on_its_form(client_for, community):
    owner = _owner(community)
    membership = CommunityMembership.objects.get(community=community, user=owner)
    url = reverse(
        "communities:member_manage",
        kwargs={"slug": community.slug, "membership_id": membership.pk},
    )
    response = client_for(owner).post(url, {"action": "role", "role-role": Role.MEMBER})
    assert response.status_code == 200
    assert "A community needs at least one owner." in response.context["form"].errors["role"]
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_a_facilitator_changing_an_owners_role_is_403(client_for, community):
    membership = CommunityMembership.objects.get(community=community, user=_owner(community))
    facilitator = add_member(community, role=Role.FACILITATOR)
    url = reverse(
        "communities:member_manage",
        kwargs={"slug": community.slug, "membership_id": membership.pk},
    )
    response = client_for(facilitator).post(url, {"action": "role", "role-role": Role.MEMBER})
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


@pytest.mark.parametrize("lead_id", ["abc", "1.5", "999999"])
def test_removing_a_safeguarding_lead_with_a_bad_id_is_404(client_for, community, lead_id):
    owner = _owner(community)
    member = add_member(community)
    services.safeguarding_lead_assign(actor=owner, community=community, user=member)
    url = reverse("communities:safeguarding_leads", kwargs={"slug": community.slug})
    response = client_for(owner).post(url, {"remove": lead_id})
    assert response.status_code == 404
    assert selectors.safeguarding_leads(community) == [member]
