"""Demo communities for ``manage.py seed_demo`` (discovered by ``core.seeding``).

Rows are inserted in bulk, not through the services: the texts are fixed, vetted demo
text (``tests/test_seeding.py`` runs each through the guard) and seeding must not send
notifications or write an audit entry per row. Every random choice comes from
``ctx.rng``; memberships stream to the database batch by batch, so the national scale
never holds all its rows in memory.

What it makes: the communities of ``seeding_content.DEMO_COMMUNITIES`` (with regional
and reflective sub-groups), each with owners, facilitators, coordinators, members and
the default rules accepted; at larger scales, many generated regional communities. The
demo logins get the roles the README promises (``demo_roles``), and the safeguarding
lead is named through the safeguarding service.
"""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from practice_commons.accounts.models import ExpertiseTag, Organisation, Profession, User
from practice_commons.core.seeding import SeedContext, bulk_insert, register_seeder
from practice_commons.safeguarding import services as safeguarding_services

from .default_rules import default_rules
from .models import Community, CommunityMembership, CommunityRules, MembershipStatus, Role
from .seeding_content import DEMO_COMMUNITIES, RHYTHMS, THEMES

GENERATED = {"small": 0, "large": 120, "national": 2_990}  # national: 3,000 in all
GENERATED_MEMBERS = {"small": (6, 20), "large": (10, 60), "national": (10, 150)}
DEMO_SUFFIX = ".example"


def _tags(names) -> dict[str, int]:
    names = sorted(set(names))
    existing = dict(ExpertiseTag.objects.filter(name__in=names).values_list("name", "pk"))
    missing = [ExpertiseTag(name=n, slug=slugify(n)[:80]) for n in names if n not in existing]
    taken = set(
        ExpertiseTag.objects.filter(slug__in=[t.slug for t in missing]).values_list(
            "slug", flat=True
        )
    )
    for tag in missing:
        base, n = tag.slug, 2
        while tag.slug in taken:
            tag.slug = f"{base}-{n}"
            n += 1
        taken.add(tag.slug)
    ExpertiseTag.objects.bulk_create(missing)
    return dict(ExpertiseTag.objects.filter(name__in=names).values_list("name", "pk"))


