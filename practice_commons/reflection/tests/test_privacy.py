"""Nobody but its author ever reads a private note — not other attendees, not facilitators,
not host admins — on any page, through the API, in any export or in the Django admin.
And only a session's attendees see its summary and actions."""

import pytest
from django.contrib import admin
from django.urls import reverse

from practice_commons.reflection import selectors, services
from practice_commons.reflection.models import PrivateNote

from .conftest import run_to_checkout

pytestmark = pytest.mark.django_db

SECRET = "Only-for-me: I felt out of my depth today."
MATERIAL = "Summary-for-attendees: the pull to rescue is shared."
ACTION = "Action-for-attendees: book supervision."


@pytest.fixture
def world(
    opened, facilitator, group, host_admin, member_of, outsider, django_capture_on_commit_callbacks
):
    services.private_note_add(actor=group["ana"], session=opened, body=SECRET)
    services.presenter_summary_save(actor=group["presenter"], session=opened, text=MATERIAL)
    services.action_add(actor=group["presenter"], session=opened, text=ACTION)
    session = run_to_checkout(opened, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(
            actor=facilitator, session=session, user_ids=[p.pk for p in group.values()]
        )
    session = services.session_close(actor=facilitator, session=session)
    other_facilitator = member_of("Ola Otherfac")
    session.community.memberships.filter(user=other_facilitator).update(role="facilitator")
    return {
        "session": session,
        "author": group["ana"],
        "others": {
            "attendee": group["ben"],
            "presenter": group["presenter"],
            "facilitator": facilitator,
            "other facilitator": other_facilitator,
            "host admin": host_admin,
            "member not attending": member_of("Mo Member"),
            "non-member": outsider,
        },
    }


def _session_pages(session):
    slug = session.community.slug
    return [
        reverse("reflection:mine"),
        reverse("reflection:my_notes"),
        reverse("reflection:notes_export"),
        reverse("reflection:community", args=[slug]),
        reverse("reflection:insights", args=[slug]),
        reverse("reflection:insights_csv", args=[slug]),
        reverse("reflection:detail", args=[session.pk]),
        reverse("reflection:live", args=[session.pk]),
        reverse("reflection:attendance", args=[session.pk]),
        reverse("reflection:feedback", args=[session.pk]),
        session.community.get_absolute_url(),
        session.event.get_absolute_url(),
        reverse("events:registrations", args=[session.event_id]),
        reverse("events:registrations_csv", args=[session.event_id]),
        reverse("events:ics", args=[session.event_id]),
        reverse("cpd:list"),
        reverse("notifications:list"),
    ]


def test_no_page_or_export_shows_a_note_to_anyone_else(client, world):
    session = world["session"]
    for role, user in world["others"].items():
        client.force_login(user)
        for url in _session_pages(session):
            response = client.get(url)
            assert SECRET not in response.content.decode(errors="ignore"), (role, url)


def test_the_author_reads_their_note_in_their_pages_and_export(client, world):
    client.force_login(world["author"])
    assert SECRET in client.get(reverse("reflection:my_notes")).content.decode()
    assert SECRET in client.get(reverse("reflection:notes_export")).content.decode()


def test_api_never_returns_another_persons_note(api_client_for, world):
    session = world["session"]
    for role, user in world["others"].items():
        api = api_client_for(user)
        for url in (
            "/api/v1/reflection/notes",
            f"/api/v1/reflection/notes?session_id={session.pk}",
            "/api/v1/reflection/sessions",
            f"/api/v1/reflection/sessions/{session.pk}",
            f"/api/v1/reflection/sessions/{session.pk}/live",
            f"/api/v1/reflection/communities/{session.community.slug}/insights",
            f"/api/v1/events/{session.event_id}",
            "/api/v1/me",
        ):
            response = api.get(url)
            assert SECRET not in response.content.decode(), (role, url)
    api = api_client_for(world["author"])
    body = api.get("/api/v1/reflection/notes").json()
    assert [n["body"] for n in body["items"]] == [SECRET]


def test_private_notes_are_not_in_the_django_admin(client, world):
    assert PrivateNote not in admin.site._registry
    client.force_login(world["others"]["host admin"])
    session = world["session"]
    page = client.get(reverse("admin:reflection_reflectivesession_change", args=[session.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert SECRET not in body and MATERIAL not in body and ACTION not in body
    index = client.get(reverse("admin:index")).content.decode()
    assert "Private note" not in index


def test_selectors_return_only_the_readers_notes(world):
    for user in world["others"].values():
        assert not selectors.private_notes_of(user).exists()
        assert not PrivateNote.objects.of(user).exists()
    assert not PrivateNote.objects.of(None).exists()


def test_material_only_for_attendees(client, api_client_for, world):
    session = world["session"]
    detail = reverse("reflection:detail", args=[session.pk])
    sees = {"attendee", "presenter", "facilitator"}
    for role, user in world["others"].items():
        client.force_login(user)
        page = client.get(detail).content.decode()
        api = api_client_for(user).get(f"/api/v1/reflection/sessions/{session.pk}")
        api_text = api.content.decode()
        live = api_client_for(user).get(f"/api/v1/reflection/sessions/{session.pk}/live")
        live_text = live.content.decode()
        if role in sees:
            assert MATERIAL in live_text and ACTION in live_text, role
            assert MATERIAL in page and ACTION in page, role
            assert MATERIAL in api_text and ACTION in api_text, role
        else:
            assert MATERIAL not in page and ACTION not in page, role
            assert MATERIAL not in api_text and ACTION not in api_text, role
            assert MATERIAL not in live_text and ACTION not in live_text, role
    client.logout()
    assert MATERIAL not in client.get(detail).content.decode()


def test_heron_tags_only_for_facilitators(client, api_client_for, opened, facilitator, group):
    from practice_commons.reflection.models import Stage

    session = services.stage_set(actor=facilitator, session=opened, stage=Stage.REFLECTIONS)
    turn = services.turn_next(actor=facilitator, session=session)
    services.turn_next(actor=facilitator, session=session)
    services.turn_tag(actor=facilitator, turn=turn, tags=["confronting"])
    live = reverse("reflection:live", args=[session.pk])
    client.force_login(facilitator)
    assert "Confronting" in client.get(live).content.decode()
    for person in group.values():
        client.force_login(person)
        assert "onfronting" not in client.get(live).content.decode()
        api = api_client_for(person).get(f"/api/v1/reflection/sessions/{session.pk}")
        assert "confronting" not in api.content.decode()
        live = api_client_for(person).get(f"/api/v1/reflection/sessions/{session.pk}/live")
        assert live.status_code == 200 and "confronting" not in live.content.decode()
    live = api_client_for(facilitator).get(f"/api/v1/reflection/sessions/{session.pk}/live")
    assert "confronting" in live.content.decode()
