"""Confidentiality holds in every path: each text (title, theme, the presenter's issue and
summary, actions, private notes, feedback) goes through the guard inside its service,
and the pages and the API show the guard's findings and store nothing."""

from datetime import timedelta

import pytest
from django.urls import reverse

from practice_commons.confidentiality.testing import (
    IDENTIFYING_TEXT,
    assert_api_guarded,
    assert_form_view_guarded,
    assert_service_guarded,
)
from practice_commons.events.models import Event
from practice_commons.reflection import services
from practice_commons.reflection.models import (
    ActionCommitment,
    PrivateNote,
    ReflectiveSession,
    SessionFeedback,
)

from .conftest import run_to_checkout, soon

pytestmark = pytest.mark.django_db


def _schedule(community, facilitator, **overrides):
    start = soon()
    data = {
        "title": "Reflective session",
        "theme": "Endings",
        "starts_at": start,
        "ends_at": start + timedelta(minutes=90),
        "online_url": "https://meet.example.org/x",
    }
    data.update(overrides)
    return services.session_schedule(actor=facilitator, community=community, **data)


@pytest.mark.parametrize("field", ["title", "theme"])
def test_schedule_is_guarded(community, facilitator, field):
    assert_service_guarded(
        lambda text: _schedule(community, facilitator, **{field: text}), model=ReflectiveSession
    )
    assert not Event.objects.exists()


def test_issue_summary_is_guarded(session, group):
    assert_service_guarded(
        lambda text: services.issue_summary_save(
            actor=group["presenter"], session=session, text=text
        )
    )
    session.refresh_from_db()
    assert session.issue_summary == ""


def test_presenter_summary_is_guarded(opened, group):
    assert_service_guarded(
        lambda text: services.presenter_summary_save(
            actor=group["presenter"], session=opened, text=text
        )
    )
    opened.refresh_from_db()
    assert opened.presenter_summary == ""


def test_actions_are_guarded(opened, group):
    assert_service_guarded(
        lambda text: services.action_add(actor=group["presenter"], session=opened, text=text),
        model=ActionCommitment,
    )


def test_private_notes_are_guarded(opened, group):
    assert_service_guarded(
        lambda text: services.private_note_add(actor=group["ana"], session=opened, body=text),
        model=PrivateNote,
    )


@pytest.fixture
def attended(opened, facilitator, group, django_capture_on_commit_callbacks):
    session = run_to_checkout(opened, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=facilitator, session=session, user_ids=[group["ana"].pk])
    return session


def test_feedback_is_guarded(attended, group):
    assert_service_guarded(
        lambda text: services.feedback_submit(
            actor=group["ana"], session=attended, usefulness=4, gave_you=text
        ),
        model=SessionFeedback,
    )


def test_nothing_blocked_reaches_the_audit_trail(community, facilitator):
    from practice_commons.accounts.models import AuditEvent

    before = AuditEvent.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - the guard's exception, checked elsewhere
        _schedule(community, facilitator, theme=IDENTIFYING_TEXT)
    assert AuditEvent.objects.count() == before


# --- Pages -------------------------------------------------------------------------------------


def test_schedule_form_is_guarded(client, community, facilitator):
    client.force_login(facilitator)
    start = soon()
    data = {
        "title": "Reflective session",
        "session_format": "flexible",
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "minutes": 90,
        "where": "online",
        "online_url": "https://meet.example.org/x",
        "capacity": 8,
    }
    assert_form_view_guarded(
        client,
        reverse("reflection:schedule", args=[community.slug]),
        data,
        "theme",
        model=ReflectiveSession,
    )


def test_issue_form_is_guarded(client, session, group):
    client.force_login(group["presenter"])
    assert_form_view_guarded(
        client, reverse("reflection:issue", args=[session.pk]), {}, "issue_summary"
    )


def test_live_forms_are_guarded(client, opened, group):
    client.force_login(group["presenter"])
    assert_form_view_guarded(client, reverse("reflection:summary", args=[opened.pk]), {}, "summary")
    assert_form_view_guarded(
        client,
        reverse("reflection:action_add", args=[opened.pk]),
        {},
        "text",
        model=ActionCommitment,
    )
    client.force_login(group["ana"])
    assert_form_view_guarded(
        client, reverse("reflection:note_add", args=[opened.pk]), {}, "body", model=PrivateNote
    )


def test_feedback_form_is_guarded(client, attended, group):
    client.force_login(group["ana"])
    assert_form_view_guarded(
        client,
        reverse("reflection:feedback", args=[attended.pk]),
        {"usefulness": 4},
        "gave_you",
        model=SessionFeedback,
    )


def test_redact_and_continue_stores_redacted_text(client, opened, group):
    client.force_login(group["ana"])
    response = client.post(
        reverse("reflection:note_add", args=[opened.pk]),
        {"body": IDENTIFYING_TEXT, "confidentiality_action": "redact"},
    )
    assert response.status_code == 302
    note = PrivateNote.objects.get()
    assert "943 476 5919" not in note.body


# --- API ---------------------------------------------------------------------------------------


def test_api_note_is_guarded(client, api_client_for, opened, group):
    api = api_client_for(group["ana"])
    assert_api_guarded(
        api,
        "post",
        f"/api/v1/reflection/sessions/{opened.pk}/notes",
        {},
        "body",
        api.token,
        model=PrivateNote,
    )


def test_api_feedback_is_guarded(api_client_for, attended, group):
    api = api_client_for(group["ana"])
    assert_api_guarded(
        api,
        "post",
        f"/api/v1/reflection/sessions/{attended.pk}/feedback",
        {"usefulness": 4},
        "gave_you",
        api.token,
        model=SessionFeedback,
    )
