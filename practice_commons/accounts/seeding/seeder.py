"""The accounts seeder: organisations, people, their verified addresses, organisation
roles, areas of expertise and the host's membership register, streamed in batches.

This writes with ``bulk_create`` rather than through ``services`` on purpose: services
check permissions and audit one change at a time, which is right for people and far
too slow for 150,000 generated rows. Everything written here is what
``profile_update`` and ``organisation_create`` would have stored.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from practice_commons.core.bulk import batched
from practice_commons.core.seeding import SCALES, Progress, SeedContext

from ..models import (
    ExpertiseTag,
    HostMembershipClaim,
    HostMembershipRecord,
    HostRole,
    Organisation,
    OrganisationMembership,
    Profession,
    User,
)
from . import names, places, practice, providers
from .demo import DEMO_EMAIL_SUFFIX, DEMO_LOGINS, DEMO_PASSWORD
from .places import ENGLAND, NORTHERN_IRELAND, SCOTLAND, WALES
from .register import REGISTER_SEED_NAME, RegisterGenerator

ORGANISATIONS_SEED_NAME = "accounts:organisations"

HEAD_ORGANISATIONS = [
    (providers.HOST_ORGANISATION[0], "professional_body", ENGLAND, providers.HOST_ORGANISATION[1]),
    ("Leeds City Council", "local_authority", ENGLAND, "Leeds"),
    ("Leeds Community Healthcare NHS Trust", "nhs_body", ENGLAND, "Leeds"),
    ("West Yorkshire Police", "police_force", ENGLAND, "West Yorkshire"),
    ("Glasgow City Council", "local_authority", SCOTLAND, "Glasgow"),
    ("Cardiff Council", "local_authority", WALES, "Cardiff"),
    ("Belfast Health and Social Care Trust", "nhs_body", NORTHERN_IRELAND, "Belfast"),
    ("Oakfield Primary School, Leeds", "school", ENGLAND, "Leeds"),
]


# Forces that cover a whole nation: their people give the council area they work in.
NATIONWIDE = {"Scotland", "Northern Ireland"}


@dataclass(frozen=True)
class OrgSpec:
    name: str
    kind: str
    nation: str
    area: str


class Weighted:
    """Weighted choice that costs one bisect per draw."""

    def __init__(self, weights: dict):
        self.keys = list(weights)
        total, self.cum = 0, []
        for key in self.keys:
            total += weights[key]
            self.cum.append(total)

    def pick(self, rng: random.Random):
        return rng.choices(self.keys, cum_weights=self.cum)[0]


_NATIONS = Weighted(practice.NATION_WEIGHTS)
_KINDS = Weighted(practice.ORGANISATION_KIND_WEIGHTS)


def _real_pools(rng: random.Random, used: set[str]) -> dict[tuple[str, str], list]:
    pools = {}
    sources = {
        "local_authority": {
            n: [(name, places.council_area(name)) for name in names_]
            for n, names_ in places.LOCAL_AUTHORITIES.items()
        },
        "nhs_body": places.NHS_BODIES,
        "police_force": places.POLICE_FORCES,
        "university": places.UNIVERSITIES,
    }
    for kind, by_nation in sources.items():
        for nation, entries in by_nation.items():
            pool = [e for e in entries if e[0] not in used]
            rng.shuffle(pool)
            pools[(kind, nation)] = pool
    return pools


def _generated_name(rng: random.Random, kind: str, nation: str, area: str) -> str:
    if kind == "school":
        if nation == WALES and rng.random() < 0.3:
            return f"{rng.choice(providers.WELSH_MEDIUM_SCHOOLS)}, {area}"
        stem = rng.choice(providers.SCHOOL_STEMS)
        return f"{stem} {rng.choice(providers.SCHOOL_KINDS[nation])}, {area}"
    if kind == "charity":
        if rng.random() < 0.3:
            return f"{rng.choice(providers.CHARITY_NAMES)} {area}"
        return f"{area} {rng.choice(providers.CHARITY_SERVICES)}"
    name = f"{rng.choice(providers.PRIVATE_STEMS)} {rng.choice(providers.PRIVATE_SERVICES)}"
    return name if rng.random() < 0.5 else f"{name} {area}"


def organisation_specs(rng: random.Random, exclude: set[str] = frozenset()) -> Iterator[OrgSpec]:
    """An endless, reproducible stream of organisations: the fixed head first (the demo
    logins work there at every scale), then a mix across kinds and the four nations.
    Real public bodies are used until each list runs out, then fictional schools,
    charities and providers. A name in ``exclude`` (already in the database) is skipped."""
    used = {name.lower() for name in exclude}
    for name, kind, nation, area in HEAD_ORGANISATIONS:
        if name.lower() not in used:
            used.add(name.lower())
            yield OrgSpec(name, kind, nation, area)
    pools = _real_pools(rng, {n for n, *_ in HEAD_ORGANISATIONS})
    areas = {
        nation: [places.council_area(n) for n in councils]
        for nation, councils in places.LOCAL_AUTHORITIES.items()
    }
    while True:
        nation, kind = _NATIONS.pick(rng), _KINDS.pick(rng)
        pool = pools.get((kind, nation))
        if pool is not None:
            if pool:
                name, area = pool.pop()
                if name.lower() in used:
                    continue
                used.add(name.lower())
                yield OrgSpec(name, kind, nation, area)
                continue
            kind = "school" if rng.random() < 0.6 else "charity"
        area = rng.choice(areas[nation])
        name = _generated_name(rng, kind, nation, area)
        if name.lower() in used:
            continue
        used.add(name.lower())
        yield OrgSpec(name, kind, nation, area)


@dataclass(frozen=True)
class OrgRow:
    """What the people generator needs to know about an organisation."""

    id: int
    kind: str
    nation: str
    area: str
    domain: str


def _unique_slug(base: str, taken: set[str]) -> str:
    slug = slugify(base)[:190] or "organisation"
    candidate, n = slug, 2
    while candidate in taken:
        candidate = f"{slug}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


def seed_organisations(ctx: SeedContext) -> list[OrgRow]:
    # The names come from their own generator so that reset_accounts can list them again.
    rng = ctx.random_for(ORGANISATIONS_SEED_NAME)
    dates = ctx.random_for(f"{ORGANISATIONS_SEED_NAME}:dates")
    existing = set(Organisation.objects.values_list("name", flat=True))
    taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
    specs = organisation_specs(rng, exclude=existing)
    now = timezone.now()
    rows: list[OrgRow] = []
    total = ctx.scale.organisations
    made = 0
    while made < total:
        batch = []
        for spec in specs:
            slug = _unique_slug(spec.name, taken_slugs)
            batch.append(
                Organisation(
                    name=spec.name,
                    slug=slug,
                    kind=spec.kind,
                    nation=spec.nation,
                    area=spec.area,
                    description=providers.DESCRIPTIONS[spec.kind].format(area=spec.area),
                    created_at=now - timedelta(days=dates.randint(30, 1500)),
                )
            )
            if len(batch) >= min(ctx.batch_size, total - made):
                break
        Organisation.objects.bulk_create(batch)
        rows += [
            OrgRow(o.pk, o.kind, o.nation, o.area, f"{o.slug[:60]}{DEMO_EMAIL_SUFFIX}")
            for o in batch
        ]
        made += len(batch)
    ctx.organisation_ids = [r.id for r in rows]
    ctx.log(f"    organisations: {len(rows):,}")
    return rows


def seed_expertise() -> dict[str, int]:
    existing = {t.name.lower(): t.pk for t in ExpertiseTag.objects.all()}
    taken = set(ExpertiseTag.objects.values_list("slug", flat=True))
    missing = [
        ExpertiseTag(name=n, slug=_unique_slug(n, taken))
        for n in practice.EXPERTISE
        if n.lower() not in existing
    ]
    ExpertiseTag.objects.bulk_create(missing)
    existing.update({t.name.lower(): t.pk for t in missing})
    return {n: existing[n.lower()] for n in practice.EXPERTISE}


def _registration_number(rng: random.Random, regulator: str) -> str:
    if regulator == "none" or rng.random() < 0.25:
        return ""
    if regulator == "swe":
        return f"SW{rng.randint(10000, 199999)}"
    if regulator == "nmc":
        letters = "ABCDEFGHJKLMNPRSTUVWXY"
        return (
            f"{rng.randint(0, 99):02d}{rng.choice(letters)}{rng.randint(0, 9999):04d}"
            f"{rng.choice('EOSWNI')}"
        )
    if regulator == "hcpc":
        return f"{rng.choice(['OT', 'PYL', 'SL', 'PA'])}{rng.randint(10000, 99999)}"
    return str(rng.randint(1000000, 9999999))


def regulator_for(rng: random.Random, profession: str | None, nation: str) -> str:
    """The body that registers this profession in this nation, from the choices the
    profile offers (so teachers in England, with no GTC since 2012, have none)."""
    if profession == "social-worker":
        return practice.SOCIAL_WORK_REGULATOR[nation] if rng.random() < 0.98 else "none"
    if profession in practice.NURSING:
        return "nmc"
    if profession == "teacher":
        return "gtc" if nation in (SCOTLAND, NORTHERN_IRELAND) else "none"
    if profession == "early-years-practitioner":
        return "sssc" if nation == SCOTLAND else "none"
    if profession == "other":
        return "hcpc" if rng.random() < 0.2 else "none"
    return "none"


class PeopleGenerator:
    """Builds unsaved users (and what hangs off them) one at a time, from ``rng`` only."""

    def __init__(
        self,
        rng: random.Random,
        orgs: list[OrgRow],
        professions: dict[str, int],
        tags: dict[str, int],
        password_hash: str,
        now,
    ):
        self.rng, self.orgs, self.professions, self.tags = rng, orgs, professions, tags
        self.password_hash, self.now = password_hash, now
        self.org_picker = Weighted(
            {i: practice.ORGANISATION_SIZE[o.kind] for i, o in enumerate(orgs)}
        )
        self.profession_pickers = {k: Weighted(w) for k, w in practice.PROFESSIONS_BY_KIND.items()}
        self.ni_council = Weighted(practice.NI_COUNCIL_PROFESSIONS)
        self.ni_trust = Weighted(practice.NI_TRUST_PROFESSIONS)
        self.first_names = (
            [(n, "f") for n in names.FEMALE_FIRST_NAMES]
            + [(n, "m") for n in names.MALE_FIRST_NAMES]
            + [(n, "n") for n in names.NEUTRAL_FIRST_NAMES]
        )
        self.all_nations = list(practice.NATION_WEIGHTS)
        self.areas = {
            n: [places.council_area(c) for c in cs] for n, cs in places.LOCAL_AUTHORITIES.items()
        }

    def _profession(self, org: OrgRow | None) -> str:
        if org is None:
            return self.profession_pickers[None].pick(self.rng)
        if org.nation == NORTHERN_IRELAND and org.kind == "local_authority":
            return self.ni_council.pick(self.rng)
        if org.nation == NORTHERN_IRELAND and org.kind == "nhs_body":
            return self.ni_trust.pick(self.rng)
        return self.profession_pickers[org.kind].pick(self.rng)

    def _expertise(self, profession: str | None) -> list[str]:
        rng = self.rng
        k = rng.choices((0, 1, 2, 3, 4, 5), cum_weights=(15, 35, 60, 85, 95, 100))[0]
        favoured = practice.EXPERTISE_BY_PROFESSION.get(profession or "", [])
        chosen: list[str] = []
        for _ in range(k):
            pool = favoured if favoured and rng.random() < 0.75 else practice.EXPERTISE
            tag = rng.choice(pool)
            if tag not in chosen:
                chosen.append(tag)
        return chosen

    def person(self, index: int) -> tuple[User, list[str], bool, bool]:
        """One person: the unsaved user, their expertise names, whether verified, whether
        the host's register lists them as a member."""
        rng = self.rng
        first, gender = rng.choice(self.first_names)
        last = rng.choice(names.SURNAMES)
        joined = self.now - timedelta(days=rng.uniform(0, 3 * 365))
        last_login = joined + (self.now - joined) * rng.random() if rng.random() < 0.8 else None
        incomplete = rng.random() < 0.02
        org = None if incomplete or rng.random() < 0.03 else self.orgs[self.org_picker.pick(rng)]
        domain = org.domain if org else rng.choice(("mail.example", "post.example"))
        email = f"{slugify(first)}.{slugify(last)}.{index}@{domain}".replace("-", "")
        if incomplete:
            user = User(
                email=email, password=self.password_hash, date_joined=joined, last_login=last_login
            )
            return user, [], rng.random() < 0.5, False
        profession = self._profession(org)
        nation = org.nation if org else rng.choice(self.all_nations)
        area = org.area if org and org.area not in NATIONWIDE else rng.choice(self.areas[nation])
        regulator = regulator_for(rng, profession, nation)
        expertise = self._expertise(profession)
        social_work = profession == "social-worker"
        member = rng.random() < (0.65 if social_work else 0.3)
        bio = ""
        if rng.random() < 0.4:
            role = rng.choice(practice.ROLES.get(profession, practice.ROLES["other"]))
            bio = f"{role} in {area}."
            if expertise:
                bio += f" Interested in {' and '.join(_in_sentence(t) for t in expertise[:2])}."
        user = User(
            email=email,
            password=self.password_hash,
            full_name=f"{first} {last}",
            pronouns=names.PRONOUNS[gender] if rng.random() < 0.3 else "",
            profession_id=self.professions.get(profession) or self.professions.get("other"),
            organisation_id=org.id if org else None,
            nation=nation,
            area=area,
            regulator=regulator,
            registration_number=_registration_number(rng, regulator),
            bio=bio,
            open_to_collaborate=rng.random() < 0.4,
            happy_to_network=rng.random() < 0.12,
            language="cy" if nation == WALES and rng.random() < 0.2 else "en-gb",
            is_active=rng.random() > 0.005,
            date_joined=joined,
            last_login=last_login,
        )
        return user, expertise, True, member


