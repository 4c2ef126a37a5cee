import pytest
from django.core.management import call_command

from practice_commons.library.models import GlossaryTerm, ItemStatus, LibraryItem

pytestmark = pytest.mark.django_db


def test_seed_demo_fills_the_library(settings):
    call_command("seed_demo", "--scale", "small", verbosity=0)
    titles = set(LibraryItem.objects.values_list("title", flat=True))
    assert {
        "A council's CAF practitioners' forum",
        "Restorative practice programme in adult services",
        "Joint training programme with police and teachers",
    } <= titles
    assert LibraryItem.objects.filter(status=ItemStatus.IN_REVIEW).exists()
    assert LibraryItem.objects.filter(endorsement_count__gt=0).exists()
    assert GlossaryTerm.objects.filter(term__in=["CIN", "LAC", "MASH", "Section 47"]).count() == 4
