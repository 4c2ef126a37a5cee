"""Demo collaboration: directory settings, opportunities with interest, work-shadowing,
and agreements between the demo organisations in every state (through the services, so
the versions, hashes and acceptances are what the product makes). Opportunities and
directory settings scale with the data; agreements are a handful plus one per 500 people.
"""

import datetime as dt

from django.utils import timezone

from practice_commons.accounts.models import (
    OrganisationMembership,
    Profession,
    User,
)
from practice_commons.core.seeding import SeedContext, bulk_insert, register_seeder

from . import services
from .models import (
    Agreement,
    DirectoryListing,
    DirectoryVisibility,
    Interest,
    Opportunity,
    OpportunityKind,
    Sector,
    ShadowingListing,
)
from .terms import Terms

DEMO_SUFFIX = ".example"

TITLES = {
    "partnership": ["Joint approach to child criminal exploitation", "Shared transitions pathway"],
    "joint_training": ["Joint training on recognising neglect", "Trauma-informed practice day"],
    "research": ["Evaluating family group conferences", "Study of early help outcomes"],
    "shadowing": ["Shadow our front door for a day", "Spend a morning with a school DSL"],
    "event_partner": [
        "Co-host a regional practice week",
        "Partner for a conference on kinship care",
    ],
    "volunteering": ["Mentors for care leavers", "Volunteers for a youth club"],
    "secondment": ["Six-month secondment to the MASH", "Secondment to a research team"],
}
COUNT = {"small": 30, "large": 400, "national": 2000}


def _terms(today, *, start_offset=-30, purpose="", n=2) -> Terms:
    return Terms(
        purpose=purpose or "Work together so that children at risk of exploitation are seen early.",
        responsibilities=[
            "Convenes a monthly multi-agency panel and keeps its actions.",
            "Shares intelligence through the agreed route and attends each panel.",
        ][:n],
        milestones=[
            (today + dt.timedelta(days=10), "First joint panel"),
            (today + dt.timedelta(days=90), "Joint training for both teams"),
        ],
        communication_internal="Team briefings and each organisation's intranet.",
        communication_external="A joint statement on both websites.",
        recognition="Both organisations are named on every report and presentation.",
        data_sharing="Under the existing information-sharing agreement; nothing identifying here.",
        start_on=today + dt.timedelta(days=start_offset),
        end_on=today + dt.timedelta(days=365),
        review_on=max(today, today + dt.timedelta(days=start_offset)) + dt.timedelta(days=12),
    )


def _verified_org(user_id):
    m = (
        OrganisationMembership.objects.filter(user_id=user_id)
        .select_related("organisation")
        .first()
    )
    return m.organisation if m else None


