"""Every text of a story passes the confidentiality guard before anything is stored."""

import pytest

from practice_commons.confidentiality.testing import assert_service_guarded
from practice_commons.insights import services
from practice_commons.insights.models import ValueStory

pytestmark = pytest.mark.django_db

BASE = {
    "title": "Joint visits",
    "cycles": ["immediate"],
    "what_happened": "A thread.",
    "what_it_gave": "A contact.",
}


@pytest.mark.parametrize(
    "field", ["title", "what_happened", "what_it_gave", "how_used", "difference", "evidence"]
)
def test_story_texts_are_guarded(community, member, field):
    def write(text):
        services.story_create(actor=member, community=community, **{**BASE, field: text[:150]})

    assert_service_guarded(write, model=ValueStory, text="Jo Bloggs NHS 943 476 5919")


def test_non_member_cannot_write(community, outsider):
    from practice_commons.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.story_create(actor=outsider, community=community, **BASE)
    assert not ValueStory.objects.exists()
