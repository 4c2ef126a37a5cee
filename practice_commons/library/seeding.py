# ruff: noqa: E501 - demo content: one sentence a line reads better than wrapped strings
"""Demo library: practice examples (a council's CAF practitioners' forum, a restorative
practice programme in adult services, joint training with police and teachers, …),
documented solutions, resources, endorsements and the cross-profession glossary. Items
are written straight to the models with their first version (the texts below are
fixed and hold no identifiers); the knowledge map's thread gaps come from the
discussions seeder's threads."""

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from practice_commons.accounts.models import Profession, User
from practice_commons.communities.models import Community
from practice_commons.core.seeding import SeedContext, register_seeder

from .models import (
    Endorsement,
    EndorsementKind,
    GlossaryTerm,
    ItemKind,
    ItemStatus,
    ItemVersion,
    LibraryItem,
    TermStatus,
)

DEMO_SUFFIX = ".example"

EXAMPLES = [
    {
        "kind": ItemKind.PRACTICE_EXAMPLE,
        "community": "Early help and CAF practitioners",
        "title": "A council's CAF practitioners' forum",
        "summary": "A monthly forum where lead professionals from schools, health visiting and early help bring CAF plans that have stalled, and leave with a next step.",
        "context": "A metropolitan council's early help service, about 1,200 open CAFs a year, with lead professionals in 140 schools and 6 health visiting teams.",
        "what_was_done": "Each month a 90-minute online forum, chaired by an early help coordinator. Two lead professionals present a stalled plan in five minutes each, without names; the group asks questions, then offers ideas; the presenter chooses one to try. A short note of ideas is shared afterwards.",
        "outcomes": "Over a year, 70% of plans brought to the forum moved to a review within six weeks, and more teachers agreed to be lead professionals.",
        "evidence": "Case management data on plan reviews before and after the forum; a survey of 85 lead professionals at six and twelve months.",
        "before_trying": "A chair who keeps the group from case scrutiny matters more than the format. Agree the no-names rule at the start of every meeting.",
        "nations": ["england"],
        "age_groups": ["primary", "secondary"],
        "pcf_domains": ["critical_reflection", "contexts_and_organisations"],
        "agencies": ["local_authority", "school", "nhs_body"],
        "endorse": 4,
        "celebrate": 6,
    },
    {
        "kind": ItemKind.PRACTICE_EXAMPLE,
        "community": "Principal social workers network",
        "title": "Restorative practice programme in adult services",
        "summary": "A two-year programme that trained adult social care teams in restorative conversations, with practice leads coaching in teams.",
        "context": "A county adult social care service, eight locality teams, around 300 practitioners and managers.",
        "what_was_done": "Two days of training for every team, then monthly coaching from practice leads; restorative check-ins at team meetings; restorative reviews after complaints.",
        "outcomes": "Fewer complaints escalated to stage two, and staff survey scores for feeling supported rose in every locality.",
        "evidence": "Complaints data over two years; the annual staff survey; twelve practitioner interviews by a university partner.",
        "before_trying": "Managers must go first: the programme stalled in the one locality where managers did not take part.",
        "nations": ["england"],
        "age_groups": ["adults", "older_adults"],
        "pcf_domains": ["values_and_ethics", "skills_and_interventions", "professional_leadership"],
        "agencies": ["local_authority", "university"],
        "endorse": 3,
        "celebrate": 2,
    },
    {
        "kind": ItemKind.PRACTICE_EXAMPLE,
        "community": "Contextual safeguarding across agencies",
        "title": "Joint training programme with police and teachers",
        "summary": "Half-day joint sessions for social workers, neighbourhood police officers and designated safeguarding leads in schools on exploitation outside the home.",
        "context": "A unitary authority, 45 secondary schools, one police division.",
        "what_was_done": "Six half-day sessions a year, each co-delivered by a social worker, a police officer and a teacher, built around a fictional case that unfolds in stages.",
        "outcomes": "More joint referrals with a shared picture of the risk, and DSLs reported more confidence in calling the MASH.",
        "evidence": "Pre- and post-session confidence ratings from 260 attendees; MASH referral quality audit.",
        "before_trying": "Book rooms in schools, not council offices: teachers came far more often.",
        "nations": ["england"],
        "age_groups": ["secondary", "young_adults"],
        "pcf_domains": ["knowledge", "contexts_and_organisations"],
        "agencies": ["local_authority", "police_force", "school"],
        "endorse": 5,
        "celebrate": 3,
    },
    {
        "kind": ItemKind.SOLUTION,
        "community": "Children and families decision-making",
        "title": "Running transfer meetings between locality teams",
        "summary": "Hold one joint meeting with the family before transfer, chaired by the receiving team.",
        "context": "Families felt they had to tell their story again when their case moved between teams.",
        "what_was_done": "The receiving team chairs a joint meeting with the family and both workers before transfer; the plan is read aloud and agreed.",
        "nations": ["england"],
        "pcf_domains": ["skills_and_interventions"],
    },
    {
        "kind": ItemKind.SOLUTION,
        "community": "Kinship care practice",
        "title": "Supporting kinship carers through the first month",
        "summary": "A named worker calls weekly in the first month, and carers meet one experienced kinship carer.",
        "context": "New kinship carers felt alone in the first weeks after a child moved in.",
        "what_was_done": "Weekly calls from a named worker and an introduction to a peer carer within two weeks.",
        "nations": ["england", "wales"],
        "pcf_domains": ["values_and_ethics"],
    },
    {
        "kind": ItemKind.RESOURCE,
        "community": None,
        "title": "Working Together to Safeguard Children (statutory guidance)",
        "summary": "The statutory guidance on inter-agency working to safeguard and promote the welfare of children in England.",
        "url": "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
        "nations": ["england"],
    },
    {
        "kind": ItemKind.RESOURCE,
        "community": "AMHP leads",
        "title": "AMHP report template and guidance notes",
        "summary": "A template for the AMHP's report after a Mental Health Act assessment, with notes on what each section is for.",
        "url": "https://www.gov.uk/government/collections/mental-health-act-1983",
        "nations": ["england", "wales"],
    },
]

