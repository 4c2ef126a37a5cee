"""The interaction network and what it says: who bridges organisations and professions,
which organisations work together and which do not, who is isolated.

Two halves: ``interactions()`` reads the edges from the database (aggregate queries, a
fixed number whatever the data size), and ``analyse()`` is pure networkx, so the
benchmark runs it on a synthetic graph of the large demo scale."""

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx
from django.db.models import Count, F

from practice_commons.accounts.models import User
from practice_commons.collaboration.models import AgreementParty, ShadowingResponse
from practice_commons.communities.models import Community, CommunityMembership, MembershipStatus
from practice_commons.discussions.models import Post, Thread
from practice_commons.events.models import Registration
from practice_commons.library.models import ItemVersion

SEED = 20261202
# Betweenness is estimated from this many sampled sources (exact below it).
BETWEENNESS_SAMPLES = 100
# Events up to this size link every pair of attendees; larger ones link each attendee to
# its neighbours in a fixed order (so a 300-person conference is not 45,000 edges).
CLIQUE_LIMIT = 25
LARGE_EVENT_NEIGHBOURS = 4
TOP_PEOPLE = 100
LOW_CONTACT_PAIRS = 30
TOP_ORGANISATIONS = 40
LOW_CONTACT_PROFESSION_PAIRS = 15
COMMUNITY_INTRODUCTIONS = 15
# Two communities are alike enough to introduce from this similarity (0–1) up.
INTRODUCE_FROM = 0.3
# ... and have "little contact" below this much weighted contact per member of the
# smaller of the two (a reply is 1: fewer than one reply for every 10 members).
LITTLE_CONTACT_PER_MEMBER = 0.1

WEIGHTS = {
    "reply": 1.0,
    "accepted_answer": 3.0,
    "co_attendance": 0.5,
    "co_authorship": 3.0,
    "agreement": 4.0,
    "shadowing": 4.0,
}


@dataclass(frozen=True)
class Person:
    organisation_id: int | None
    profession_id: int | None


