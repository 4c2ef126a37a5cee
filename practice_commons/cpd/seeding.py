"""Demo CPD drafts: one for each attendance the events seeder recorded, built from the
same payload ``events`` sends with ``attendance_recorded`` (so a seeded draft is what
the live path would have made). Streamed and inserted in batches."""

from decimal import Decimal

from practice_commons.core.seeding import SeedContext, bulk_insert, register_seeder
from practice_commons.events.models import Registration
from practice_commons.events.services import attendance_payload

from .models import CpdRecord
from .services import ACTIVITY_TYPES, ActivityType

DEMO_SUFFIX = ".example"


def seed_cpd(ctx: SeedContext) -> None:
    attended = (
        Registration.objects.filter(attended_at__isnull=False, user__email__endswith=DEMO_SUFFIX)
        .select_related("event", "event__community", "event__organisation")
        .order_by("pk")
    )

    def rows():
        for registration in attended.iterator(chunk_size=ctx.batch_size):
            p = attendance_payload(registration.event, registration.user_id)
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


def reset_cpd(ctx: SeedContext) -> None:
    deleted = CpdRecord.objects.filter(user__email__endswith=DEMO_SUFFIX).delete()[0]
    ctx.log(f"    deleted {deleted:,} demo CPD records")


register_seeder("cpd", seed_cpd, order=500, reset=reset_cpd)
