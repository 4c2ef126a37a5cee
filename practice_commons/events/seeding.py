"""Demo events for ``manage.py seed_demo`` (discovered by ``core.seeding``).

A realistic programme across the UK: joint training courses (a rolling half-day
programme with co-hosts and a profession mix), practitioners' forums, reflective
sessions, a visit, socials, a conference, a recurring forum (every two months on the
first Tuesday, made with ``dateutil.rrule``), and a past course whose attendance is
recorded. Rows are inserted in bulk, not through the services (no notification or audit
entry per row); what is written is what the services would store: places never exceed
capacity, the profession mix holds, the waiting list follows ``sequence``.

Larger scales add generated events across the communities and organisations the
earlier seeders made, registrations streamed batch by batch.
"""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from practice_commons.accounts.models import Organisation, Profession, User
from practice_commons.communities.models import Community, CommunityMembership, MembershipStatus
from practice_commons.core.bulk import insert_rows
from practice_commons.core.seeding import SeedContext, bulk_insert, register_seeder

from . import recurrence
from .models import (
    LONDON,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    Series,
    WaitlistReason,
    wall_clock_end,
)
from .seeding_content import (
    DEMO_EVENTS,
    GENERATED_DESCRIPTION,
    GENERATED_TITLES,
    GENERATED_TOPICS,
    ONLINE,
    SERIES,
)

GENERATED = {"small": 0, "large": 300, "national": 50_000}
REGISTRATION_FIELDS = (
    "event",
    "user",
    "status",
    "sequence",
    "waitlist_reason",
    "organisation",
    "profession",
    "is_trial",
    "created_at",
    "updated_at",
    "confirmed_at",
    "attended_at",
    "attendance_marked_by",
)
DEMO_SUFFIX = ".example"


def _start(day: date, at: str) -> datetime:
    return datetime.combine(day, time.fromisoformat(at)).replace(tzinfo=LONDON)


def _everyone() -> dict[int, tuple[int | None, int | None]]:
    """Every person's profession and organisation, read once for thousands of events."""
    rows = User.objects.values_list("pk", "profession_id", "organisation_id")
    return {pk: (p, o) for pk, p, o in rows.iterator(chunk_size=20_000)}


def _registrations_for(
    event: Event,
    *,
    candidates: list[int],
    demo: dict[int, str],
    rng,
    fill: float,
    now: datetime,
    people: dict[int, tuple[int | None, int | None]],
):
    """Registration rows for one event (``REGISTRATION_FIELDS`` values), following the
    services' rules: places up to capacity (and the profession share), then a waiting
    list in arrival order. ``people`` maps a person to their profession and organisation
    (:func:`_everyone`)."""
    limit = event.profession_limit()
    wanted = int((event.capacity or rng.randint(10, 40)) * fill)
    extra_waiting = rng.randint(2, 5) if fill >= 1 and event.capacity else 0
    source = [pk for pk in candidates if pk not in demo] if demo else candidates
    sample = rng.sample(source, min(len(source), wanted + extra_waiting))
    held: dict[int | None, int] = {}
    places = 0
    seq = 0
    past = event.ends_at < now
    rows = []
    order = [(pk, demo[pk]) for pk in demo] + [(pk, "") for pk in sample]
    for pk, wish in order:
        profession, organisation = people.get(pk, (None, None))
        seq += 1
        full = event.capacity is not None and places >= event.capacity
        mix_full = limit is not None and held.get(profession, 0) >= limit
        if wish == "waitlisted" or full or mix_full:
            status = RegistrationStatus.WAITLISTED
            reason = WaitlistReason.PROFESSION_MIX if mix_full and not full else WaitlistReason.FULL
        else:
            status, reason = RegistrationStatus.CONFIRMED, WaitlistReason.NONE
            places += 1
            held[profession] = held.get(profession, 0) + 1
        registered = event.starts_at - timedelta(days=rng.randint(2, 30), minutes=seq)
        attended = (
            past
            and status == RegistrationStatus.CONFIRMED
            and (wish == "attended" or (not wish and rng.random() < 0.85))
        )
        at = min(registered, now)
        confirmed = status == RegistrationStatus.CONFIRMED
        rows.append(
            (
                event.pk,
                pk,
                status,
                seq,
                reason,
                organisation,
                profession,
                False,
                at,
                at,
                at if confirmed else None,
                event.starts_at + timedelta(minutes=5) if attended else None,
                event.organiser_id if attended else None,
            )
        )
    return rows, seq