def _in_sentence(tag: str) -> str:
    """``"Kinship care"`` → ``"kinship care"``, but ``"SEND"`` and ``"AMHP practice"`` stay."""
    first = tag.split()[0].rstrip(",")
    if first.isupper() or first in ("Gypsy", "Prevent"):
        return tag
    return tag[0].lower() + tag[1:]


def _demo_users(
    orgs_by_name: dict[str, Organisation], professions: dict[str, int], password_hash: str, now
) -> list[tuple[User, list[str], bool, str, bool]]:
    rng = random.Random("demo-logins")
    people = []
    for demo in DEMO_LOGINS:
        org = orgs_by_name[demo.organisation]
        user = User(
            email=demo.email,
            password=password_hash,
            full_name=demo.full_name,
            pronouns=demo.pronouns,
            profession_id=professions.get(demo.profession),
            organisation_id=org.pk,
            nation=org.nation,
            area=org.area,
            regulator=regulator_for(rng, demo.profession, org.nation),
            open_to_collaborate=True,
            happy_to_network=demo.org_role == "champion",
            date_joined=now - timedelta(days=400),
            host_role=HostRole.HOST_ADMIN if demo.host_admin else HostRole.PRACTITIONER,
            is_staff=demo.host_admin,
            is_superuser=demo.host_admin,
        )
        user.registration_number = _registration_number(rng, user.regulator)
        member = demo.host_membership == "member"
        people.append((user, list(demo.expertise), True, demo.org_role, member))
    return people