def seed_collaboration(ctx: SeedContext) -> None:
    rng = ctx.random_for("collaboration")
    today = timezone.localdate()
    professions = list(Profession.objects.values_list("pk", flat=True))
    members = dict(
        OrganisationMembership.objects.filter(user_id__in=ctx.user_ids).values_list(
            "user_id", "organisation_id"
        )
    )

    # Directory: most people use the default; some narrow it, a few leave.
    def listings():
        for user_id in ctx.user_ids:
            roll = rng.random()
            if roll < 0.8:
                continue
            visibility = (
                DirectoryVisibility.HIDDEN
                if roll > 0.95
                else rng.choice([DirectoryVisibility.HOST_MEMBERS, DirectoryVisibility.COMMUNITIES])
            )
            yield DirectoryListing(
                user_id=user_id, visibility=visibility, show_bio=rng.random() < 0.5
            )

    made = bulk_insert(DirectoryListing, listings(), batch_size=ctx.batch_size)
    ctx.log(f"    {made:,} directory settings")

    # Opportunities, some closed by date, with interest from others.
    posters = [u for u in ctx.user_ids if u in members]
    count = COUNT.get(ctx.scale.name, 30)

    def opportunities():
        for _i in range(count):
            kind = rng.choice(OpportunityKind.values)
            poster = rng.choice(posters)
            yield Opportunity(
                poster_id=poster,
                organisation_id=members[poster] if rng.random() < 0.6 else None,
                kind=kind,
                title=rng.choice(TITLES[kind]),
                description="We are looking for partners from other agencies to work with us.",
                sectors=sorted(rng.sample(Sector.values, k=rng.randint(1, 3))),
                nation=rng.choice(["england", "scotland", "wales", "northern_ireland", ""]),
                area=rng.choice(["Leeds", "Glasgow", "Cardiff", "Belfast", "Bristol", ""]),
                commitment=rng.choice(["Two days a month", "One day", "Six months, part-time"]),
                closes_on=today + dt.timedelta(days=rng.randint(-20, 90)),
                created_at=timezone.now() - dt.timedelta(days=rng.randint(0, 60)),
            )

    interest_rows = []

    def keep_interests(batch):
        for o in batch:
            for person in rng.sample(ctx.user_ids, k=min(3, len(ctx.user_ids))):
                if person != o.poster_id and rng.random() < 0.5:
                    interest_rows.append(
                        Interest(
                            opportunity_id=o.pk,
                            person_id=person,
                            message="We would like to be part of this.",
                        )
                    )

    made = bulk_insert(
        Opportunity, opportunities(), batch_size=ctx.batch_size, on_batch=keep_interests
    )
    Interest.objects.bulk_create(interest_rows, batch_size=ctx.batch_size, ignore_conflicts=True)
    through = Opportunity.professions.through
    rows = (
        [
            through(opportunity_id=o, profession_id=rng.choice(professions))
            for o in Opportunity.objects.filter(poster_id__in=posters).values_list("pk", flat=True)
        ]
        if professions
        else []
    )
    through.objects.bulk_create(rows, batch_size=ctx.batch_size, ignore_conflicts=True)
    ctx.log(f"    {made:,} opportunities, {len(interest_rows):,} expressions of interest")

    # Work-shadowing listings.
    def listings_shadowing():
        for i in range(max(10, count // 3)):
            poster = rng.choice(posters)
            kind = "offer" if i % 2 == 0 else "request"
            yield ShadowingListing(
                kind=kind,
                poster_id=poster,
                organisation_id=members[poster],
                title=rng.choice(TITLES["shadowing"])
                if kind == "offer"
                else "I would like to shadow a social worker",
                description="A day alongside the team, with time to talk about working together.",
                profession_id=rng.choice(professions) if professions else None,
                nation=rng.choice(["england", "scotland", "wales", ""]),
                area=rng.choice(["Leeds", "Glasgow", "Cardiff", ""]),
            )

    made = bulk_insert(ShadowingListing, listings_shadowing(), batch_size=ctx.batch_size)
    ctx.log(f"    {made:,} shadowing offers and requests")

    _seed_demo_agreements(ctx, today)


def _seed_demo_agreements(ctx, today):
    admin_id, champion_id = ctx.demo_users.get("org_admin"), ctx.demo_users.get("champion")
    member_id = ctx.demo_users.get("member")
    if not (admin_id and champion_id):
        return
    admin, champion = User.objects.get(pk=admin_id), User.objects.get(pk=champion_id)
    council, police = _verified_org(admin_id), _verified_org(champion_id)
    if council is None or police is None:
        return
    parties = [(council, admin), (police, champion)]

    # Active and published; then amended (version 2 waiting for the police's acceptance).
    active = services.agreement_create(
        actor=admin,
        title="Joint response to child criminal exploitation",
        parties=parties,
        terms=_terms(today),
        published=True,
    )
    services.agreement_propose(actor=admin, agreement=active)
    services.agreement_accept(actor=admin, agreement=active, version=1)
    services.agreement_accept(actor=champion, agreement=active, version=1)
    amended = services.agreement_create(
        actor=admin,
        title="Missing children: return interviews together",
        parties=parties,
        terms=_terms(
            today, purpose="Return home interviews done jointly when a child goes missing."
        ),
        published=True,
    )
    services.agreement_propose(actor=admin, agreement=amended)
    services.agreement_accept(actor=admin, agreement=amended, version=1)
    services.agreement_accept(actor=champion, agreement=amended, version=1)
    changed = _terms(today, purpose="Return home interviews done jointly, now including schools.")
    services.agreement_update(actor=admin, agreement=amended, title=amended.title, terms=changed)
    services.agreement_accept(actor=admin, agreement=amended, version=2)
    # Proposed, waiting for both.
    proposed = services.agreement_create(
        actor=champion,
        title="Joint training on county lines",
        parties=[(police, champion), (council, admin)],
        terms=_terms(
            today, start_offset=14, purpose="Train both workforces together on county lines."
        ),
    )
    services.agreement_propose(actor=champion, agreement=proposed)
    # A draft.
    services.agreement_create(
        actor=admin,
        title="Shared transitions pathway (draft)",
        parties=parties,
        terms=_terms(
            today,
            start_offset=30,
            purpose="A shared pathway for young people moving to adult services.",
        ),
    )
    # Under review, with an overdue milestone.
    review = services.agreement_create(
        actor=admin,
        title="Multi-agency neglect toolkit",
        parties=parties,
        terms=_terms(
            today, start_offset=-300, purpose="One neglect toolkit used by both agencies."
        ),
    )
    services.agreement_propose(actor=admin, agreement=review)
    services.agreement_accept(actor=admin, agreement=review, version=1)
    services.agreement_accept(actor=champion, agreement=review, version=1)
    Agreement.objects.filter(pk=review.pk).update(review_on=today - dt.timedelta(days=5))
    review.milestones.update(due_on=today - dt.timedelta(days=3))

    # Work-shadowing: the admin offers, the member responds and it is arranged.
    if member_id and _verified_org(member_id) not in (None, council):
        member = User.objects.get(pk=member_id)
        offer = services.shadowing_listing_create(
            actor=admin,
            kind="offer",
            title="Shadow our front door for a day",
            description="See how referrals are screened and decided, with time for questions.",
            organisation=council,
        )
        response = services.shadowing_respond(
            actor=member, listing=offer, message="I am a health visitor and would value this."
        )
        services.shadowing_arrange(
            actor=admin,
            response=response,
            start_on=today + dt.timedelta(days=7),
            end_on=None,
            place="Civic Hall, Leeds",
            ground_rules="Observe only; everything seen stays confidential.",
            hours=6,
        )
    ctx.log(f"    {Agreement.objects.count():,} agreements in every state")


def reset_collaboration(ctx: SeedContext) -> None:
    deleted = Agreement.objects.filter(created_by__email__endswith=DEMO_SUFFIX).delete()[0]
    deleted += Opportunity.objects.filter(poster__email__endswith=DEMO_SUFFIX).delete()[0]
    deleted += ShadowingListing.objects.filter(poster__email__endswith=DEMO_SUFFIX).delete()[0]
    deleted += DirectoryListing.objects.filter(user__email__endswith=DEMO_SUFFIX).delete()[0]
    ctx.log(f"    deleted {deleted:,} demo collaboration rows")


register_seeder("collaboration", seed_collaboration, order=400, reset=reset_collaboration)