def _demo_events(ctx: SeedContext, now: datetime) -> list[tuple[Event, object]]:
    demo, today = ctx.demo_users, timezone.localdate()
    communities = ctx.shared.get("communities", {}).get("by_key", {})
    names = {n for spec in DEMO_EVENTS for n in (spec.organisation, *spec.co_hosts) if n}
    names.add(SERIES["organisation"])
    orgs = dict(Organisation.objects.filter(name__in=names).values_list("name", "pk"))
    fallback = demo.get("host_admin")
    events = []
    for spec in DEMO_EVENTS:
        start = _start(today + timedelta(days=spec.day), spec.start)
        organiser = demo.get(spec.organiser) or fallback
        if spec.community and not communities.get(spec.community):
            community_id = None
        else:
            community_id = communities.get(spec.community)
        events.append(
            (
                Event(
                    title=spec.title,
                    description=spec.description,
                    kind=spec.kind,
                    status=EventStatus.PUBLISHED,
                    organiser_id=organiser,
                    community_id=community_id,
                    organisation_id=orgs.get(spec.organisation),
                    starts_at=start,
                    ends_at=wall_clock_end(start, timedelta(hours=spec.hours)),
                    format=spec.format,
                    venue=spec.venue,
                    address=spec.address,
                    online_url=ONLINE + spec.key if spec.format != "in_person" else "",
                    nation=spec.nation,
                    area=spec.area,
                    capacity=spec.capacity,
                    contact_name="Events team",
                    contact_email=f"events@{spec.key}.example",
                    audience=spec.audience,
                    trial_allowed=spec.trial_allowed,
                    max_profession_share=spec.max_share,
                    cpd_hours=Decimal(str(spec.cpd_hours)),
                    show_attendee_names=spec.show_names,
                    created_at=now - timedelta(days=40),
                    updated_at=now - timedelta(days=40),
                    published_at=now - timedelta(days=40),
                ),
                spec,
            )
        )
    return events


def _series(ctx: SeedContext, now: datetime) -> tuple[Series, list[Event]]:
    demo = ctx.demo_users
    communities = ctx.shared.get("communities", {}).get("by_key", {})
    organisation = Organisation.objects.filter(name=SERIES["organisation"]).first()
    today = timezone.localdate()
    first = datetime.combine(today, time.fromisoformat(SERIES["start"]))
    rule = recurrence.build_rule(
        frequency="monthly", interval=2, weekday=1, ordinal="1", count=SERIES["count"], start=first
    )
    series = Series.objects.create(
        title=SERIES["title"],
        organiser_id=demo.get("org_admin") or demo.get("host_admin"),
        community_id=communities.get(SERIES["community"]),
        organisation=organisation,
        rule=rule,
        start_date=today,
        start_time=first.time(),
        duration=timedelta(hours=SERIES["hours"]),
    )
    events = [
        Event(
            title=SERIES["title"],
            description=SERIES["description"],
            kind=SERIES["kind"],
            status=EventStatus.PUBLISHED,
            organiser_id=series.organiser_id,
            community_id=series.community_id,
            organisation=organisation,
            starts_at=start,
            ends_at=wall_clock_end(start, series.duration),
            venue=SERIES["venue"],
            address=SERIES["address"],
            nation="england",
            area=SERIES["area"],
            capacity=SERIES["capacity"],
            cpd_hours=Decimal(SERIES["cpd_hours"]),
            series=series,
            occurrence_date=start.date(),
            created_at=now,
            updated_at=now,
            published_at=now,
        )
        for start in series.local_starts()
    ]
    return series, events


def _generated_events(ctx: SeedContext, now: datetime, count: int):
    rng = ctx.rng
    communities = list(
        Community.objects.filter(archived_at__isnull=True)
        .values_list("pk", "name", "created_by_id")
        .order_by("pk")[:2000]
    )
    organisations = list(
        Organisation.objects.exclude(area="")
        .values_list("pk", "nation", "area")
        .order_by("pk")[:2000]
    )
    if not communities or not organisations:
        return
    kinds = list(GENERATED_TITLES)
    fallback = ctx.demo_users.get("host_admin")
    for _i in range(count):
        kind = rng.choice(kinds)
        topic = rng.choice(GENERATED_TOPICS)
        org_id, nation, area = rng.choice(organisations)
        community = rng.choice(communities) if rng.random() < 0.6 else None
        online = rng.random() < 0.35
        day = timezone.localdate() + timedelta(days=rng.randint(-60, 120))
        start = _start(day, rng.choice(["09:30", "10:00", "13:30", "15:00", "18:00"]))
        capacity = rng.choice([None, 12, 20, 30, 40, 60])
        yield Event(
            title=rng.choice(GENERATED_TITLES[kind]).format(topic=topic, area=area)[:200],
            description=GENERATED_DESCRIPTION.format(
                kind=kind.replace("_", " ").replace("practitioners forum", "forum"), topic=topic
            ),
            kind=kind,
            status=EventStatus.PUBLISHED,
            organiser_id=(community[2] if community else None) or fallback,
            community_id=community[0] if community else None,
            organisation_id=org_id,
            starts_at=start,
            ends_at=wall_clock_end(start, timedelta(hours=rng.choice([1, 2, 3]))),
            format="online" if online else "in_person",
            venue="" if online else f"{area} training centre",
            address="" if online else area,
            online_url=ONLINE + f"generated-{_i}" if online else "",
            nation="" if online else nation,
            area=area,
            capacity=capacity,
            max_profession_share=50 if kind == "joint_training" and capacity else None,
            cpd_hours=Decimal(rng.choice([0, 1, 2, 3])),
            created_at=now,
            updated_at=now,
            published_at=now,
        )


