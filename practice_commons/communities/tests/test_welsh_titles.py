"""A community may carry its name and purpose in Welsh too; both pass the guard."""

import pytest
from django.core.exceptions import ValidationError

from practice_commons.communities import services
from practice_commons.communities.models import Community
from practice_commons.confidentiality.guard import ConfidentialityBlocked

from .factories import make_community

pytestmark = pytest.mark.django_db


def test_a_community_is_created_with_its_welsh_name_and_purpose():
    # The guard's name detectors know English better than Welsh: capitalised Welsh words
    # it does not know ask the writer to confirm (README, "Welsh").
    community = make_community(
        name="Kinship care practice",
        name_cy="Ymarfer gofal gan berthnasau",
        purpose_cy="Cymheiriaid yn myfyrio ar ymarfer gyda'i gilydd.",
        confidentiality_acknowledged=True,
    )
    community.refresh_from_db()
    assert community.name_cy == "Ymarfer gofal gan berthnasau"
    assert community.purpose_cy == "Cymheiriaid yn myfyrio ar ymarfer gyda'i gilydd."


def test_the_welsh_purpose_passes_the_guard_and_nothing_is_stored():
    with pytest.raises(ConfidentialityBlocked):
        make_community(name="Guarded", purpose_cy="Rhif GIG 943 476 5919")
    assert not Community.objects.filter(name="Guarded").exists()


def test_a_blank_welsh_name_is_allowed_but_an_invisible_one_is_refused():
    assert make_community(name="No Welsh").name_cy == ""
    with pytest.raises(ValidationError) as exc:
        make_community(name="Bad Welsh", name_cy="\u200b\u200b")
    assert "name_cy" in exc.value.message_dict


def test_facilitators_add_a_welsh_name_later():
    community = make_community(name="Later Welsh")
    owner = community.memberships.get(role="owner").user
    services.community_update(
        actor=owner,
        community=community,
        data={"name_cy": "Cymraeg yn nes ymlaen"},
        confidentiality_acknowledged=True,
    )
    community.refresh_from_db()
    assert community.name_cy == "Cymraeg yn nes ymlaen"


def _reader(language):
    from practice_commons.accounts.tests.factories import UserFactory

    return UserFactory(language=language)


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("cy", "Ymarfer gofal gan berthnasau", "Kinship care practice"),
        ("en-gb", "Kinship care practice", "Ymarfer gofal gan berthnasau"),
    ],
)
def test_the_page_and_the_directory_show_the_readers_version(client, language, shown, not_shown):
    community = make_community(
        name="Kinship care practice",
        name_cy="Ymarfer gofal gan berthnasau",
        confidentiality_acknowledged=True,
    )
    client.force_login(_reader(language))
    for url in (community.get_absolute_url(), "/communities/"):
        page = client.get(url).content.decode()
        assert shown in page, url
        assert not_shown not in page, url


def test_a_welsh_reader_sees_the_english_name_when_there_is_no_welsh_one(client):
    community = make_community(name="English only practice")
    client.force_login(_reader("cy"))
    assert "English only practice" in client.get(community.get_absolute_url()).content.decode()