def _generated_specs(ctx: SeedContext, count: int):
    """Regional communities named after real places the accounts seeder used."""
    if not count:
        return []
    places = sorted(set(Organisation.objects.exclude(area="").values_list("nation", "area")))
    if not places:
        return []
    rng, specs, names = ctx.rng, [], set()
    for i in range(count):
        nation, area = places[i % len(places)]
        suffix, topic, professions = THEMES[(i // len(places)) % len(THEMES)]
        name = f"{area} {suffix}"
        if name in names:
            name = f"{name} ({i})"
        names.add(name)
        specs.append(
            {
                "name": name,
                "topic": topic,
                "professions": professions,
                "nation": nation,
                "area": area,
                "rhythm": rng.choice(RHYTHMS),
                "visibility": rng.choice(["public", "public", "members_only"]),
                "joining": rng.choice(["open", "open", "request"]),
            }
        )
    return specs


def _membership_rows(
    *,
    community_id,
    user_ids,
    owner_id,
    facilitator_ids,
    coordinator_titles,
    rules_version,
    now,
    rng,
):
    titles = list(coordinator_titles)
    for user_id in user_ids:
        if user_id == owner_id:
            role = Role.OWNER
        elif user_id in facilitator_ids:
            role = Role.FACILITATOR
        else:
            role = Role.MEMBER
        title = titles.pop(0) if titles and role == Role.MEMBER else ""
        joined = now - timedelta(days=rng.randint(1, 700))
        yield CommunityMembership(
            community_id=community_id,
            user_id=user_id,
            role=role,
            status=MembershipStatus.ACTIVE,
            coordinator_title=title,
            accepted_rules_version=rules_version,
            joined_at=joined,
            created_at=joined,
            last_visited_at=now - timedelta(days=rng.randint(0, 30)),
        )


def seed_communities(ctx: SeedContext) -> None:
    rng, now, scale = ctx.rng, timezone.now(), ctx.scale.name
    demo = ctx.demo_users
    demo_ids = set(demo.values())
    pool = [pk for pk in ctx.user_ids if pk not in demo_ids]
    creator_id = demo.get("host_admin") or (ctx.user_ids[0] if ctx.user_ids else None)
    host_org_id = ctx.shared.get("accounts", {}).get("host_organisation_id")
    professions = dict(Profession.objects.values_list("slug", "pk"))
    generated = _generated_specs(ctx, GENERATED.get(scale, 0))
    tags = _tags([t for c in DEMO_COMMUNITIES for t in c.topics] + [g["topic"] for g in generated])

    # 1. Communities: parents first, then sub-groups (they point at their parents).
    by_key: dict[str, Community] = {}
    for wave in (False, True):
        wave_specs = [c for c in DEMO_COMMUNITIES if bool(c.parent) == wave]
        rows = [
            Community(
                name=c.name,
                slug=slugify(c.name)[:140],
                purpose=c.purpose,
                domain_statement=c.domain,
                practice_statement=c.practice,
                visibility=c.visibility,
                joining_policy=c.joining,
                host_organisation_id=host_org_id if c.host else None,
                nations=list(c.nations),
                areas=c.areas,
                meeting_rhythm=c.rhythm,
                allow_anonymous_questions=c.anonymous,
                parent_id=by_key[c.parent].pk if c.parent else None,
                created_by_id=creator_id,
                created_at=now - timedelta(days=rng.randint(200, 900)),
            )
            for c in wave_specs
        ]
        Community.objects.bulk_create(rows)
        saved = {c.name: c for c in Community.objects.filter(name__in=[r.name for r in rows])}
        by_key.update({c.key: saved[c.name] for c in wave_specs})

    def generated_rows():
        for g in generated:
            yield Community(
                name=g["name"],
                slug=slugify(g["name"])[:140],
                purpose=f"Practitioners in {g['area']} sharing practice on {g['topic'].lower()}.",
                domain_statement=f"{g['topic']} in {g['area']}: what works locally, what "
                f"gets in the way, and who to ask.",
                visibility=g["visibility"],
                joining_policy=g["joining"],
                nations=[g["nation"]],
                areas=g["area"],
                meeting_rhythm=g["rhythm"],
                created_by_id=creator_id,
                created_at=now - timedelta(days=rng.randint(30, 900)),
            )

    bulk_insert(Community, generated_rows(), batch_size=ctx.batch_size)

    # 2. Rules v1 for every top-level community; sub-groups use their parent's.
    top_ids = list(
        Community.objects.filter(parent__isnull=True, current_rules__isnull=True).values_list(
            "pk", flat=True
        )
    )
    bulk_insert(
        CommunityRules,
        (
            CommunityRules(
                community_id=pk,
                version=1,
                rules=default_rules(),
                created_by_id=creator_id,
                created_at=now,
            )
            for pk in top_ids
        ),
        batch_size=ctx.batch_size,
    )
    rules_by_community = dict(
        CommunityRules.objects.filter(community_id__in=top_ids).values_list("community_id", "pk")
    )
    for chunk_start in range(0, len(top_ids), ctx.batch_size):
        chunk = [
            Community(pk=pk, current_rules_id=rules_by_community[pk])
            for pk in top_ids[chunk_start : chunk_start + ctx.batch_size]
        ]
        Community.objects.bulk_update(chunk, ["current_rules"])
    for c in DEMO_COMMUNITIES:
        if c.parent:
            Community.objects.filter(pk=by_key[c.key].pk).update(
                current_rules_id=rules_by_community[by_key[c.parent].pk]
            )

    # 3. Audience (professions) and topics.
    Professions = Community.professions.through
    Topics = Community.topics.through
    Professions.objects.bulk_create(
        [
            Professions(community_id=by_key[c.key].pk, profession_id=professions[slug])
            for c in DEMO_COMMUNITIES
            for slug in c.professions
            if slug in professions
        ]
    )
    Topics.objects.bulk_create(
        [
            Topics(community_id=by_key[c.key].pk, expertisetag_id=tags[t])
            for c in DEMO_COMMUNITIES
            for t in c.topics
        ]
    )
    generated_ids = (
        dict(
            Community.objects.filter(name__in=[g["name"] for g in generated]).values_list(
                "name", "pk"
            )
        )
        if generated
        else {}
    )
    bulk_insert(
        Professions,
        (
            Professions(community_id=generated_ids[g["name"]], profession_id=professions[slug])
            for g in generated
            for slug in g["professions"]
            if slug in professions
        ),
        batch_size=ctx.batch_size,
    )
    bulk_insert(
        Topics,
        (
            Topics(community_id=generated_ids[g["name"]], expertisetag_id=tags[g["topic"]])
            for g in generated
        ),
        batch_size=ctx.batch_size,
    )

    # 4. Members. Demo logins take their roles; the rest come from the generated people.
    members_of: dict[str, list[int]] = {}
    leads: list[tuple[int, int]] = []

    def demo_community_rows():
        for c in DEMO_COMMUNITIES:
            community = by_key[c.key]
            wanted = c.members.get(scale, 10)
            demo_here = {demo[k]: role for k, role in c.demo_roles.items() if k in demo}
            if c.parent:
                source = [pk for pk in members_of[c.parent] if pk not in demo_here]
            else:
                source = pool
            k = max(0, min(wanted - len(demo_here), len(source)))
            sampled = rng.sample(source, k)
            user_ids = list(demo_here) + sampled
            members_of[c.key] = user_ids
            owner = next(
                (pk for pk, r in demo_here.items() if r == "owner"), sampled[0] if sampled else None
            )
            facilitators = {pk for pk, r in demo_here.items() if r == "facilitator"}
            facilitators |= set(sampled[1 : 1 + max(1, len(sampled) // 12)])
            leads.extend((community.pk, pk) for pk, r in demo_here.items() if r == "lead")
            yield from _membership_rows(
                community_id=community.pk,
                user_ids=user_ids,
                owner_id=owner,
                facilitator_ids=facilitators,
                coordinator_titles=c.coordinators,
                rules_version=1,
                now=now,
                rng=rng,
            )

    bulk_insert(CommunityMembership, demo_community_rows(), batch_size=ctx.batch_size)

    low, high = GENERATED_MEMBERS.get(scale, (6, 20))

    def generated_member_rows():
        for g in generated:
            community_id = generated_ids[g["name"]]
            sampled = rng.sample(pool, min(len(pool), rng.randint(low, high)))
            if not sampled:
                continue
            yield from _membership_rows(
                community_id=community_id,
                user_ids=sampled,
                owner_id=sampled[0],
                facilitator_ids=set(sampled[1:2]),
                coordinator_titles=(),
                rules_version=1,
                now=now,
                rng=rng,
            )

    bulk_insert(CommunityMembership, generated_member_rows(), batch_size=ctx.batch_size)

    # 5. Safeguarding leads, through the safeguarding service (audited).
    host_admin = User.objects.filter(pk=demo.get("host_admin")).first()
    if host_admin is not None:
        for community_id, user_id in leads:
            safeguarding_services.safeguarding_lead_assign(
                actor=host_admin,
                user=User.objects.get(pk=user_id),
                scope_object=Community.objects.get(pk=community_id),
            )

    ctx.shared["communities"] = {"by_key": {k: c.pk for k, c in by_key.items()}}
    total = Community.objects.count()
    memberships = CommunityMembership.objects.count()
    ctx.log(f"    {total:,} communities, {memberships:,} memberships")


def reset_communities(ctx: SeedContext) -> None:
    """Delete the communities the demo people created (sub-groups go with them)."""
    deleted = Community.objects.filter(
        created_by__email__endswith=DEMO_SUFFIX, parent__isnull=True
    ).delete()[0]
    ctx.log(f"    deleted {deleted:,} demo community rows")


register_seeder("communities", seed_communities, order=100, reset=reset_communities)
