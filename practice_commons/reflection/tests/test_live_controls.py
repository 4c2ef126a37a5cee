"""The live view's buttons, one form per action: what each form accepts, and that
anything it does not (a non-numeric or unknown person, a turn of another session, an
unknown action) is a 400 with the reason on the page — with and without htmx — and
changes nothing."""

import pytest
from django.urls import reverse

from practice_commons.reflection import services
from practice_commons.reflection.models import ReflectiveSession, Stage

from .conftest import run_to_checkout

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def _control(session):
    return reverse("reflection:control", args=[session.pk])


def _version(session) -> int:
    return ReflectiveSession.objects.values_list("live_version", flat=True).get(pk=session.pk)


def _present(session, user) -> bool:
    return session.participants.get(user=user).is_present


@pytest.mark.parametrize("action", ["present", "left", "rules_in_room"])
@pytest.mark.parametrize("user_id", ["abc", "1.5", "", "999999"])
def test_a_bad_user_id_is_a_400_that_changes_nothing(
    client, opened, facilitator, group, action, user_id
):
    client.force_login(facilitator)
    before = _version(opened)
    response = client.post(_control(opened), {"action": action, "user": user_id})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose someone from the list." in body
    assert "<html" in body and 'id="live-status"' in body  # the page, without JavaScript
    assert "<title>Error: " in body
    assert _version(opened) == before
    assert all(_present(opened, person) for person in group.values())


def test_a_bad_user_id_with_htmx_is_a_400_with_the_partial(client, opened, facilitator, group):
    client.force_login(facilitator)
    before = _version(opened)
    response = client.post(_control(opened), {"action": "left", "user": "abc"}, headers=HTMX)
    assert response.status_code == 400
    body = response.content.decode()
    assert "<html" not in body and 'id="live-status"' in body
    assert "Choose someone from the list." in body
    assert _version(opened) == before
    assert _present(opened, group["ana"])


@pytest.mark.parametrize("data", [{"action": "dance"}, {"action": ""}, {}])
def test_an_unknown_action_is_a_400_that_changes_nothing(client, opened, facilitator, data):
    client.force_login(facilitator)
    before = _version(opened)
    for headers in ({}, HTMX):
        response = client.post(_control(opened), data, headers=headers)
        assert response.status_code == 400
        assert "Unknown action." in response.content.decode()
    assert _version(opened) == before


def test_someone_without_a_place_cannot_be_chosen(client, opened, facilitator, member_of, outsider):
    """Only people with a place are in the list: another member, or someone from
    outside the community, is refused by the form (and their name is not shown)."""
    client.force_login(facilitator)
    before = _version(opened)
    for person in (member_of("Nadia Noplace"), outsider):
        response = client.post(_control(opened), {"action": "rules_in_room", "user": person.pk})
        assert response.status_code == 400
        body = response.content.decode()
        assert "Choose someone from the list." in body
        assert person.display_name not in body
    assert _version(opened) == before


def test_marking_someone_who_has_not_confirmed_the_rules(client, session, facilitator, member_of):
    """Someone who booked on the event's own page has a place but no participant row
    until they (or the facilitator, in the room) confirm the rules."""
    from practice_commons.events import services as event_services

    walk_in = member_of("Wren Walkin")
    event_services.registration_create(actor=walk_in, event=session.event)
    session = services.session_open(actor=facilitator, session=session)
    client.force_login(facilitator)
    before = _version(session)
    response = client.post(_control(session), {"action": "present", "user": walk_in.pk})
    assert response.status_code == 400
    assert "Wren Walkin has not confirmed the group rules yet." in response.content.decode()
    assert _version(session) == before
    response = client.post(_control(session), {"action": "rules_in_room", "user": walk_in.pk})
    assert response.status_code == 302
    response = client.post(_control(session), {"action": "present", "user": walk_in.pk})
    assert response.status_code == 302
    assert _present(session, walk_in)


def test_a_bad_presenter_changes_nothing(client, opened, facilitator, group):
    """Before, an unknown choice quietly cleared the presenter."""
    client.force_login(facilitator)
    for value in ("abc", "999999"):
        response = client.post(_control(opened), {"action": "presenter", "presenter": value})
        assert response.status_code == 400
        assert "Choose someone from the list." in response.content.decode()
    opened.refresh_from_db()
    assert opened.presenter == group["presenter"]
    # "Nobody yet" clears it, as the select offers.
    response = client.post(_control(opened), {"action": "presenter", "presenter": ""})
    assert response.status_code == 302
    opened.refresh_from_db()
    assert opened.presenter is None


def test_choosing_a_presenter_on_the_session_page_with_a_bad_id(
    client, session, facilitator, group
):
    client.force_login(facilitator)
    url = reverse("reflection:presenter", args=[session.pk])
    response = client.post(url, {"action": "choose", "presenter": "abc"}, follow=True)
    assert "Choose someone from the list." in response.content.decode()
    session.refresh_from_db()
    assert session.presenter == group["presenter"]


