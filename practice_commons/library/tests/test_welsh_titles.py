"""A library item may carry its title and summary in Welsh too: guarded, versioned."""

import pytest

from practice_commons.confidentiality.guard import ConfidentialityBlocked
from practice_commons.library import services
from practice_commons.library.models import LibraryItem
from practice_commons.library.selectors import version_diff

pytestmark = pytest.mark.django_db


def test_an_item_keeps_its_welsh_title_and_summary_in_every_version(make_item, member):
    item = make_item(
        member,
        publish=False,
        title_cy="Fforwm ymarferwyr y cyngor",
        summary_cy="Fforwm misol lle mae gweithwyr arweiniol yn dod â chynlluniau.",
        confidentiality_acknowledged=True,
    )
    item.refresh_from_db()
    assert item.title_cy == "Fforwm ymarferwyr y cyngor"
    assert item.versions.get(number=1).data["summary_cy"].startswith("Fforwm misol")


def test_the_welsh_summary_passes_the_guard_and_nothing_is_stored(make_item, member):
    with pytest.raises(ConfidentialityBlocked):
        make_item(member, publish=False, title="Guarded item", summary_cy="Rhif GIG 943 476 5919")
    assert not LibraryItem.objects.filter(title="Guarded item").exists()


def test_a_changed_welsh_title_shows_in_the_versions_difference(make_item, member):
    item = make_item(member, publish=False)
    services.item_update(
        actor=member, item=item, title_cy="Teitl newydd", confidentiality_acknowledged=True
    )
    assert [row.field for row in version_diff(item, 1, 2)] == ["title_cy"]


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("cy", "Fforwm ymarferwyr y cyngor", "A council&#x27;s CAF practitioners&#x27; forum"),
        ("en-gb", "A council&#x27;s CAF practitioners&#x27; forum", "Fforwm ymarferwyr y cyngor"),
    ],
)
def test_the_item_page_and_the_library_show_the_readers_version(
    client, make_item, member, language, shown, not_shown
):
    from practice_commons.accounts.tests.factories import HostAdminFactory, UserFactory

    item = make_item(
        member,
        reviewer=HostAdminFactory(),
        title_cy="Fforwm ymarferwyr y cyngor",
        confidentiality_acknowledged=True,
    )
    client.force_login(UserFactory(language=language))
    for url in (item.get_absolute_url(), "/library/"):
        page = client.get(url).content.decode()
        assert shown in page, url
        assert not_shown not in page, url
