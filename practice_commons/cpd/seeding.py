"""Demo CPD drafts: one for each attendance the events seeder recorded, built from the
same payload ``events`` sends with ``attendance_recorded`` (so a seeded draft is what
the live path would have made). Streamed and inserted in batches."""

from decimal import Decimal

from django.utils import timezone

from practice_commons.core.seeding import SeedContext, bulk_insert, register_seeder
from practice_commons.events.models import Event, Registration
from practice_commons.events.services import attendance_payload

from .models import CpdRecord, RecordStatus
from .services import ACTIVITY_TYPES, ActivityType

DEMO_SUFFIX = ".example"
DEMO_MEMBER = "member@practicecommons.example"
# What the demo member wrote in one finished record, so the progress page has something.
DEMO_REFLECTION = {
    "what_learnt": (
        "Hearing how a health visitor and a teacher read the same early signs showed me "
        "how much each agency sees that the others do not."
    ),
    "impact": (
        "I now ask health and school colleagues for their view at the start of an "
        "assessment, not once a plan is drafted."
    ),
}


def _attended_payloads(batch_size: int):
    """``attendance_recorded``'s payload for each demo attendance, event by event: each
    event is read once, not once per person who attended it."""
    attended = (
        Registration.objects.filter(attended_at__isnull=False, user__email__endswith=DEMO_SUFFIX)
        .order_by("event_id", "pk")
        .values_list("event_id", "user_id")
    )
    events = Event.objects.select_related("community", "organisation")
    event = None
    for event_id, user_id in attended.iterator(chunk_size=batch_size):
        if event is None or event.pk != event_id:
            event = events.get(pk=event_id)
        yield attendance_payload(event, user_id)


def seed_cpd(ctx: SeedContext) -> None:
    def rows():
        for p in _attended_payloads(ctx.batch_size):
            description = f"Attended: {p['title']}, hosted by {p['organisation_name']}."
            yield CpdRecord(
                user_id=p["user_id"],
                source_kind=p["source_kind"],
                source_id=p["source_id"],
                title=p["title"][:200],
                date=p["date"],
                hours=Decimal(p["hours"]),
                activity_type=ACTIVITY_TYPES.get(p["activity_type"], ActivityType.OTHER),
                description=description,
                peer_reflection=p["peer_reflection"],
                community_id=p["community_id"],
                community_name=p["community_name"][:120],
            )

    made = bulk_insert(CpdRecord, rows(), batch_size=ctx.batch_size)
    ctx.log(f"    {made:,} draft CPD records")
    _finish_one_for_the_demo_member()


def _finish_one_for_the_demo_member() -> None:
    """The demo member's latest draft (other than the one the seeding test follows) made
    final with a written reflection, as a person would through the form."""
    record = (
        CpdRecord.objects.filter(user__email=DEMO_MEMBER, status=RecordStatus.DRAFT)
        .exclude(title__startswith="Working with parental")
        .order_by("-date", "-pk")
        .first()
    )
    if record is None:
        return
    now = timezone.now()
    written = dict(DEMO_REFLECTION)
    if not record.description:
        written["description"] = f"Attended: {record.title}."
    CpdRecord.objects.filter(pk=record.pk).update(
        status=RecordStatus.FINAL, finalised_at=now, updated_at=now, **written
    )


def reset_cpd(ctx: SeedContext) -> None:
    deleted = CpdRecord.objects.filter(user__email__endswith=DEMO_SUFFIX).delete()[0]
    ctx.log(f"    deleted {deleted:,} demo CPD records")


register_seeder("cpd", seed_cpd, order=500, reset=reset_cpd)
