"""Editing a session's theme and format before it opens, and reporting session material
(the presenter's summary, action commitments) to safeguarding. Private notes are never
reportable."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from practice_commons.accounts.models import AuditEvent
from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, assert_service_guarded
from practice_commons.core.errors import PermissionDenied
from practice_commons.reflection import selectors, services
from practice_commons.reflection.models import ActionCommitment, ReflectiveSession
from practice_commons.reflection.services import SessionRefused
from practice_commons.safeguarding import selectors as safeguarding_selectors
from practice_commons.safeguarding import services as safeguarding_services
from practice_commons.safeguarding.models import Report

from .conftest import run_to_checkout

pytestmark = pytest.mark.django_db


def _edit(actor, session, theme="Working with endings", fmt="action_learning", **kwargs):
    return services.session_edit(actor=actor, session=session, theme=theme, format=fmt, **kwargs)


# --- session_edit --------------------------------------------------------------------------


def test_facilitator_edits_theme_and_format(session, facilitator):
    _edit(facilitator, session)
    session.refresh_from_db()
    assert (session.theme, session.format) == ("Working with endings", "action_learning")
    assert "Working with endings" in session.event.description
    assert "action learning set" in session.event.description
    entry = AuditEvent.objects.filter(action="reflection.edit").get()
    assert entry.actor == facilitator
    assert entry.target_id == str(session.pk)
    assert entry.data["changed"] == ["theme", "format"]


def test_community_owner_and_host_admin_may_edit_like_scheduling(
    session, community, host_admin, member_of
):
    owner = add_member(community, member_of("Olu Owner"), role=Role.OWNER)
    _edit(owner, session, theme="Owner's theme")
    _edit(host_admin, session, theme="Host admin's theme")
    session.refresh_from_db()
    assert session.theme == "Host admin's theme"


@pytest.mark.parametrize("who", ["presenter", "attendee", "member", "outsider"])
def test_others_may_not_edit(session, group, member_of, outsider, who):
    actor = {
        "presenter": group["presenter"],
        "attendee": group["ana"],
        "member": member_of("Mo Member"),
        "outsider": outsider,
    }[who]
    with pytest.raises(PermissionDenied):
        _edit(actor, session)
    session.refresh_from_db()
    assert session.theme == "Holding uncertainty"
    assert not AuditEvent.objects.filter(action="reflection.edit").exists()


def test_signed_out_may_not_edit(session):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        _edit(AnonymousUser(), session)


def test_edit_refused_once_open_or_closed(session, facilitator):
    services.session_open(actor=facilitator, session=session)
    with pytest.raises(SessionRefused, match="opened"):
        _edit(facilitator, session)
    ReflectiveSession.objects.filter(pk=session.pk).update(stage="closed")
    with pytest.raises(SessionRefused, match="ended"):
        _edit(facilitator, session)
    session.refresh_from_db()
    assert session.theme == "Holding uncertainty"


def test_edit_checks_the_format(session, facilitator):
    with pytest.raises(ValidationError):
        _edit(facilitator, session, fmt="group_hug")


def test_edit_theme_is_guarded(session, facilitator):
    assert_service_guarded(lambda text: _edit(facilitator, session, theme=text))
    session.refresh_from_db()
    assert session.theme == "Holding uncertainty"
    assert not AuditEvent.objects.filter(action="reflection.edit").exists()


# --- The edit page -------------------------------------------------------------------------


def test_edit_link_and_form_for_facilitators_only(client, session, group, facilitator):
    url = reverse("reflection:edit", args=[session.pk])
    client.force_login(facilitator)
    assert url in client.get(session.get_absolute_url()).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    assert "events page" in page.content.decode()
    for person in (group["ana"], group["presenter"]):
        client.force_login(person)
        assert url not in client.get(session.get_absolute_url()).content.decode()
        assert client.get(url).status_code == 403
        assert client.post(url, {"theme": "Mine", "format": "flexible"}).status_code == 403


def test_edit_form_post_saves(client, session, facilitator):
    client.force_login(facilitator)
    url = reverse("reflection:edit", args=[session.pk])
    response = client.post(url, {"theme": "Endings", "format": "peer_supervision"})
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.theme, session.format) == ("Endings", "peer_supervision")


def test_edit_form_shows_the_guard_and_stores_nothing(client, session, facilitator):
    client.force_login(facilitator)
    url = reverse("reflection:edit", args=[session.pk])
    response = client.post(url, {"theme": IDENTIFYING_TEXT, "format": "flexible"})
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.theme == "Holding uncertainty"


def test_no_edit_link_or_page_once_open(client, session, facilitator):
    services.session_open(actor=facilitator, session=session)
    client.force_login(facilitator)
    url = reverse("reflection:edit", args=[session.pk])
    assert url not in client.get(session.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 302


# --- Reporting the session's material ------------------------------------------------------


@pytest.fixture
def with_material(opened, facilitator, group):
    services.stage_set(actor=facilitator, session=opened, stage="summary")
    services.presenter_summary_save(
        actor=group["presenter"], session=opened, text="I heard that the pull to fix is shared."
    )
    action = services.action_add(
        actor=group["presenter"], session=opened, text="Talk to my supervisor about this."
    )
    services.private_note_add(
        actor=group["ana"], session=opened, body="My own private thought about pace"
    )
    opened.refresh_from_db()
    return opened, action


def test_attendee_sees_report_links(client, with_material, group):
    session, action = with_material
    client.force_login(group["ana"])
    html = client.get(session.get_absolute_url()).content.decode()
    assert "I heard that the pull to fix is shared." in html
    assert safeguarding_selectors.report_url(session) in html
    assert safeguarding_selectors.report_url(action) in html
    assert "My own private thought" not in html
    assert "private thought" not in html


def test_a_report_on_the_summary_hides_it_from_attendees(client, with_material, group):
    session, _action = with_material
    safeguarding_services.report_create(
        actor=group["ben"], target=session, reason=Report.Reason.CONFIDENTIALITY
    )
    assert safeguarding_selectors.is_hidden(session)
    assert selectors.presenter_summary_for(group["ana"], session) == ""
    for person in (group["ana"], group["presenter"]):
        client.force_login(person)
        page = client.get(session.get_absolute_url())
        assert page.status_code == 200  # the session stays; only its summary is held
        assert "I heard that the pull to fix is shared." not in page.content.decode()
        live = client.get(reverse("reflection:live", args=[session.pk]))
        assert "I heard that the pull to fix is shared." not in live.content.decode()


def test_a_report_on_an_action_hides_it(client, with_material, group):
    session, action = with_material
    safeguarding_services.report_create(
        actor=group["ben"], target=action, reason=Report.Reason.SAFEGUARDING
    )
    assert list(selectors.action_commitments(session, viewer=group["ana"])) == []
    client.force_login(group["ana"])
    assert "Talk to my supervisor" not in client.get(session.get_absolute_url()).content.decode()


def test_redacting_the_summary_replaces_the_text(with_material, group, host_admin):
    session, _action = with_material
    # Stored before the guard caught this pattern, say; a moderator redacts it.
    ReflectiveSession.objects.filter(pk=session.pk).update(presenter_summary=IDENTIFYING_TEXT)
    report = safeguarding_services.report_create(
        actor=group["ben"], target=session, reason=Report.Reason.CONFIDENTIALITY
    )
    safeguarding_services.report_act(
        actor=host_admin, report=report, action="redact", reason="Identifying details"
    )
    session.refresh_from_db()
    assert session.presenter_summary
    assert session.presenter_summary != IDENTIFYING_TEXT
    assert "943 476 5919" not in session.presenter_summary
    assert not safeguarding_selectors.is_hidden(session)
    assert AuditEvent.objects.filter(
        action="reflection.summary_redact", target_id=str(session.pk)
    ).exists()


def test_removing_the_summary_clears_it_and_keeps_it_hidden(with_material, group, host_admin):
    session, _action = with_material
    report = safeguarding_services.report_create(
        actor=group["ben"], target=session, reason=Report.Reason.HARASSMENT
    )
    safeguarding_services.report_act(
        actor=host_admin, report=report, action="remove", reason="Not appropriate"
    )
    session.refresh_from_db()
    assert session.presenter_summary == ""
    assert AuditEvent.objects.filter(action="reflection.summary_remove").exists()


def test_redact_and_remove_an_action(with_material, group, host_admin):
    session, action = with_material
    ActionCommitment.objects.filter(pk=action.pk).update(text=IDENTIFYING_TEXT)
    report = safeguarding_services.report_create(
        actor=group["ben"], target=action, reason=Report.Reason.CONFIDENTIALITY
    )
    safeguarding_services.report_act(
        actor=host_admin, report=report, action="redact", reason="Identifying details"
    )
    action.refresh_from_db()
    assert "943 476 5919" not in action.text
    report = safeguarding_services.report_create(
        actor=group["cy"], target=action, reason=Report.Reason.SPAM
    )
    safeguarding_services.report_act(
        actor=host_admin, report=report, action="remove", reason="Spam"
    )
    assert not ActionCommitment.objects.filter(pk=action.pk).exists()


def test_private_notes_are_never_reportable(with_material, group):
    session, _action = with_material
    note = selectors.private_notes_of(group["ana"], session).get()
    with pytest.raises(ValidationError):
        safeguarding_services.report_create(
            actor=group["ana"], target=note, reason=Report.Reason.CONFIDENTIALITY
        )
    assert not Report.objects.exists()


def test_private_notes_never_appear_after_a_report(client, with_material, group, facilitator):
    session, _action = with_material
    safeguarding_services.report_create(
        actor=group["ben"], target=session, reason=Report.Reason.CONFIDENTIALITY
    )
    session = run_to_checkout(session, facilitator)
    for person in (group["ben"], group["presenter"], facilitator):
        client.force_login(person)
        for url in (session.get_absolute_url(), reverse("reflection:live", args=[session.pk])):
            assert "private thought" not in client.get(url).content.decode()
