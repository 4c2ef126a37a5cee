"""Demo jobs: open listings across the demo organisations and professions (a few past
their closing date, which the board leaves out), posted by their admins."""

import datetime as dt

from django.utils import timezone

from practice_commons.accounts.models import Organisation, OrganisationMembership, Profession
from practice_commons.core.seeding import SeedContext, bulk_insert, register_seeder

from .models import ContractType, Job

DEMO_SUFFIX = ".example"
COUNT = {"small": 40, "large": 400, "national": 2000}
TITLES = {
    "social-worker": [
        "Social worker, children in need",
        "Senior practitioner, MASH",
        "Approved mental health professional",
    ],
    "police-officer": ["Detective constable, safeguarding unit", "Missing persons coordinator"],
    "health-visitor": ["Health visitor", "Specialist health visitor, perinatal mental health"],
    "teacher": ["Designated safeguarding lead", "Inclusion lead"],
}
PLACES = [
    ("Leeds", "england"),
    ("Glasgow", "scotland"),
    ("Cardiff", "wales"),
    ("Belfast", "northern_ireland"),
    ("Bristol", "england"),
]


def seed_jobs(ctx: SeedContext) -> None:
    rng = ctx.random_for("jobs")
    today = timezone.localdate()
    professions = list(Profession.objects.values_list("pk", "slug"))
    admins = dict(
        OrganisationMembership.objects.filter(role="admin").values_list(
            "organisation_id", "user_id"
        )
    )
    orgs = [
        o
        for o in (ctx.organisation_ids or Organisation.objects.values_list("pk", flat=True))
        if o in admins
    ]
    if not orgs or not professions:
        return
    demo_admin = ctx.demo_users.get("org_admin")
    demo_org = (
        OrganisationMembership.objects.filter(user_id=demo_admin, role="admin")
        .values_list("organisation_id", flat=True)
        .first()
    )

    def jobs():
        for i in range(COUNT.get(ctx.scale.name, 40)):
            org = demo_org if (demo_org and i % 5 == 0) else rng.choice(orgs)
            profession_id, slug = rng.choice(professions)
            place, nation = rng.choice(PLACES)
            low = rng.randrange(28_000, 45_000, 500)
            yield Job(
                title=rng.choice(TITLES.get(slug, [f"Practitioner ({slug.replace('-', ' ')})"])),
                organisation_id=org,
                location=place,
                nation=nation,
                salary_min=low,
                salary_max=low + rng.randrange(2_000, 8_000, 500),
                hours=rng.choice(
                    ["37 hours a week", "Part-time, 22.5 hours", "Full time, flexible"]
                ),
                contract_type=rng.choice(ContractType.values),
                profession_id=profession_id,
                closes_on=today + dt.timedelta(days=rng.randint(-10, 60)),
                apply_url="https://jobs.example.org/apply",
                description="Join a team that works closely with partners across agencies.",
                posted_by_id=admins[org],
            )

    made = bulk_insert(Job, jobs(), batch_size=ctx.batch_size)
    ctx.log(f"    {made:,} job listings")


def reset_jobs(ctx: SeedContext) -> None:
    deleted = Job.objects.filter(posted_by__email__endswith=DEMO_SUFFIX).delete()[0]
    ctx.log(f"    deleted {deleted:,} demo jobs")


register_seeder("jobs", seed_jobs, order=410, reset=reset_jobs)
