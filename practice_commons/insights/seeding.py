"""Demo data for insights: value-creation stories from members of the demo
facilitator's communities (some featured, so the impact report has them), and a
network snapshot, so the networkers page shows real figures at once. Also marks a few
of the best-connected demo people as happy to be networkers, as some would choose."""

from datetime import timedelta

from django.utils import timezone

from practice_commons.accounts.models import User
from practice_commons.communities.models import CommunityMembership, MembershipStatus, Role
from practice_commons.core.seeding import SeedContext, register_seeder

from . import services
from .models import NetworkSnapshot, ValueStory

# Betweenness samples for the first network snapshot (None: the task's default). At the
# national scale the analysis reads about 2.4 million connections among 150,000 people and
# took 12 minutes, more than the rest of the load together, so it is left to the nightly
# task (``tasks.compute_network``), as it would be on a real platform of that size.
SNAPSHOT_SAMPLES = {"small": None, "large": 64}

STORIES = [
    (
        "Joint visits with the school nurse",
        ["immediate", "potential", "applied"],
        "A thread about children missing health appointments; a school nurse and two "
        "social workers compared what each of them could see.",
        "A contact in health and a shared checklist of early signs.",
        "I now ring the school nurse before a strategy discussion.",
        "Referrals arrive with the health picture already in them.",
        "Two strategy meetings this quarter were shorter and better informed.",
    ),
    (
        "Reflective session on holding uncertainty",
        ["immediate", "potential", "transformative"],
        "A flexible-membership reflective session where the presenter brought a stuck piece "
        "of work and everyone reflected in turn.",
        "Permission to say I did not know yet, and words for it.",
        "I use the same framing in supervision with newly qualified staff.",
        "Our team now treats 'not yet known' as a finding, not a failure.",
        "Supervision notes show fewer premature conclusions (team audit).",
    ),
    (
        "Documented solution for transition planning",
        ["potential", "applied", "realised"],
        "A problem-solving thread about transition at 18 became a documented solution in "
        "the library.",
        "A clear sequence of who to involve and when.",
        "We adopted it in our service's transition protocol.",
        "Plans now start at 16 rather than 17 and a half.",
        "Service data: average start of planning moved 14 months earlier.",
    ),
    (
        "Practitioners' forum with the police",
        ["immediate", "strategic"],
        "A forum on contextual safeguarding with police, youth workers and social workers.",
        "An understanding of how the police record exploitation concerns.",
        "Our managers asked for a standing joint meeting.",
        "",
        "",
    ),
]


def seed_insights(ctx: SeedContext) -> None:
    rng = ctx.random_for("insights")
    facilitator_id = ctx.demo_users.get("facilitator")
    community_ids = list(
        CommunityMembership.objects.filter(
            user_id=facilitator_id,
            status=MembershipStatus.ACTIVE,
            role__in=[Role.FACILITATOR, Role.OWNER],
        ).values_list("community_id", flat=True)[:5]
    )
    now = timezone.now()
    rows = []
    for community_id in community_ids:
        members = list(
            CommunityMembership.objects.filter(
                community_id=community_id, status=MembershipStatus.ACTIVE
            )
            .exclude(user_id=facilitator_id)
            .values_list("user_id", flat=True)
            .order_by("user_id")[:40]
        )
        for i, author_id in enumerate(rng.sample(members, min(len(members), 8))):
            title, cycles, happened, gave, used, difference, evidence = STORIES[i % len(STORIES)]
            consent = i % 4 != 3
            rows.append(
                ValueStory(
                    community_id=community_id,
                    author_id=author_id,
                    title=title,
                    cycles=cycles,
                    what_happened=happened,
                    what_it_gave=gave,
                    how_used=used,
                    difference=difference,
                    evidence=evidence,
                    consent_to_publish=consent,
                    featured=consent and i % 2 == 0,
                    featured_by_id=facilitator_id if consent and i % 2 == 0 else None,
                    featured_at=now if consent and i % 2 == 0 else None,
                    created_at=now - timedelta(days=rng.randint(1, 80)),
                )
            )
    ValueStory.objects.bulk_create(rows, batch_size=ctx.batch_size)
    ctx.log(f"    {len(rows)} value-creation stories")
    # Some people choose to be named as networkers: the demo logins and one in five
    # people of the first organisations.
    demo_ids = [pk for pk in ctx.demo_users.values() if pk]
    chosen = set(demo_ids) | set(ctx.user_ids[::5][:2000])
    User.objects.filter(pk__in=chosen).update(happy_to_network=True)
    if ctx.scale.name not in SNAPSHOT_SAMPLES:
        ctx.log("    network: no snapshot at this scale; the nightly task computes the first")
        return
    snapshot = services.network_snapshot_compute(samples=SNAPSHOT_SAMPLES[ctx.scale.name])
    ctx.log(
        f"    network: {snapshot.people:,} people, {snapshot.connections:,} connections "
        f"in {snapshot.seconds} s"
    )


def reset_insights(ctx: SeedContext) -> None:
    ValueStory.objects.all().delete()
    NetworkSnapshot.objects.all().delete()


register_seeder("insights", seed_insights, order=900, reset=reset_insights)