TERMS = [
    (
        "CIN",
        [],
        "Child in need: a child whose health or development is likely to be impaired without services from the local authority (section 17 of the Children Act 1989).",
        ["england", "wales"],
        "Teachers may say 'a child on a CIN plan'.",
    ),
    (
        "LAC",
        ["CLA"],
        "Looked-after child, also called a child looked after: a child in the care of the local authority or accommodated by it.",
        ["england", "wales", "scotland", "northern_ireland"],
        "Schools say 'children looked after' or 'CLA'; health colleagues often 'LAC'.",
    ),
    (
        "MASH",
        [],
        "Multi-Agency Safeguarding Hub: where police, health, education and children's social care share information on concerns about a child.",
        ["england"],
        "Police may call it 'the hub'.",
    ),
    (
        "EHCP",
        [],
        "Education, Health and Care Plan: a legal document describing a child or young person's special educational needs and the support to meet them (up to age 25).",
        ["england"],
        "Social workers contribute the social care section.",
    ),
    (
        "Section 47",
        ["s47"],
        "An enquiry by the local authority when there is reasonable cause to suspect a child is suffering, or likely to suffer, significant harm.",
        ["england", "wales"],
        "Police speak of a 'strategy discussion' that leads to it.",
    ),
    (
        "CAF",
        [],
        "Common Assessment Framework: a shared early help assessment used by practitioners in any agency; many areas now call it an early help assessment.",
        ["england"],
        "Schools may call it the 'early help assessment' or 'EHA'.",
    ),
    (
        "Early Help",
        [],
        "Support for children and families as soon as problems emerge, before statutory services are needed.",
        ["england", "wales", "scotland", "northern_ireland"],
        "Health visitors may call it 'universal plus'.",
    ),
    (
        "AMHP",
        [],
        "Approved Mental Health Professional: a practitioner approved to make applications under the Mental Health Act, often a social worker.",
        ["england", "wales"],
        "In Scotland, the Mental Health Officer (MHO) has a similar role.",
    ),
]


def _user(ctx, key):
    pk = ctx.demo_users.get(key)
    return User.objects.filter(pk=pk).first() if pk else None


