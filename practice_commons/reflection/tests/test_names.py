"""Names people see: a person without a name cannot book a reflective session (the page
links to their profile); session titles and themes are names (``core.text``); other
texts' errors name the field."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice_commons.accounts.models import User
from practice_commons.events.models import Registration
from practice_commons.reflection import services
from practice_commons.reflection.forms import EditForm, ScheduleForm
from practice_commons.reflection.models import Participant

LOCAL_PART = "dafydd.douglas.111"
BOOK_MESSAGE = "Add your name to your profile before you book."


def test_booking_without_a_name_is_refused_with_a_link_to_the_profile(
    session, member_of, client_for
):
    nameless = member_of(full_name="", email=f"{LOCAL_PART}@example.org")
    with pytest.raises(services.SessionRefused) as caught:
        services.session_book(actor=nameless, session=session)
    assert caught.value.messages == [BOOK_MESSAGE]
    assert caught.value.code == "name_required"
    assert not Participant.objects.filter(user=nameless).exists()
    assert not Registration.objects.filter(user=nameless).exists()

    client = client_for(nameless)
    html = client.get(reverse("reflection:detail", args=[session.pk])).content.decode()
    assert BOOK_MESSAGE in html
    assert f'href="{reverse("accounts:profile_edit")}"' in html
    assert reverse("reflection:book", args=[session.pk]) not in html
    response = client.post(reverse("reflection:book", args=[session.pk]), follow=True)
    assert BOOK_MESSAGE in response.content.decode()


def test_a_participant_without_a_name_is_new_member_to_the_facilitator(
    session, member_of, book, facilitator, client_for
):
    person = member_of("Ana Anders", email=f"{LOCAL_PART}@example.org")
    book(person, session)
    User.objects.filter(pk=person.pk).update(full_name="")
    html = client_for(facilitator).get(session.get_absolute_url()).content.decode()
    live = client_for(facilitator).get(reverse("reflection:live", args=[session.pk]))
    for page in (html, live.content.decode()):
        assert "dafydd" not in page
    assert "New member" in live.content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "\u200b\u200b\u200b", "Title contains invisible or control characters"),
        ("theme", "Holding\u202euncertainty", "Theme contains invisible or control characters"),
        ("theme", "   ", "Enter theme."),
        ("title", "x" * 201, "Title must be 200 characters or fewer; yours is 201."),
    ],
)
def test_session_titles_and_themes_are_names(make_session, field, value, message):
    with pytest.raises(ValidationError) as caught:
        make_session(**{field: value})
    assert caught.value.message_dict[field][0].startswith(message)
    form = ScheduleForm({field: value})
    assert not form.is_valid()
    assert form.errors[field][0].startswith(message.rstrip("."))


def test_editing_a_theme_checks_it_as_a_name(session, facilitator):
    with pytest.raises(ValidationError, match="Theme contains invisible"):
        services.session_edit(
            actor=facilitator, session=session, theme="\u200bHolding", format="flexible"
        )
    edited = services.session_edit(
        actor=facilitator, session=session, theme="Cafe\u0301  conversations", format="flexible"
    )
    assert edited.theme == "Café conversations"
    assert "invisible" in EditForm({"theme": "\u200b", "format": "flexible"}).errors["theme"][0]


def test_other_texts_say_which_field_and_how_long(opened, facilitator, group):
    with pytest.raises(ValidationError) as caught:
        services.private_note_add(actor=group["ana"], session=opened, body="  ")
    assert caught.value.message_dict["body"] == ["Enter note."]
    with pytest.raises(ValidationError) as caught:
        services.private_note_add(actor=group["ana"], session=opened, body="x" * 100_000)
    assert caught.value.message_dict["body"][0].startswith("Note must be ")
    assert "yours is 100,000" in caught.value.message_dict["body"][0]