def seed_accounts(ctx: SeedContext) -> None:
    rng = ctx.rng
    now = timezone.now()
    orgs = seed_organisations(ctx)
    tags = seed_expertise()
    professions = dict(Profession.objects.values_list("slug", "pk"))
    # Hashing is deliberately slow; every generated account shares one hash.
    password_hash = make_password(DEMO_PASSWORD)
    head_names = {name for name, *_ in HEAD_ORGANISATIONS}
    orgs_by_name = {o.name: o for o in Organisation.objects.filter(name__in=head_names)}

    has_admin: set[int] = set()
    counts: dict[int, int] = {}
    through = User.expertise.through

    def org_role(org_id: int) -> str:
        n = counts.get(org_id, 0)
        counts[org_id] = n + 1
        if org_id not in has_admin:
            has_admin.add(org_id)
            return OrganisationMembership.Role.ADMIN
        return (
            OrganisationMembership.Role.CHAMPION
            if n % 30 == 1
            else OrganisationMembership.Role.MEMBER
        )

    register = RegisterGenerator(ctx.random_for(REGISTER_SEED_NAME), now)

    def save(batch: list[tuple[User, list[str], bool, str | None, bool]], claims=True) -> None:
        users = [u for u, *_ in batch]
        User.objects.bulk_create(users, batch_size=ctx.batch_size)
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user_id=u.pk, email=u.email, verified=verified, primary=True)
                for u, _, verified, _, _ in batch
            ],
            batch_size=ctx.batch_size,
        )
        members = [(u, member) for u, *_, member in batch]
        HostMembershipRecord.objects.bulk_create(register.rows(members), batch_size=ctx.batch_size)
        if claims:
            HostMembershipClaim.objects.bulk_create(
                register.claims(members), batch_size=ctx.batch_size
            )
        memberships = []
        for u, _, _, role, _ in batch:
            if u.organisation_id is None:
                continue
            if role is None:
                role = org_role(u.organisation_id)
            else:
                counts[u.organisation_id] = counts.get(u.organisation_id, 0) + 1
                if role == OrganisationMembership.Role.ADMIN:
                    has_admin.add(u.organisation_id)
            memberships.append(
                OrganisationMembership(
                    organisation_id=u.organisation_id,
                    user_id=u.pk,
                    role=role,
                    # Demo staff joined as their organisation's bulk onboarding would.
                    verified_via=OrganisationMembership.Verification.ONBOARDING,
                    created_at=u.date_joined,
                )
            )
        OrganisationMembership.objects.bulk_create(memberships, batch_size=ctx.batch_size)
        through.objects.bulk_create(
            [
                through(user_id=u.pk, expertisetag_id=tags[t])
                for u, names_, *_ in batch
                for t in names_
            ],
            batch_size=ctx.batch_size,
        )
        ctx.user_ids.extend(u.pk for u in users)

    demo = _demo_users(orgs_by_name, professions, password_hash, now)
    save(demo, claims=False)
    ctx.demo_users = {d.key: u.pk for d, (u, *_) in zip(DEMO_LOGINS, demo, strict=True)}
    ctx.shared["accounts"] = {"host_organisation_id": orgs_by_name[HEAD_ORGANISATIONS[0][0]].pk}

    generator = PeopleGenerator(rng, orgs, professions, tags, password_hash, now)
    total = ctx.scale.users - len(demo)
    progress = Progress("people", total, ctx.log, every=max(ctx.batch_size, total // 10))

    def people() -> Iterator[tuple[User, list[str], bool, None, bool]]:
        for index in range(1, total + 1):
            user, expertise, verified, member = generator.person(index)
            yield user, expertise, verified, None, member

    for batch in batched(people(), ctx.batch_size):
        save(batch)
        progress.advance(len(batch))


def reset_accounts(ctx: SeedContext) -> None:
    """Delete the demo people (every address ends in ``.example``) and the demo
    organisations nobody else has joined."""
    rows = HostMembershipRecord.objects.filter(email__endswith=DEMO_EMAIL_SUFFIX).delete()[0]
    ctx.log(f"    deleted {rows:,} demo register rows")
    ids = list(User.objects.filter(email__endswith=DEMO_EMAIL_SUFFIX).values_list("pk", flat=True))
    for chunk in batched(ids, 2000):
        User.objects.filter(pk__in=chunk).delete()
    ctx.log(f"    deleted {len(ids):,} demo people")
    rng = ctx.random_for(ORGANISATIONS_SEED_NAME)
    largest = max(s.organisations for s in SCALES.values())
    specs = organisation_specs(rng)
    demo_names = [next(specs).name for _ in range(largest)]
    deleted = 0
    for chunk in batched(demo_names, 500):
        deleted += Organisation.objects.filter(
            name__in=chunk, people__isnull=True, memberships__isnull=True
        ).delete()[0]
    ctx.log(f"    deleted {deleted:,} demo organisations")


def is_seeded() -> bool:
    return User.objects.filter(email=DEMO_LOGINS[0].email).exists()
