"""The network: edges from every kind of interaction, bridging people, organisation
pairs, suggestions, the snapshot task, and who is named (only opted-in networkers)."""

import pytest
from django.urls import reverse

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.insights import network, selectors, services, tasks
from practice_commons.insights.models import NetworkSnapshot

from .conftest import post_thread

pytestmark = pytest.mark.django_db


def test_analyse_finds_the_bridge_between_two_organisations():
    a, b = network.Person(1, 1), network.Person(2, 2)
    persons = dict.fromkeys(range(1, 6), a) | dict.fromkeys(range(6, 11), b)
    persons[11] = network.Person(3, 3)  # the bridge, from a third organisation
    edges = [(i, j, "reply") for i in range(1, 6) for j in range(i + 1, 6)]
    edges += [(i, j, "reply") for i in range(6, 11) for j in range(i + 1, 11)]
    edges += [(1, 11, "agreement"), (11, 6, "shadowing")]
    graph = network.build_graph(edges, persons)
    result = network.analyse(graph, members=set(persons) | {99}, samples=50)
    assert result["networkers"][0]["user_id"] == 11
    assert result["networkers"][0]["organisations"] == 2
    assert result["isolated"] == 1  # 99 is a member with no interaction
    pairs = {(p["a"], p["b"]): p["weight"] for p in result["low_contact_pairs"]}
    assert pairs[(1, 2)] == 0.0


def test_betweenness_is_sampled_with_a_fixed_seed():
    graph = network.synthetic_graph(300, 10)
    one = network.analyse(graph, samples=20)
    two = network.analyse(graph, samples=20)
    assert one["samples"] == 20
    assert one["networkers"] == two["networkers"]


def test_snapshot_from_the_database_names_only_opted_in_networkers(client, host_admin):
    north, south = (
        OrganisationFactory(name="North Council"),
        OrganisationFactory(name="South Trust"),
    )
    community = make_community(name="Joint practice")
    left = [add_member(community, UserFactory(organisation=north)) for _ in range(3)]
    right = [add_member(community, UserFactory(organisation=south)) for _ in range(3)]
    shy = add_member(
        community, UserFactory(full_name="Shy Bridge", organisation=OrganisationFactory())
    )
    open_ = add_member(
        community,
        UserFactory(
            full_name="Open Bridge", organisation=OrganisationFactory(), happy_to_network=True
        ),
    )
    for person in left:
        post_thread(community, person, replies=[(shy, 1), (open_, 2)])
    for person in right:
        post_thread(community, person, replies=[(shy, 1), (open_, 2)])
    snapshot = tasks.compute_network.call()
    assert NetworkSnapshot.objects.get(pk=snapshot).people >= 8
    view = selectors.network_view(host_admin)
    names = [r["person"].display_name for r in view.networkers]
    assert names == ["Open Bridge"]
    client.force_login(host_admin)
    page = client.get(reverse("insights:networkers")).content.decode()
    assert "Open Bridge" in page and "Shy Bridge" not in page
    api = client.get("/api/v1/insights/networkers")  # session auth is not the API's
    assert api.status_code in (401, 403)


def test_champion_sees_pairs_of_their_organisation_first(db):
    org = OrganisationFactory()
    champion = UserFactory(organisation=org, org_role=OrganisationMembership.Role.CHAMPION)
    others = [OrganisationFactory() for _ in range(3)]
    services.network_snapshot_compute()
    snap = NetworkSnapshot.objects.get()
    snap.data["low_contact_pairs"] = [
        {"a": others[0].pk, "b": others[1].pk, "weight": 0.0},
        {"a": org.pk, "b": others[2].pk, "weight": 0.0},
    ]
    snap.save()
    view = selectors.network_view(champion)
    assert [(p["a"], p["b"]) for p in view.low_pairs] == [(org.pk, others[2].pk)]
    assert view.scope == "organisation"


def test_snapshots_are_kept_to_a_few():
    for _ in range(services.SNAPSHOTS_KEPT + 2):
        services.network_snapshot_compute()
    assert NetworkSnapshot.objects.count() == services.SNAPSHOTS_KEPT


def test_network_page_query_budget(client, host_admin, django_assert_max_num_queries):
    services.network_snapshot_compute()
    client.force_login(host_admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("insights:networkers")).status_code == 200


