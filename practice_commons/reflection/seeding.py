"""Demo reflective sessions for ``manage.py seed_demo`` (discovered by ``core.seeding``).

Every reflective-session event the events seeder made gets its session; the demo
communities (the Wednesday reflective set, the ASYE peer supervision group, the
decision-making action learning set) also get a run of past monthly sessions with
attendance, feedback (some quoted, anonymously, on the community page), and one coming
up. Material older than the retention period is already purged, as the scheduled task
would have done. Rows are inserted in bulk, batch by batch (no notification or audit
entry per row); what is written is what the services would store.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from practice_commons.communities.models import Community, CommunityMembership, MembershipStatus
from practice_commons.core.bulk import batched
from practice_commons.core.seeding import SeedContext, bulk_insert, register_seeder
from practice_commons.events.models import (
    LONDON,
    Audience,
    Event,
    EventKind,
    EventStatus,
    Registration,
    RegistrationStatus,
)

from .models import (
    ActionCommitment,
    Participant,
    PrivateNote,
    ReflectiveSession,
    SessionFeedback,
    SessionFormat,
    Stage,
)
from .seeding_content import ACTIONS, DEMO_SERIES, NOTES, SUMMARIES, TESTIMONIALS, THEMES

ONLINE = "https://meet.example.org/practice-commons/reflective-"
DEMO_SUFFIX = ".example"


def _retention_cutoff(now: datetime) -> datetime:
    return now - timedelta(days=int(getattr(settings, "REFLECTION_RETENTION_DAYS", 90)))


def _session_for(
    event: Event, *, rng, now: datetime, session_format: str = ""
) -> ReflectiveSession:
    past = event.ends_at < now
    purged = past and event.ends_at < _retention_cutoff(now)
    return ReflectiveSession(
        event_id=event.pk,
        community_id=event.community_id,
        facilitator_id=event.organiser_id,
        theme=rng.choice(THEMES),
        format=session_format or rng.choice(SessionFormat.values),
        trial_allowed=event.trial_allowed,
        stage=Stage.CLOSED if past else Stage.SCHEDULED,
        opened_at=event.starts_at - timedelta(minutes=5) if past else None,
        closed_at=event.ends_at if past else None,
        presenter_summary="" if purged or not past else rng.choice(SUMMARIES),
        material_purged_at=now if purged else None,
        created_at=min(event.created_at, now),
        updated_at=now,
    )


def _demo_events(ctx: SeedContext, now: datetime) -> list[tuple[Event, str]]:
    """Monthly sessions for the demo communities, past and coming up."""
    by_key = ctx.shared.get("communities", {}).get("by_key", {})
    organisers = dict(
        Community.objects.filter(pk__in=list(by_key.values())).values_list("pk", "created_by_id")
    )
    fallback = ctx.demo_users.get("facilitator") or ctx.demo_users.get("host_admin")
    today = timezone.localdate()
    made = []
    for key, title, session_format, past, upcoming in DEMO_SERIES:
        community_id = by_key.get(key)
        if community_id is None:
            continue
        organiser = fallback if key in ("reflective-set", "asye") else organisers.get(community_id)
        for i in range(-past, upcoming):
            day = today + timedelta(days=28 * i + (12 if i >= 0 else 0))
            start = datetime.combine(day, time(9, 30)).replace(tzinfo=LONDON)
            event = Event(
                title=title,
                description=(
                    "A reflective peer session of the community. Book your place, confirm the "
                    "group rules and join the session from its page in Reflective sessions."
                ),
                kind=EventKind.REFLECTIVE_SESSION,
                status=EventStatus.PUBLISHED,
                organiser_id=organiser or fallback,
                community_id=community_id,
                starts_at=start,
                ends_at=start + timedelta(minutes=90),
                format="online",
                online_url=f"{ONLINE}{key}-{i + past}",
                capacity=8,
                audience=Audience.MEMBERS,
                trial_allowed=key == "reflective-set",
                cpd_hours=Decimal("1.5"),
                created_at=now - timedelta(days=28 * past + 14),
                updated_at=now,
                published_at=now - timedelta(days=28 * past + 14),
            )
            made.append((event, session_format))
    return made


def seed_reflection(ctx: SeedContext) -> None:
    rng, now = ctx.rng, timezone.now()
    demo = _demo_events(ctx, now)
    Event.objects.bulk_create([e for e, _f in demo])
    formats = {e.pk: f for e, f in demo}

    members: dict[int, list[int]] = {}
    community_ids = {e.community_id for e, _f in demo}
    for community_id, user_id in (
        CommunityMembership.objects.filter(
            community_id__in=community_ids, status=MembershipStatus.ACTIVE
        )
        .values_list("community_id", "user_id")
        .order_by("community_id", "user_id")
    ):
        members.setdefault(community_id, []).append(user_id)
    member_id = ctx.demo_users.get("member")

    # Places at the new demo sessions: up to the capacity, the demo member first where
    # they belong; past sessions' places are attended.
    def registration_rows():
        for event, _f in demo:
            pool = [pk for pk in members.get(event.community_id, []) if pk != event.organiser_id]
            chosen = [member_id] if member_id in pool else []
            others = [pk for pk in pool if pk != member_id]
            chosen += rng.sample(others, min(len(others), event.capacity - len(chosen) - 1))
            past = event.ends_at < now
            for seq, user_id in enumerate(chosen, start=1):
                created = min(event.starts_at - timedelta(days=7, minutes=seq), now)
                yield Registration(
                    event_id=event.pk,
                    user_id=user_id,
                    status=RegistrationStatus.CONFIRMED,
                    sequence=seq,
                    created_at=created,
                    updated_at=created,
                    confirmed_at=created,
                    attended_at=event.starts_at + timedelta(minutes=2) if past else None,
                    attendance_marked_by_id=event.organiser_id if past else None,
                )
            event.registration_seq = len(chosen)

    bulk_insert(Registration, registration_rows(), batch_size=ctx.batch_size)
    Event.objects.bulk_update([e for e, _f in demo], ["registration_seq"])

    # Every reflective-session event in a community gets its session (the events
    # seeder's too), batch by batch.
    events = (
        Event.objects.filter(
            kind=EventKind.REFLECTIVE_SESSION,
            community__isnull=False,
            reflective_session__isnull=True,
        )
        .only(
            "pk",
            "title",
            "community_id",
            "organiser_id",
            "trial_allowed",
            "starts_at",
            "ends_at",
            "created_at",
        )
        .order_by("pk")
    )
    sessions = 0
    for batch in batched(events.iterator(chunk_size=ctx.batch_size), ctx.batch_size):
        rows = [
            _session_for(e, rng=rng, now=now, session_format=formats.get(e.pk, "")) for e in batch
        ]
        ReflectiveSession.objects.bulk_create(rows, batch_size=ctx.batch_size)
        _seed_session_details(ctx, rows, titles={e.pk: e.title for e in batch}, now=now)
        sessions += len(rows)
    ctx.log(
        f"    {sessions:,} reflective sessions, {SessionFeedback.objects.count():,} "
        f"feedback, {ActionCommitment.objects.count():,} actions"
    )


def _seed_session_details(
    ctx: SeedContext, sessions: list[ReflectiveSession], *, titles: dict[int, str], now
) -> None:
    """Participants (everyone with a place has confirmed the rules; past attendees
    joined), a presenter, feedback from past attendees, actions within retention, and
    the demo member's own notes."""
    rng = ctx.rng
    by_event = {s.event_id: s for s in sessions}
    places: dict[int, list[tuple[int, bool]]] = {}
    for event_id, user_id, attended in (
        Registration.objects.filter(
            event_id__in=list(by_event), status=RegistrationStatus.CONFIRMED
        )
        .values_list("event_id", "user_id", "attended_at")
        .order_by("event_id", "sequence")
    ):
        places.setdefault(event_id, []).append((user_id, attended is not None))
    participants, feedback, actions, notes, presenters = [], [], [], [], []
    member_id = ctx.demo_users.get("member")
    for event_id, session in by_event.items():
        people = places.get(event_id, [])
        past = session.stage == Stage.CLOSED
        for position, (user_id, attended) in enumerate(people, start=1):
            joined = session.opened_at if past and attended else None
            participants.append(
                Participant(
                    session_id=session.pk,
                    user_id=user_id,
                    rules_version=1,
                    rules_confirmed_at=min(session.created_at + timedelta(days=1), now),
                    rules_confirmed_by_id=user_id,
                    joined_at=joined,
                    position=position if joined else None,
                )
            )
            if past and attended and rng.random() < 0.7:
                quote = rng.choice(TESTIMONIALS) if rng.random() < 0.6 else ""
                feedback.append(
                    SessionFeedback(
                        session_id=session.pk,
                        user_id=user_id,
                        usefulness=rng.choice([3, 4, 4, 5, 5, 5]),
                        gave_you=quote,
                        consent_to_quote=bool(quote) and rng.random() < 0.8,
                        created_at=min(
                            (session.closed_at or now) + timedelta(hours=rng.randint(1, 48)), now
                        ),
                    )
                )
            if past and attended and user_id == member_id:
                notes.append(
                    PrivateNote(
                        author_id=user_id,
                        session_id=session.pk,
                        session_title=titles.get(event_id, "")[:200],
                        body=rng.choice(NOTES),
                        created_at=session.closed_at or now,
                        updated_at=session.closed_at or now,
                    )
                )
        if people:
            presenter_id = rng.choice([u for u, _a in people])
            session.presenter_id = presenter_id
            presenters.append(session)
            if past and session.material_purged_at is None:
                for text in rng.sample(ACTIONS, 2):
                    actions.append(
                        ActionCommitment(
                            session_id=session.pk,
                            text=text,
                            created_by_id=presenter_id,
                            created_at=session.closed_at or now,
                        )
                    )
    bulk_insert(Participant, participants, batch_size=ctx.batch_size)
    bulk_insert(SessionFeedback, feedback, batch_size=ctx.batch_size)
    bulk_insert(ActionCommitment, actions, batch_size=ctx.batch_size)
    bulk_insert(PrivateNote, notes, batch_size=ctx.batch_size)
    ReflectiveSession.objects.bulk_update(presenters, ["presenter"], batch_size=ctx.batch_size)


def reset_reflection(ctx: SeedContext) -> None:
    deleted = ReflectiveSession.objects.filter(
        event__organiser__email__endswith=DEMO_SUFFIX
    ).delete()[0]
    ctx.log(f"    deleted {deleted:,} demo reflective session rows")


register_seeder("reflection", seed_reflection, order=450, reset=reset_reflection)
