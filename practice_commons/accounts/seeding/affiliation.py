"""Demo data for verified affiliation: every demo person's affiliation is verified (the
accounts seeder records it as bulk onboarding); here the head organisations get their
verified email domains, and a few people at Leeds City Council and West Yorkshire Police
are left waiting for their admins, so the demo admins have requests to decide."""

from django.db import transaction
from django.utils import timezone

from practice_commons.core.seeding import SeedContext

from ..models import AffiliationRequest, Organisation, OrganisationDomain, OrganisationMembership

DEMO_DOMAINS = {
    "Leeds City Council": ["leeds.gov.uk"],
    "Leeds Community Healthcare NHS Trust": ["leedscommunityhealthcare.nhs.uk"],
    "West Yorkshire Police": ["westyorkshire.police.uk"],
    "Glasgow City Council": ["glasgow.gov.uk"],
    "Cardiff Council": ["cardiff.gov.uk"],
    "Belfast Health and Social Care Trust": ["belfasttrust.hscni.net"],
}
PENDING = {"Leeds City Council": 4, "West Yorkshire Police": 2}


def seed_affiliations(ctx: SeedContext) -> None:
    orgs = {
        o.name: o for o in Organisation.objects.filter(name__in=set(DEMO_DOMAINS) | set(PENDING))
    }
    OrganisationDomain.objects.bulk_create(
        [
            OrganisationDomain(organisation=orgs[name], domain=domain)
            for name, domains in DEMO_DOMAINS.items()
            if name in orgs
            for domain in domains
        ],
        ignore_conflicts=True,
    )
    demo_ids = set(ctx.demo_users.values())
    rng = ctx.random_for("accounts:affiliations")
    for name, count in PENDING.items():
        if name in orgs:
            _leave_pending(orgs[name], count, demo_ids, rng)


@transaction.atomic
def _leave_pending(organisation: Organisation, count: int, demo_ids: set[int], rng) -> None:
    """Turn a few generated members back into people waiting for their admins."""
    candidates = list(
        OrganisationMembership.objects.filter(
            organisation=organisation, role=OrganisationMembership.Role.MEMBER
        )
        .exclude(user_id__in=demo_ids)
        .order_by("pk")
        .values_list("pk", "user_id")
    )
    chosen = rng.sample(candidates, min(count, len(candidates)))
    OrganisationMembership.objects.filter(pk__in=[pk for pk, _ in chosen]).delete()
    user_ids = [user_id for _, user_id in chosen]
    organisation.people.filter(pk__in=user_ids).update(organisation=None)
    now = timezone.now()
    AffiliationRequest.objects.bulk_create(
        [
            AffiliationRequest(
                user_id=user_id,
                organisation=organisation,
                route=AffiliationRequest.Route.ORGANISATION_ADMINS,
                created_at=now,
            )
            for user_id in user_ids
        ]
    )