def _pairs_from_groups(groups: dict[int, list[int]]) -> Iterable[tuple[int, int]]:
    for members in groups.values():
        members = sorted(set(members))
        if len(members) < 2:
            continue
        if len(members) <= CLIQUE_LIMIT:
            yield from itertools.combinations(members, 2)
        else:
            n = len(members)
            for i, a in enumerate(members):
                for step in range(1, LARGE_EVENT_NEIGHBOURS // 2 + 1):
                    yield a, members[(i + step) % n]


def interactions() -> list[tuple[int, int, str]]:
    """Every (person, person, kind) interaction on the platform, from aggregate reads."""
    edges: list[tuple[int, int, str]] = []
    replies = (
        Post.objects.filter(
            is_opening=False, deleted_at__isnull=True, thread__deleted_at__isnull=True
        )
        .exclude(author_id=F("thread__author_id"))
        .values_list("author_id", "thread__author_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    edges += [(a, b, "reply") for a, b, _n in replies if a and b]
    accepted = (
        Thread.objects.filter(answered_by__isnull=False, deleted_at__isnull=True)
        .exclude(answered_by_id=F("author_id"))
        .values_list("author_id", "answered_by_id")
        .distinct()
        .order_by()
    )
    edges += [(a, b, "accepted_answer") for a, b in accepted if a and b]
    attended = defaultdict(list)
    for event_id, user_id in (
        Registration.objects.filter(attended_at__isnull=False)
        .values_list("event_id", "user_id")
        .order_by()
        .iterator(chunk_size=5000)
    ):
        attended[event_id].append(user_id)
    edges += [(a, b, "co_attendance") for a, b in _pairs_from_groups(attended)]
    authors = defaultdict(list)
    for item_id, user_id in (
        ItemVersion.objects.filter(created_by__isnull=False)
        .values_list("item_id", "created_by_id")
        .distinct()
        .order_by()
    ):
        authors[item_id].append(user_id)
    edges += [(a, b, "co_authorship") for a, b in _pairs_from_groups(authors)]
    parties = defaultdict(list)
    for agreement_id, user_id in AgreementParty.objects.values_list(
        "agreement_id", "contact_id"
    ).order_by():
        parties[agreement_id].append(user_id)
    edges += [(a, b, "agreement") for a, b in _pairs_from_groups(parties)]
    shadowing = ShadowingResponse.objects.values_list("person_id", "listing__poster_id").order_by()
    edges += [(a, b, "shadowing") for a, b in shadowing if a != b]
    return edges


def people(user_ids: Iterable[int] | None = None) -> dict[int, Person]:
    qs = User.objects.filter(is_active=True)
    if user_ids is not None:
        qs = qs.filter(pk__in=list(user_ids))
    return {
        pk: Person(org, prof)
        for pk, org, prof in qs.values_list("pk", "organisation_id", "profession_id").iterator(
            chunk_size=5000
        )
    }


def community_members() -> set[int]:
    return set(
        CommunityMembership.objects.filter(status=MembershipStatus.ACTIVE)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by()
    )


def organisation_communities() -> dict[int, Counter]:
    """organisation id → Counter(community id → active members from it)."""
    out: dict[int, Counter] = defaultdict(Counter)
    for org_id, community_id, n in (
        CommunityMembership.objects.filter(
            status=MembershipStatus.ACTIVE, user__organisation__isnull=False
        )
        .values_list("user__organisation_id", "community_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        out[org_id][community_id] = n
    return out


@dataclass(frozen=True)
class CommunityProfile:
    """What a community is about and who is in it, for introductions."""

    members: frozenset[int]
    topics: frozenset[int]
    professions: frozenset[int]


def community_profiles() -> dict[int, CommunityProfile]:
    """Every live community's active members, topics and declared professions: three
    queries whatever the number of communities."""
    live = Community.objects.filter(archived_at__isnull=True)
    members: dict[int, set] = defaultdict(set)
    for community_id, user_id in (
        CommunityMembership.objects.filter(status=MembershipStatus.ACTIVE, community__in=live)
        .values_list("community_id", "user_id")
        .order_by()
        .iterator(chunk_size=5000)
    ):
        members[community_id].add(user_id)
    topics: dict[int, set] = defaultdict(set)
    for community_id, tag_id in Community.topics.through.objects.filter(
        community__in=live
    ).values_list("community_id", "expertisetag_id"):
        topics[community_id].add(tag_id)
    professions: dict[int, set] = defaultdict(set)
    for community_id, profession_id in Community.professions.through.objects.filter(
        community__in=live
    ).values_list("community_id", "profession_id"):
        professions[community_id].add(profession_id)
    return {
        cid: CommunityProfile(
            frozenset(members.get(cid, ())),
            frozenset(topics.get(cid, ())),
            frozenset(professions.get(cid, ())),
        )
        for cid in live.values_list("pk", flat=True)
    }


def build_graph(edges: Iterable[tuple[int, int, str]], persons: dict[int, Person]) -> nx.Graph:
    graph = nx.Graph()
    for pk, person in persons.items():
        graph.add_node(pk, org=person.organisation_id, prof=person.profession_id)
    for a, b, kind in edges:
        if a == b or a not in persons or b not in persons:
            continue
        weight = WEIGHTS[kind]
        if graph.has_edge(a, b):
            graph[a][b]["weight"] += weight
        else:
            graph.add_edge(a, b, weight=weight)
    return graph


def analyse(
    graph: nx.Graph,
    *,
    members: set[int] | None = None,
    org_communities: dict[int, Counter] | None = None,
    communities: dict[int, "CommunityProfile"] | None = None,
    samples: int = BETWEENNESS_SAMPLES,
    seed: int = SEED,
) -> dict:
    """What the snapshot stores. Betweenness is approximate (``samples`` sources, a fixed
    seed) on the people who interact at all; bridging counts paths between people of
    different organisations most, because a person's score is their betweenness times
    the number of other organisations and professions among their contacts."""
    active = graph.subgraph([n for n in graph if graph.degree(n) > 0]).copy()
    k = min(samples, active.number_of_nodes())
    betweenness = (
        nx.betweenness_centrality(active, k=k, seed=seed, normalized=True) if k > 1 else {}
    )
    people_rows = []
    for node in active:
        org = graph.nodes[node]["org"]
        prof = graph.nodes[node]["prof"]
        orgs = {graph.nodes[m]["org"] for m in active.neighbors(node)} - {org, None}
        profs = {graph.nodes[m]["prof"] for m in active.neighbors(node)} - {prof, None}
        if not orgs and not profs:
            continue
        score = betweenness.get(node, 0.0) * (1 + len(orgs) + len(profs))
        people_rows.append(
            {
                "user_id": node,
                "score": round(score, 6),
                "betweenness": round(betweenness.get(node, 0.0), 6),
                "organisations": len(orgs),
                "professions": len(profs),
                "contacts": active.degree(node),
            }
        )
    people_rows.sort(key=lambda r: (-r["score"], -r["organisations"], r["user_id"]))
    bridging_total = sum(1 for r in people_rows if r["organisations"] >= 2)

    # The organisation graph: weight = sum of person-to-person weights across two orgs.
    org_weight, org_people = _group_weights(graph, "org")
    largest = [o for o, _n in org_people.most_common(TOP_ORGANISATIONS)]
    low = []
    for oa, ob in itertools.combinations(sorted(largest), 2):
        low.append((org_weight.get((oa, ob), 0.0), -(org_people[oa] + org_people[ob]), oa, ob))
    low.sort()
    low_pairs = [
        {"a": oa, "b": ob, "weight": round(w, 1)} for w, _size, oa, ob in low[:LOW_CONTACT_PAIRS]
    ]
    strong_pairs = [
        {"a": oa, "b": ob, "weight": round(w, 1)} for (oa, ob), w in org_weight.most_common(15)
    ]
    suggestions = _suggestions(low_pairs, org_communities or {})
    profession_pairs, prof_people = _profession_pairs(graph)
    introductions = community_introductions(graph, communities or {})

    members = members if members is not None else set(graph.nodes)
    isolated = sum(1 for n in members if n in graph and graph.degree(n) == 0) + sum(
        1 for n in members if n not in graph
    )
    return {
        "people": graph.number_of_nodes(),
        "connections": graph.number_of_edges(),
        "organisations": len(org_people),
        "isolated": isolated,
        "interacting": active.number_of_nodes(),
        "bridging_total": bridging_total,
        "samples": k,
        "networkers": people_rows[:TOP_PEOPLE],
        "low_contact_pairs": low_pairs,
        "strong_pairs": strong_pairs,
        "suggestions": suggestions,
        "organisation_people": {str(o): n for o, n in org_people.items()},
        "low_contact_profession_pairs": profession_pairs,
        "profession_people": {str(p): n for p, n in prof_people.items()},
        "community_introductions": introductions,
    }


def _group_weights(graph: nx.Graph, attribute: str) -> tuple[Counter, Counter]:
    """For a node attribute (organisation, profession): the summed weight of the edges
    between each pair of groups, keyed ``(smaller, larger)``, and the people in each."""
    weight: Counter = Counter()
    people_in: Counter = Counter(
        graph.nodes[n][attribute] for n in graph if graph.nodes[n][attribute] is not None
    )
    for a, b, data in graph.edges(data=True):
        ga, gb = graph.nodes[a][attribute], graph.nodes[b][attribute]
        if ga is None or gb is None or ga == gb:
            continue
        weight[(min(ga, gb), max(ga, gb))] += data["weight"]
    return weight, people_in


def _profession_pairs(graph: nx.Graph) -> tuple[list[dict], Counter]:
    """Pairs of professions with the least contact (weighted, as organisations), among
    every profession with people: there are few professions, so all pairs are ranked."""
    weight, people_in = _group_weights(graph, "prof")
    ranked = sorted(
        (weight.get((pa, pb), 0.0), -(people_in[pa] + people_in[pb]), pa, pb)
        for pa, pb in itertools.combinations(sorted(people_in), 2)
    )
    pairs = [
        {"a": pa, "b": pb, "weight": round(w, 1)}
        for w, _size, pa, pb in ranked[:LOW_CONTACT_PROFESSION_PAIRS]
    ]
    return pairs, people_in


def _jaccard(a: frozenset, b: frozenset) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(a[k] * b.get(k, 0) for k in a)
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return dot / norm if norm else 0.0


def community_introductions(
    graph: nx.Graph, communities: dict[int, CommunityProfile]
) -> list[dict]:
    """Pairs of communities worth introducing: alike in what they cover (shared topics,
    shared declared professions, a similar mix of members' professions) but with little
    contact between their members in the network.

    similarity = 0.5 × topics in common (Jaccard) + 0.25 × declared professions in common
    (Jaccard) + 0.25 × how alike the members' professions are (cosine); contact = the
    weight of every interaction between a member of one and a member of the other (people
    in both are counted apart, as shared members). A pair is suggested when similarity is
    at least ``INTRODUCE_FROM`` and contact is under ``LITTLE_CONTACT_PER_MEMBER`` per
    member of the smaller community; most alike first, then least contact."""
    live = {cid: p for cid, p in communities.items() if len(p.members) >= 2}
    if len(live) < 2:
        return []
    of_person: dict[int, list[int]] = defaultdict(list)
    for cid, profile in live.items():
        for uid in profile.members:
            of_person[uid].append(cid)
    contact: Counter = Counter()
    for a, b, data in graph.edges(data=True):
        ca, cb = of_person.get(a), of_person.get(b)
        if not ca or not cb:
            continue
        for x in ca:
            for y in cb:
                if x != y:
                    contact[(min(x, y), max(x, y))] += data["weight"]
    mix = {
        cid: Counter(
            graph.nodes[u]["prof"]
            for u in p.members
            if u in graph and graph.nodes[u]["prof"] is not None
        )
        for cid, p in live.items()
    }
    rows = []
    for x, y in itertools.combinations(sorted(live), 2):
        px, py = live[x], live[y]
        topics = _jaccard(px.topics, py.topics)
        declared = _jaccard(px.professions, py.professions)
        members_alike = _cosine(mix[x], mix[y])
        similarity = 0.5 * topics + 0.25 * declared + 0.25 * members_alike
        if similarity < INTRODUCE_FROM:
            continue
        weight = contact.get((x, y), 0.0)
        smaller = min(len(px.members), len(py.members))
        if weight >= LITTLE_CONTACT_PER_MEMBER * smaller:
            continue
        rows.append(
            {
                "a": x,
                "b": y,
                "similarity": round(similarity, 2),
                "weight": round(weight, 1),
                "shared_topics": sorted(px.topics & py.topics),
                "shared_professions": sorted(px.professions & py.professions),
                "members_alike": round(members_alike, 2),
                "shared_members": len(px.members & py.members),
            }
        )
    rows.sort(key=lambda r: (-r["similarity"], r["weight"], r["a"], r["b"]))
    return rows[:COMMUNITY_INTRODUCTIONS]


def _suggestions(low_pairs: list[dict], org_communities: dict[int, Counter]) -> list[dict]:
    """For each pair with little contact: invite one to the community where the other's
    people are most active and it has nobody yet (or fewest)."""
    out = []
    for pair in low_pairs:
        for host, guest in ((pair["a"], pair["b"]), (pair["b"], pair["a"])):
            host_comms = org_communities.get(host, Counter())
            guest_comms = org_communities.get(guest, Counter())
            candidates = [(n, c) for c, n in host_comms.items() if guest_comms.get(c, 0) == 0]
            if candidates:
                n, community_id = max(candidates)
                out.append(
                    {"invite": guest, "to_community": community_id, "where": host, "members": n}
                )
                break
    return out


def synthetic_graph(people_count: int, organisations: int, professions: int = 12, *, seed=SEED):
    """A graph shaped like the large demo: people in organisations, most contacts inside
    their own organisation and profession, some across. For the benchmark."""
    rng = random.Random(seed)
    persons = {
        i: Person(rng.randrange(organisations), rng.randrange(professions))
        for i in range(1, people_count + 1)
    }
    by_org = defaultdict(list)
    for pk, p in persons.items():
        by_org[p.organisation_id].append(pk)
    edges = []
    ids = list(persons)
    for pk in ids:
        for _ in range(rng.randint(0, 6)):
            if rng.random() < 0.75:
                other = rng.choice(by_org[persons[pk].organisation_id])
            else:
                other = rng.choice(ids)
            edges.append((pk, other, rng.choice(list(WEIGHTS))))
    return build_graph(edges, persons)
