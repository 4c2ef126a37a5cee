"""The directory: filters, who may find whom, and opting out everywhere (page, API and
the one policy search must use)."""

import pytest
from django.urls import reverse

from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.collaboration import policies, selectors, services
from practice_commons.communities.tests.factories import add_member, make_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    org = OrganisationFactory(name="Harbour Police", kind="police_force")
    community = make_community(
        owner=UserFactory(full_name="Owen Owner"), name="Exploitation practice"
    )
    everyone = UserFactory(full_name="Eve Everyone", open_to_collaborate=True, organisation=org)
    members_only = UserFactory(full_name="Max Members", happy_to_network=True)
    circle = add_member(community, UserFactory(full_name="Cai Circle"))
    hidden = UserFactory(full_name="Hal Hidden", open_to_collaborate=True, organisation=org)
    champion = UserFactory(full_name="Cham Pion", organisation=org, org_role="champion")
    services.directory_settings_update(
        actor=members_only, visibility="host_members", show_bio=False
    )
    services.directory_settings_update(actor=circle, visibility="communities", show_bio=False)
    services.directory_settings_update(actor=hidden, visibility="hidden", show_bio=False)
    return {
        "org": org,
        "community": community,
        "everyone": everyone,
        "members_only": members_only,
        "circle": circle,
        "hidden": hidden,
        "champion": champion,
        "peer": add_member(community, UserFactory(full_name="Pia Peer")),
        "non_member": UserFactory(full_name="Nia Nonmember", host_membership="non_member"),
        "host_admin": HostAdminFactory(full_name="Hana Host"),
    }


def names(viewer, **filters):
    return {p.full_name for p in selectors.directory_search(viewer, filters=filters)}


def test_levels(people):
    peer = names(people["peer"])
    assert {"Eve Everyone", "Max Members", "Cai Circle", "Cham Pion"} <= peer
    outsider = names(people["non_member"])
    assert "Eve Everyone" in outsider
    assert "Max Members" not in outsider  # host members only
    assert "Cai Circle" not in outsider  # shares no community
    assert "Cai Circle" not in names(people["everyone"])  # a member, but not in the community


@pytest.mark.parametrize("viewer", ["peer", "non_member", "host_admin", "hidden", "everyone"])
def test_opted_out_person_is_nowhere(people, viewer, client, api_client_for):
    hidden = people["hidden"]
    who = people[viewer]
    assert not policies.directory_visible_to(who).filter(pk=hidden.pk).exists()
    assert not policies.can_see_in_directory(who, hidden)
    client.force_login(who)
    for query in (
        "",
        "?q=Hal",
        "?open_to_collaborate=on",
        f"?organisation_kind={people['org'].kind}",
    ):
        page = client.get(reverse("collaboration:directory") + query)
        assert page.status_code == 200
        # The page's own content: the account menu names the signed-in person to
        # themselves, which is not the directory showing them.
        main = page.content.decode().split('id="main-content"', 1)[1]
        assert "Hal Hidden" not in main
    api = api_client_for(who)
    for query in ("", "?q=Hal", "?open_to_collaborate=true", f"?organisation={people['org'].slug}"):
        body = api.get("/api/v1/directory" + query).json()
        assert "Hal Hidden" not in [p["name"] for p in body["items"]]


def test_visitors_find_nobody(people, client):
    assert not policies.directory_visible_to(None).exists()
    assert client.get(reverse("collaboration:directory")).status_code == 302
    assert client.get("/api/v1/directory").status_code == 401


def test_filters(people):
    viewer = people["peer"]
    assert names(viewer, open_to_collaborate=True) >= {"Eve Everyone"}
    assert "Max Members" not in names(viewer, open_to_collaborate=True)
    assert names(viewer, networker=True) == {"Max Members"}
    assert names(viewer, champion=True) == {"Cham Pion"}
    assert names(viewer, organisation=people["org"].slug) == {"Eve Everyone", "Cham Pion"}
    assert names(viewer, organisation_kind="police_force") == {"Eve Everyone", "Cham Pion"}
    assert names(viewer, q="eve") == {"Eve Everyone"}


def test_bio_shows_only_when_chosen(people, api_client_for):
    person = people["everyone"]
    person.bio = "I lead the exploitation team."
    person.save(update_fields=["bio"])
    api = api_client_for(people["peer"])
    row = next(p for p in api.get("/api/v1/directory?q=Eve").json()["items"])
    assert row["bio"] is None
    services.directory_settings_update(actor=person, visibility="signed_in", show_bio=True)
    row = next(p for p in api.get("/api/v1/directory?q=Eve").json()["items"])
    assert row["bio"] == "I lead the exploitation team."


def test_unverified_organisation_is_not_shown(people, api_client_for):
    """Nothing typed on a profile counts: an organisation without a verified
    affiliation is not shown, and its filter does not find the person."""
    claimant = UserFactory(full_name="Una Unverified", organisation=people["org"], org_role=False)
    api = api_client_for(people["peer"])
    row = next(p for p in api.get("/api/v1/directory?q=Una").json()["items"])
    assert row["organisation"] is None
    assert "Una Unverified" not in names(people["peer"], organisation=people["org"].slug)
    assert claimant.pk


def test_settings_page(people, client):
    client.force_login(people["everyone"])
    url = reverse("collaboration:directory_settings")
    assert client.get(url).status_code == 200
    response = client.post(url, {"visibility": "hidden"})
    assert response.status_code == 302
    assert (
        not policies.directory_visible_to(people["peer"]).filter(pk=people["everyone"].pk).exists()
    )
    bad = client.post(url, {"visibility": "everyone-ever"})
    assert bad.status_code == 200 and "govuk-error-message" in bad.content.decode()