def seed_events(ctx: SeedContext) -> None:
    rng, now = ctx.rng, timezone.now()
    demo_ids = dict(ctx.demo_users)
    taken = set(demo_ids.values())
    pool = [pk for pk in ctx.user_ids if pk not in taken]

    demo = _demo_events(ctx, now)
    Event.objects.bulk_create([event for event, _spec in demo])
    profession_ids = dict(Profession.objects.values_list("slug", "pk"))
    org_ids = dict(Organisation.objects.values_list("name", "pk"))
    through_p, through_h = Event.target_professions.through, Event.co_hosts.through
    through_p.objects.bulk_create(
        [
            through_p(event_id=e.pk, profession_id=profession_ids[s])
            for e, spec in demo
            for s in spec.professions
            if s in profession_ids
        ]
    )
    through_h.objects.bulk_create(
        [
            through_h(event_id=e.pk, organisation_id=org_ids[n])
            for e, spec in demo
            for n in spec.co_hosts
            if n in org_ids
        ]
    )

    series, occurrences = _series(ctx, now)
    Event.objects.bulk_create(occurrences)

    members_of: dict[int, list[int]] = {}
    community_ids = {e.community_id for e, _s in demo if e.community_id}
    community_ids |= {e.community_id for e in occurrences if e.community_id}
    for community_id, user_id in CommunityMembership.objects.filter(
        community_id__in=community_ids, status=MembershipStatus.ACTIVE
    ).values_list("community_id", "user_id"):
        members_of.setdefault(community_id, []).append(user_id)

    sequences: list[Event] = []
    people = _everyone()

    def rows():
        for event, spec in [*demo, *[(e, None) for e in occurrences]]:
            candidates = members_of.get(event.community_id, pool) if event.community_id else pool
            wishes = {}
            if spec is not None:
                wishes = {
                    demo_ids[k]: v for k, v in spec.demo_registrations.items() if k in demo_ids
                }
            made, seq = _registrations_for(
                event,
                candidates=candidates,
                demo=wishes,
                rng=rng,
                fill=spec.fill if spec else 0.5,
                now=now,
                people=people,
            )
            event.registration_seq = seq
            sequences.append(event)
            yield from made

    insert_rows(Registration, REGISTRATION_FIELDS, rows(), batch_size=ctx.batch_size)
    Event.objects.bulk_update(sequences, ["registration_seq"], batch_size=ctx.batch_size)

    count = GENERATED.get(ctx.scale.name, 0)
    if count:

        def register(batch: list[Event]) -> None:
            """Each saved batch of events gets its registrations before the next is drawn,
            so memory holds one batch, not 50,000 events."""
            rows = []
            for event in batch:
                made, seq = _registrations_for(
                    event,
                    candidates=pool,
                    demo={},
                    rng=rng,
                    fill=rng.choice([0.2, 0.5, 0.8, 1.0]),
                    now=now,
                    people=people,
                )
                event.registration_seq = seq
                rows.extend(made)
            insert_rows(Registration, REGISTRATION_FIELDS, rows, batch_size=ctx.batch_size)
            Event.objects.bulk_update(batch, ["registration_seq"], batch_size=ctx.batch_size)

        bulk_insert(
            Event,
            _generated_events(ctx, now, count),
            batch_size=ctx.batch_size,
            on_batch=register,
        )

    ctx.shared["events"] = {"series_id": series.pk}
    ctx.log(f"    {Event.objects.count():,} events, {Registration.objects.count():,} registrations")


def reset_events(ctx: SeedContext) -> None:
    deleted = Event.objects.filter(organiser__email__endswith=DEMO_SUFFIX).delete()[0]
    deleted += Series.objects.filter(organiser__email__endswith=DEMO_SUFFIX).delete()[0]
    ctx.log(f"    deleted {deleted:,} demo event rows")


register_seeder("events", seed_events, order=400, reset=reset_events)
