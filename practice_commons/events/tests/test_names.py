"""Names people see: a person without a name is "New member" in registration lists (never
any part of their email address) and cannot book; event titles and contact names are
names (``core.text``); other fields' errors name the field."""

from datetime import time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts.models import User
from practice_commons.accounts.tests.factories import UserFactory
from practice_commons.events import services
from practice_commons.events.forms import EventForm
from practice_commons.events.models import Registration

from .conftest import event_data

LOCAL_PART = "dafydd.douglas.111"
BOOK_MESSAGE = "Add your name to your profile before you book."


@pytest.fixture
def nameless(db):
    return UserFactory(full_name="", email=f"{LOCAL_PART}@example.org")


def test_a_registrant_without_a_name_is_new_member_in_the_registration_lists(
    event, organiser, client_for, api_client_for
):
    person = UserFactory(email=f"{LOCAL_PART}@example.org")
    services.registration_create(actor=person, event=event)
    User.objects.filter(pk=person.pk).update(full_name="")

    client = client_for(organiser)
    html = client.get(reverse("events:registrations", args=[event.pk])).content.decode()
    assert "New member" in html and "dafydd" not in html
    csv = client.get(reverse("events:registrations_csv", args=[event.pk])).content.decode()
    assert "New member" in csv and "dafydd" not in csv
    response = api_client_for(organiser).get(f"/api/v1/events/{event.pk}/registrations")
    assert response.status_code == 200
    assert "dafydd" not in response.content.decode()
    assert "New member" in response.content.decode()


def test_booking_without_a_name_is_refused_with_a_link_to_the_profile(event, nameless, client_for):
    with pytest.raises(services.RegistrationRefused) as caught:
        services.registration_create(actor=nameless, event=event)
    assert caught.value.messages == [BOOK_MESSAGE]
    assert caught.value.code == "name_required"
    assert caught.value.params["profile_url"] == reverse("accounts:profile_edit")

    client = client_for(nameless)
    html = client.get(event.get_absolute_url()).content.decode()
    assert BOOK_MESSAGE in html
    assert f'href="{reverse("accounts:profile_edit")}"' in html
    assert reverse("events:register", args=[event.pk]) not in html
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert BOOK_MESSAGE in response.content.decode()
    assert not Registration.objects.filter(user=nameless).exists()


def test_registering_for_a_series_without_a_name_is_refused(organiser, host_org, nameless):
    series = services.series_create(
        actor=organiser,
        data=event_data(organisation=host_org, title="Evening forum"),
        rule="FREQ=WEEKLY;COUNT=3",
        start_date=(timezone.now() + timedelta(days=7)).date(),
        start_time=time(18, 0),
        end_time=time(20, 0),
        publish=True,
    )
    with pytest.raises(services.RegistrationRefused, match=BOOK_MESSAGE):
        services.series_register(actor=nameless, series=series)
    assert not Registration.objects.filter(user=nameless).exists()


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("\u200b\u200b\u200b", "Title contains invisible or control characters"),
        ("Neglect\u202etraining", "Title contains invisible or control characters"),
        ("  ", "Enter a title."),
        ("x" * 201, "Title must be 200 characters or fewer; yours is 201."),
    ],
)
def test_event_titles_are_names(make_event, title, message):
    with pytest.raises(ValidationError) as caught:
        make_event(title=title)
    assert caught.value.message_dict["title"][0].startswith(message)
    form = EventForm({"title": title})
    assert not form.is_valid()
    assert form.errors["title"][0].startswith(message)


def test_titles_and_contact_names_are_nfc_and_single_spaced(make_event):
    event = make_event(title="Cafe\u0301  conversations", contact_name="Zoe\u0308   Hart")
    assert event.title == "Café conversations" and event.contact_name == "Zoë Hart"
    with pytest.raises(ValidationError) as caught:
        make_event(contact_name="Zoe\u200b")
    assert "Contact name contains invisible" in caught.value.message_dict["contact_name"][0]


def test_other_event_fields_say_which_field_and_how_long(make_event):
    with pytest.raises(ValidationError) as caught:
        make_event(description="x" * 5001, venue="v" * 201, online_url="not a link")
    errors = caught.value.message_dict
    assert errors["description"] == [
        "Description must be 5,000 characters or fewer; yours is 5,001."
    ]
    assert errors["venue"] == ["Venue must be 200 characters or fewer; yours is 201."]
    assert errors["online_url"] == [
        "Enter online joining link as a full web address, like https://example.org"
    ]
