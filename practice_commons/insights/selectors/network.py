"""What the networkers page and API show from the newest snapshot: bridging people named
only when they chose "happy to be a networker" (read now, so opting out works at once),
everyone else only in totals; organisation pairs and suggestions by name."""

from dataclasses import dataclass, field

from practice_commons.accounts.models import Organisation, User
from practice_commons.communities.models import Community

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
    scope: str = "host"


def latest_snapshot() -> NetworkSnapshot | None:
    return NetworkSnapshot.objects.order_by("-computed_at", "-pk").first()


def network_view(user) -> NetworkView:
    """Four queries: the snapshot, the opted-in people among its top bridging people, the
    organisations and the communities it names. The caller checked ``can_see_network``."""
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
    communities = {
        c.pk: c
        for c in Community.objects.filter(pk__in=[x["to_community"] for x in suggestions]).only(
            "pk", "name", "slug"
        )
    }
    people_in = data.get("organisation_people", {})

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
        scope="host" if not champion_orgs else "organisation",
    )