def test_profession_pairs_with_little_contact_are_ranked_least_first():
    persons = {1: network.Person(1, 10), 2: network.Person(1, 10), 3: network.Person(2, 20)}
    persons |= {4: network.Person(2, 30), 5: network.Person(3, 30)}
    edges = [(1, 3, "agreement"), (3, 4, "reply"), (1, 2, "reply")]
    result = network.analyse(network.build_graph(edges, persons), samples=5)
    pairs = [(p["a"], p["b"], p["weight"]) for p in result["low_contact_profession_pairs"]]
    assert pairs == [(10, 30, 0.0), (20, 30, 1.0), (10, 20, 4.0)]
    assert result["profession_people"] == {"10": 2, "20": 1, "30": 2}


def _profile(members, topics=(), professions=()):
    return network.CommunityProfile(frozenset(members), frozenset(topics), frozenset(professions))


def test_alike_communities_without_contact_are_introduced():
    persons = {i: network.Person(1, 1) for i in range(1, 13)}
    graph = network.build_graph([(1, 2, "reply"), (7, 8, "reply")], persons)
    communities = {
        100: _profile(range(1, 5), topics={1, 2}, professions={1}),
        200: _profile(range(5, 9), topics={1, 2}, professions={1}),
        300: _profile(range(9, 13), topics={9}),  # same professions of members only
    }
    rows = network.community_introductions(graph, communities)
    assert [(r["a"], r["b"]) for r in rows][0] == (100, 200)
    assert rows[0]["shared_topics"] == [1, 2] and rows[0]["weight"] == 0
    # Once their members talk, they are no longer introduced.
    edges = [(1, 5, "agreement"), (2, 6, "reply")]
    talking = network.build_graph(edges, persons)
    rows = network.community_introductions(talking, communities)
    assert (100, 200) not in [(r["a"], r["b"]) for r in rows]
    # Nothing in common (topics, declared or member professions): never introduced.
    other = {i: network.Person(1, 2) for i in range(9, 13)}
    unlike = network.build_graph([], persons | other)
    rows = network.community_introductions(unlike, communities)
    assert all(300 not in (r["a"], r["b"]) for r in rows)


def _introduce_world():
    from practice_commons.accounts.tests.factories import ExpertiseTagFactory
    from practice_commons.communities.models import Visibility

    tag = ExpertiseTagFactory(name="Neglect")
    one = make_community(name="Neglect North")
    two = make_community(name="Neglect South")
    hidden = make_community(name="Neglect private set", visibility=Visibility.PRIVATE)
    for community in (one, two, hidden):
        community.topics.add(tag)
        for _ in range(3):
            add_member(community, UserFactory())
    services.network_snapshot_compute()
    return one, two, hidden


def test_networkers_page_and_api_introduce_communities(client, host_admin, api_client_for):
    one, two, hidden = _introduce_world()
    client.force_login(host_admin)
    page = client.get(reverse("insights:networkers")).content.decode()
    assert "Introduce these communities" in page
    assert "Neglect North" in page and "Neglect South" in page
    assert "Both cover Neglect" in page and "no contact between their members yet" in page
    body = api_client_for(host_admin).get("/api/v1/insights/networkers").json()
    pairs = {(x["community_a"], x["community_b"]) for x in body["community_introductions"]}
    assert (one.slug, two.slug) in pairs
    assert all(x["reason"] for x in body["community_introductions"])
    assert "low_contact_profession_pairs" in body


def test_champion_is_not_told_of_a_private_community(client, champion, api_client_for):
    one, two, hidden = _introduce_world()
    client.force_login(champion)
    page = client.get(reverse("insights:networkers")).content.decode()
    assert "Neglect North" in page and "Neglect private set" not in page
    body = api_client_for(champion).get("/api/v1/insights/networkers").json()
    slugs = {
        s for x in body["community_introductions"] for s in (x["community_a"], x["community_b"])
    }
    assert hidden.slug not in slugs and one.slug in slugs


@pytest.mark.parametrize("communities", [2, 12])
def test_network_page_query_budget_at_two_sizes(
    communities, client, host_admin, django_assert_max_num_queries
):
    from practice_commons.accounts.tests.factories import ExpertiseTagFactory

    tag = ExpertiseTagFactory()
    for i in range(communities):
        community = make_community(name=f"Community {i}")
        community.topics.add(tag)
        for _ in range(2):
            add_member(community, UserFactory(organisation=OrganisationFactory()))
    services.network_snapshot_compute()
    client.force_login(host_admin)
    with django_assert_max_num_queries(15):
        assert client.get(reverse("insights:networkers")).status_code == 200