def seed_library(ctx: SeedContext) -> None:
    member = _user(ctx, "member") or User.objects.filter(email__endswith=DEMO_SUFFIX).first()
    facilitator = _user(ctx, "facilitator") or member
    admin = _user(ctx, "host_admin") or facilitator
    if member is None:
        return
    communities = {c.name: c for c in Community.objects.prefetch_related("topics")}
    others = list(
        User.objects.filter(email__endswith=DEMO_SUFFIX).exclude(pk=member.pk).order_by("pk")[:12]
    )
    professions = list(Profession.objects.order_by("sort_order")[:4])
    now = timezone.now()
    made = 0
    for i, spec in enumerate(EXAMPLES):
        community = communities.get(spec.get("community") or "")
        if spec.get("community") and community is None:
            continue
        author = member if spec["kind"] != ItemKind.SOLUTION else facilitator
        updated = now - dt.timedelta(days=30 * (i + 1))
        item = LibraryItem.objects.create(
            kind=spec["kind"],
            status=ItemStatus.PUBLISHED,
            community=community,
            title=spec["title"],
            summary=spec["summary"],
            context=spec.get("context", ""),
            what_was_done=spec.get("what_was_done", ""),
            outcomes=spec.get("outcomes", ""),
            evidence=spec.get("evidence", ""),
            before_trying=spec.get("before_trying", ""),
            url=spec.get("url", ""),
            nations=spec.get("nations", []),
            age_groups=spec.get("age_groups", []),
            pcf_domains=spec.get("pcf_domains", []),
            agencies=spec.get("agencies", []),
            created_by=author,
            contact=author,
            reviewed_by=admin,
            created_at=updated,
            updated_at=updated,
            published_at=updated,
            # One item past its review-by date, to show "may be out of date".
            review_by=(timezone.localdate() - dt.timedelta(days=10))
            if i == 1
            else timezone.localdate() + dt.timedelta(days=300),
            version=1,
        )
        if community is not None:
            item.topics.set(community.topics.all())
        if author.organisation_id:
            item.organisations.set([author.organisation_id])
        item.professions.set(professions[: 1 + i % 3])
        ItemVersion.objects.create(
            item=item, number=1, data=item.snapshot(), created_by=author, created_at=updated
        )
        rows = []
        for n in range(spec.get("endorse", 0)):
            if n < len(others):
                rows.append(
                    Endorsement(
                        item=item,
                        user=others[n],
                        kind=EndorsementKind.ENDORSE,
                        note="We tried this in our area too." if n == 0 else "",
                    )
                )
        for n in range(spec.get("celebrate", 0)):
            if n < len(others):
                rows.append(
                    Endorsement(item=item, user=others[-1 - n], kind=EndorsementKind.CELEBRATE)
                )
        Endorsement.objects.bulk_create(rows, ignore_conflicts=True)
        LibraryItem.objects.filter(pk=item.pk).update(
            endorsement_count=sum(1 for r in rows if r.kind == EndorsementKind.ENDORSE),
            celebration_count=sum(1 for r in rows if r.kind == EndorsementKind.CELEBRATE),
        )
        made += 1
    # A practice example waiting for review, for the facilitators' queue.
    early_help = communities.get("Early help and CAF practitioners")
    if early_help is not None and others:
        waiting = LibraryItem.objects.create(
            kind=ItemKind.PRACTICE_EXAMPLE,
            status=ItemStatus.IN_REVIEW,
            community=early_help,
            title="Family network meetings before a CAF closes",
            summary="Bringing the wider family together before closing a CAF, so support continues.",
            what_was_done="A facilitated family network meeting in the last month of every CAF.",
            outcomes="Fewer re-referrals within a year.",
            created_by=others[0],
            contact=others[0],
            submitted_at=now,
            review_by=timezone.localdate() + dt.timedelta(days=365),
            version=1,
        )
        waiting.topics.set(early_help.topics.all())
        ItemVersion.objects.create(
            item=waiting, number=1, data=waiting.snapshot(), created_by=others[0]
        )
        made += 1
    for term, aliases, definition, nations, equivalents in TERMS:
        GlossaryTerm.objects.update_or_create(
            slug=slugify(term),
            defaults={
                "term": term,
                "also_known_as": aliases,
                "definition": definition,
                "nations": nations,
                "equivalents": equivalents,
                "status": TermStatus.APPROVED,
                "suggested_by": admin,
                "decided_by": admin,
                "decided_at": now,
            },
        )
    GlossaryTerm.objects.update_or_create(
        slug="pep",
        defaults={
            "term": "PEP",
            "definition": "Personal Education Plan: part of a looked-after child's care plan, reviewed each term with the school.",
            "nations": ["england"],
            "status": TermStatus.SUGGESTED,
            "suggested_by": member,
        },
    )
    ctx.log(f"    {made:,} library items, {len(TERMS) + 1} glossary terms")


def reset_library(ctx: SeedContext) -> None:
    deleted = LibraryItem.objects.filter(created_by__email__endswith=DEMO_SUFFIX).delete()[0]
    GlossaryTerm.objects.filter(slug__in=[slugify(t[0]) for t in TERMS] + ["pep"]).delete()
    ctx.log(f"    deleted {deleted:,} demo library rows")


register_seeder("library", seed_library, order=350, reset=reset_library)
