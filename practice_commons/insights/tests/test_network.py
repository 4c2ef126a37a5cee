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
