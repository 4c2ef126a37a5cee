"""An event may carry its title and description in Welsh too; both pass the guard."""

import pytest
from django.core.exceptions import ValidationError

from practice_commons.confidentiality.guard import ConfidentialityBlocked
from practice_commons.events import services
from practice_commons.events.models import Event

from .conftest import event_data

pytestmark = pytest.mark.django_db


def test_an_event_is_created_with_its_welsh_title_and_description(organiser, host_org):
    # Capitalised Welsh words are not taken for names: no confirmation is asked for.
    event = services.event_create(
        actor=organiser,
        data=event_data(
            organisation=host_org,
            title_cy="Adnabod esgeulustod gyda'n gilydd",
            description_cy="Hyfforddiant amlasiantaethol ar y cyd i weithwyr cymdeithasol.",
        ),
    )
    event.refresh_from_db()
    assert event.title_cy == "Adnabod esgeulustod gyda'n gilydd"
    assert event.description_cy.startswith("Hyfforddiant amlasiantaethol")


def test_the_welsh_description_passes_the_guard_and_nothing_is_stored(organiser, host_org):
    with pytest.raises(ConfidentialityBlocked):
        services.event_create(
            actor=organiser,
            data=event_data(
                title="Guarded event",
                organisation=host_org,
                description_cy="Rhif GIG y plentyn yw 943 476 5919.",
            ),
        )
    assert not Event.objects.filter(title="Guarded event").exists()


def test_a_welsh_title_too_long_is_refused_with_its_label(organiser, host_org):
    with pytest.raises(ValidationError) as exc:
        services.event_create(
            actor=organiser,
            data=event_data(title="Long Welsh", organisation=host_org, title_cy="a" * 201),
        )
    assert "title_cy" in exc.value.message_dict
    assert not Event.objects.filter(title="Long Welsh").exists()


def test_the_organiser_adds_a_welsh_title_later(event, organiser):
    services.event_update(
        actor=organiser,
        event=event,
        data={"title_cy": "Teitl Cymraeg"},
        confidentiality_acknowledged=True,
    )
    event.refresh_from_db()
    assert event.title_cy == "Teitl Cymraeg"


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("cy", "Adnabod esgeulustod gyda'n gilydd", "Recognising neglect together"),
        ("en-gb", "Recognising neglect together", "Adnabod esgeulustod gyda'n gilydd"),
    ],
)
def test_the_event_page_and_list_show_the_readers_version(
    client, organiser, host_org, language, shown, not_shown
):
    from django.utils.html import escape

    from practice_commons.accounts.tests.factories import UserFactory

    event = services.event_create(
        actor=organiser,
        data=event_data(organisation=host_org, title_cy="Adnabod esgeulustod gyda'n gilydd"),
        publish=True,
        confidentiality_acknowledged=True,
    )
    client.force_login(UserFactory(language=language))
    for url in (event.get_absolute_url(), "/events/"):
        page = client.get(url).content.decode()
        assert escape(shown) in page, url
        assert escape(not_shown) not in page, url