def _turn_elsewhere(make_session, facilitator, member_of, book):
    """A turn taken in another session of the same community."""
    other = make_session(in_minutes=45)
    speaker, presenter = member_of("Sam Elsewhere"), member_of("Pia Elsewhere")
    book(speaker, other)
    book(presenter, other)
    services.presenter_set(actor=presenter, session=other, user=presenter)
    services.session_open(actor=facilitator, session=other)
    services.session_join(actor=speaker, session=other)
    other = services.stage_set(actor=facilitator, session=other, stage=Stage.REFLECTIONS)
    return services.turn_next(actor=facilitator, session=other)


def test_heron_tags_only_on_a_turn_of_this_session(
    client, opened, facilitator, make_session, member_of, book
):
    session = services.stage_set(actor=facilitator, session=opened, stage=Stage.REFLECTIONS)
    turn = services.turn_next(actor=facilitator, session=session)
    elsewhere = _turn_elsewhere(make_session, facilitator, member_of, book)
    client.force_login(facilitator)
    for value in ("abc", "", str(elsewhere.pk), "999999"):
        response = client.post(
            _control(session), {"action": "heron", "turn": value, "tags": ["confronting"]}
        )
        assert response.status_code == 400
        assert "That turn is not part of this session." in response.content.decode()
    elsewhere.refresh_from_db()
    assert elsewhere.heron_tags == []
    response = client.post(
        _control(session), {"action": "heron", "turn": turn.pk, "tags": ["not-a-category"]}
    )
    assert response.status_code == 400
    turn.refresh_from_db()
    assert turn.heron_tags == []
    response = client.post(
        _control(session), {"action": "heron", "turn": turn.pk, "tags": ["confronting"]}
    )
    assert response.status_code == 302
    turn.refresh_from_db()
    assert turn.heron_tags == ["confronting"]


@pytest.mark.parametrize(
    "minutes", ["", "abc", "0.2", "31", "1.01", "1:75", "20s", "90", "-1", "1:30:00", "2 hours"]
)
def test_a_bad_timer_is_a_400_with_the_reason(client, opened, facilitator, minutes):
    client.force_login(facilitator)
    response = client.post(_control(opened), {"action": "timer", "minutes": minutes})
    assert response.status_code == 400
    assert (
        "Enter the time for each turn in minutes and seconds, like 1:30, 90s or 2 (for 2 "
        "minutes), from 30 seconds to 30 minutes."
    ) in response.content.decode()
    before = opened.turn_seconds
    opened.refresh_from_db()
    assert opened.turn_seconds == before


def test_each_form_gives_its_service_typed_values(client, opened, facilitator, group):
    client.force_login(facilitator)
    url = _control(opened)
    assert client.post(url, {"action": "timer", "minutes": "2.5"}).status_code == 302
    opened.refresh_from_db()
    assert opened.turn_seconds == 150
    assert client.post(url, {"action": "set_stage", "stage": "reflections"}).status_code == 302
    assert client.post(url, {"action": "next_turn"}).status_code == 302
    opened.refresh_from_db()
    assert opened.stage == Stage.REFLECTIONS
    assert client.post(url, {"action": "new_round", "focus": ""}).status_code == 302
    assert opened.rounds.count() == 2
    assert client.post(url, {"action": "left", "user": group["dee"].pk}).status_code == 302
    assert not _present(opened, group["dee"])


def test_a_stage_outside_the_format_is_a_400(client, opened, facilitator):
    client.force_login(facilitator)
    before = _version(opened)
    # Flexible groups have no clarifying questions stage.
    response = client.post(_control(opened), {"action": "set_stage", "stage": "questions"})
    assert response.status_code == 400
    assert "That stage is not part of this session" in response.content.decode()
    assert _version(opened) == before


def test_a_peer_supervision_round_focus_is_checked(
    client, make_session, facilitator, member_of, book
):
    session = make_session(session_format="peer_supervision")
    person = member_of()
    book(person, session)
    services.presenter_set(actor=person, session=session, user=person)
    services.session_open(actor=facilitator, session=session)
    session = services.stage_set(actor=facilitator, session=session, stage=Stage.REFLECTIONS)
    client.force_login(facilitator)
    response = client.post(_control(session), {"action": "new_round", "focus": "cosmic"})
    assert response.status_code == 400
    assert session.rounds.count() == 1
    response = client.post(_control(session), {"action": "new_round", "focus": "formative"})
    assert response.status_code == 302
    assert session.rounds.order_by("-number").first().focus == "formative"


def test_a_refusal_by_the_service_is_shown_as_before(client, opened, facilitator):
    """Valid input that the session's state does not allow is not a 400: the partial
    with the reason for htmx, a message after the redirect without."""
    session = run_to_checkout(opened, facilitator)
    services.session_close(actor=facilitator, session=session)
    client.force_login(facilitator)
    response = client.post(_control(session), {"action": "close"}, headers=HTMX)
    assert response.status_code == 200
    assert "This session has already closed." in response.content.decode()
    response = client.post(_control(session), {"action": "close"}, follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "This session has already closed." in response.content.decode()
