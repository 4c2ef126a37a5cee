"""What the networkers page and API show from the newest snapshot: bridging people named
only when they chose "happy to be a networker" (read now, so opting out works at once),
everyone else only in totals; organisation pairs and suggestions by name."""

from dataclasses import dataclass, field

from practice_commons.accounts.models import ExpertiseTag, Organisation, Profession, User
from practice_commons.communities import selectors as community_selectors

from .. import policies
from ..models import NetworkSnapshot
from . import suppression as s

SHOWN_NETWORKERS = 25


@dataclass
class NetworkView:
    snapshot: NetworkSnapshot | None
    networkers: list[dict] = field(default_factory=list)
    bridging_total: s.Figure | None = None
    isolated: s.Figure | None = None
    low_pairs: list[dict] = field(default_factory=list)
    strong_pairs: list[dict] = field(default_factory=list)
    suggestions: list[dict] = field(default_factory=list)
    profession_pairs: list[dict] = field(default_factory=list)
    introductions: list[dict] = field(default_factory=list)
    scope: str = "host"


def latest_snapshot() -> NetworkSnapshot | None:
    return NetworkSnapshot.objects.order_by("-computed_at", "-pk").first()


def _reason(row, topics, professions) -> str:
    """Why two communities are worth introducing, in words."""
    parts = []
    shared_topics = [topics[t] for t in row.get("shared_topics", []) if t in topics]
    if shared_topics:
        parts.append("both cover " + _and(shared_topics[:4]))
    shared = [professions[p] for p in row.get("shared_professions", []) if p in professions]
    if shared:
        parts.append("both are for " + _and(shared[:4]))
    if row.get("members_alike", 0) >= 0.5:
        parts.append("their members are from similar professions")
    contact = row.get("weight", 0)
    parts.append(
        "no contact between their members yet"
        if not contact
        else f"little contact between their members ({contact:g}, weighted)"
    )
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def network_view(user) -> NetworkView:
    """Seven queries: the snapshot, the opted-in people among its top bridging people,
    the organisations, the professions, the topics and the communities it names (only
    those the reader may see). The caller checked ``can_see_network``."""
    snapshot = latest_snapshot()
    if snapshot is None:
        return NetworkView(None)
    data = snapshot.data
    champion_orgs = set() if user.is_host_admin else set(policies.champion_organisation_ids(user))
    top = data.get("networkers", [])
    opted = {
        u.pk: u
        for u in User.objects.filter(
            pk__in=[r["user_id"] for r in top], happy_to_network=True, is_active=True
        ).select_related("organisation", "profession")
    }
    named = []
    for row in top:
        person = opted.get(row["user_id"])
        if person is not None and len(named) < SHOWN_NETWORKERS:
            named.append({**row, "person": person})
    low = data.get("low_contact_pairs", [])
    strong = data.get("strong_pairs", [])
    suggestions = data.get("suggestions", [])
    if champion_orgs:
        low = [p for p in low if p["a"] in champion_orgs or p["b"] in champion_orgs] or low[:10]
        suggestions = [
            x for x in suggestions if x["invite"] in champion_orgs or x["where"] in champion_orgs
        ] or suggestions[:5]
    org_ids = {p["a"] for p in low + strong} | {p["b"] for p in low + strong}
    org_ids |= {x["invite"] for x in suggestions} | {x["where"] for x in suggestions}
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=org_ids).only("pk", "name", "slug")}
    introductions = data.get("community_introductions", [])
    community_ids = {x["to_community"] for x in suggestions}
    community_ids |= {r["a"] for r in introductions} | {r["b"] for r in introductions}
    communities = {
        c.pk: c
        for c in community_selectors.communities_visible_to(user)
        .filter(pk__in=community_ids)
        .only("pk", "name", "name_cy", "slug")
    }
    prof_pairs = data.get("low_contact_profession_pairs", [])
    prof_ids = {p["a"] for p in prof_pairs} | {p["b"] for p in prof_pairs}
    prof_ids |= {p for r in introductions for p in r.get("shared_professions", [])}
    profs = {p.pk: p for p in Profession.objects.filter(pk__in=prof_ids).only("name", "slug")}
    professions = {pk: p.name for pk, p in profs.items()}
    tag_ids = {t for r in introductions for t in r.get("shared_topics", [])}
    topics = (
        {t.pk: t.name for t in ExpertiseTag.objects.filter(pk__in=tag_ids).only("name")}
        if tag_ids
        else {}
    )
    people_in = data.get("organisation_people", {})
    prof_people = data.get("profession_people", {})

    def pair(p):
        return {
            **p,
            "a_org": orgs.get(p["a"]),
            "b_org": orgs.get(p["b"]),
            "a_people": s.people(people_in.get(str(p["a"]), 0)),
            "b_people": s.people(people_in.get(str(p["b"]), 0)),
        }

    bridging = data.get("bridging_total", 0)
    return NetworkView(
        snapshot=snapshot,
        networkers=named,
        bridging_total=s.people(bridging),
        isolated=s.people(data.get("isolated", 0)),
        low_pairs=[pair(p) for p in low if p["a"] in orgs and p["b"] in orgs],
        strong_pairs=[pair(p) for p in strong if p["a"] in orgs and p["b"] in orgs],
        suggestions=[
            {
                **x,
                "invite_org": orgs.get(x["invite"]),
                "where_org": orgs.get(x["where"]),
                "community": communities.get(x["to_community"]),
            }
            for x in suggestions
            if x["invite"] in orgs and x["where"] in orgs and x["to_community"] in communities
        ],
        profession_pairs=[
            {
                **p,
                "a_name": professions[p["a"]],
                "b_name": professions[p["b"]],
                "a_slug": profs[p["a"]].slug,
                "b_slug": profs[p["b"]].slug,
                "a_people": s.people(prof_people.get(str(p["a"]), 0)),
                "b_people": s.people(prof_people.get(str(p["b"]), 0)),
            }
            for p in prof_pairs
            if p["a"] in professions and p["b"] in professions
        ],
        introductions=[
            {
                **r,
                "a_community": communities[r["a"]],
                "b_community": communities[r["b"]],
                "reason": _reason(r, topics, professions),
            }
            for r in introductions
            if r["a"] in communities and r["b"] in communities
        ],
        scope="host" if not champion_orgs else "organisation",
    )
