"""The demo library, seeded after the people, communities and threads it builds on (the
seeders registered before it, run in order), and the knowledge map shows real gaps."""

import pytest

from practice_commons.accounts.models import User
from practice_commons.core.seeding import SCALES, SeedContext, discover_seeders, registered_seeders
from practice_commons.library import knowledge
from practice_commons.library.models import GlossaryTerm, ItemStatus, LibraryItem

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_library_and_the_map_shows_gaps():
    discover_seeders()
    ctx = SeedContext(scale=SCALES["small"], log=lambda *_: None)
    for seeder in registered_seeders():
        if seeder.order <= 350:
            seeder.func(ctx)
    titles = set(LibraryItem.objects.values_list("title", flat=True))
    assert {
        "A council's CAF practitioners' forum",
        "Restorative practice programme in adult services",
        "Joint training programme with police and teachers",
    } <= titles
    assert LibraryItem.objects.filter(status=ItemStatus.IN_REVIEW).exists()
    assert LibraryItem.objects.filter(endorsement_count__gt=0).exists()
    assert any(i.is_out_of_date for i in LibraryItem.objects.all())
    assert GlossaryTerm.objects.filter(term__in=["CIN", "LAC", "MASH", "Section 47"]).count() == 4
    admin = User.objects.get(pk=ctx.demo_users["host_admin"])
    kmap = knowledge.knowledge_map(admin)
    assert kmap.rows and kmap.gap_rows, "the demo data shows gaps on the map"
    assert any(r.counts["answered"] for r in kmap.rows)
