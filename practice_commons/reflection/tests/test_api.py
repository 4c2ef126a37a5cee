"""``/api/v1/reflection``: the same rules as the pages (404 for what you may not see,
409 with a code for refusals, material only for attendees, notes only your own)."""

import pytest

from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.reflection import services
from practice_commons.reflection.models import PrivateNote, SessionFeedback

from .conftest import run_to_checkout, soon

pytestmark = pytest.mark.django_db


def test_sessions_list_is_mine(api_client_for, session, group, member_of, facilitator):
    body = api_client_for(group["ana"]).get("/api/v1/reflection/sessions").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == session.pk and item["you"]["has_place"] is True
    assert item["you"]["rules_confirmed"] is True and item["material"] is None
    assert api_client_for(member_of()).get("/api/v1/reflection/sessions").json()["count"] == 0
    runner = api_client_for(facilitator).get("/api/v1/reflection/sessions").json()
    assert runner["items"][0]["you"]["runs_it"] is True


def test_session_read(api_client_for, opened, group, member_of):
    services.presenter_summary_save(actor=group["presenter"], session=opened, text="Heard.")
    body = api_client_for(group["ana"]).get(f"/api/v1/reflection/sessions/{opened.pk}").json()
    assert body["material"]["presenter_summary"] == "Heard."
    assert body["stage"] == "check_in"
    other = api_client_for(member_of()).get(f"/api/v1/reflection/sessions/{opened.pk}").json()
    assert other["material"] is None


def test_private_session_is_404_to_outsiders(api_client_for, outsider):
    private = make_community(name="Closed set", visibility="private", joining_policy="invitation")
    runner = add_member(private, role=Role.FACILITATOR)
    start = soon()
    session = services.session_schedule(
        actor=runner,
        community=private,
        title="Closed",
        theme="Endings",
        starts_at=start,
        ends_at=start + (soon(90) - soon(30)),
        online_url="https://meet.example.org/x",
    )
    api = api_client_for(outsider)
    assert api.get(f"/api/v1/reflection/sessions/{session.pk}").status_code == 404
    assert (
        api.post(
            f"/api/v1/reflection/sessions/{session.pk}/notes",
            {"body": "x"},
            content_type="application/json",
        ).status_code
        == 404
    )


def test_notes_create_and_list_own_only(api_client_for, opened, group, member_of):
    ana = api_client_for(group["ana"])
    response = ana.post(
        f"/api/v1/reflection/sessions/{opened.pk}/notes",
        {"body": "Keep breathing."},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert ana.get("/api/v1/reflection/notes").json()["count"] == 1
    assert api_client_for(group["ben"]).get("/api/v1/reflection/notes").json()["count"] == 0
    refused = api_client_for(member_of()).post(
        f"/api/v1/reflection/sessions/{opened.pk}/notes",
        {"body": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert PrivateNote.objects.count() == 1


def test_feedback_refusals_and_success(
    api_client_for, opened, facilitator, group, django_capture_on_commit_callbacks
):
    session = run_to_checkout(opened, facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        services.attendance_record(actor=facilitator, session=session, user_ids=[group["ana"].pk])
    url = f"/api/v1/reflection/sessions/{session.pk}/feedback"
    ben = api_client_for(group["ben"]).post(url, {"usefulness": 4}, content_type="application/json")
    assert ben.status_code == 409 and ben.json()["code"] == "not_attended"
    ana = api_client_for(group["ana"])
    bad = ana.post(url, {"usefulness": 7}, content_type="application/json")
    assert bad.status_code == 400
    ok = ana.post(
        url,
        {"usefulness": 5, "gave_you": "Space to think.", "consent_to_quote": True},
        content_type="application/json",
    )
    assert ok.status_code == 201 and ok.json()["consent_to_quote"] is True
    again = ana.post(url, {"usefulness": 5}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "twice"
    assert SessionFeedback.objects.count() == 1


def test_api_needs_a_token(client, session):
    assert client.get("/api/v1/reflection/sessions").status_code == 401
    assert client.get("/api/v1/reflection/notes").status_code == 401


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/reflection/sessions" in paths
    assert "/api/v1/reflection/notes" in paths
    assert "/api/v1/reflection/sessions/{session_id}/feedback" in paths


@pytest.fixture
def api_roles(opened, facilitator, group, member_of, outsider, host_admin):
    return {
        "non_member": outsider,
        "member": member_of("Mo Member"),
        "attendee": group["ana"],
        "presenter": group["presenter"],
        "facilitator": facilitator,
        "host_admin": host_admin,
    }


def test_every_endpoint_per_role(client, api_client_for, api_roles, opened):
    """Reads: a visible session is readable by every role (material aside); notes: only
    people taking part write them; feedback: only attendees (409 otherwise). No token: 401."""
    pk = opened.pk
    endpoints = [
        ("get", "/api/v1/reflection/sessions", None),
        ("get", f"/api/v1/reflection/sessions/{pk}", None),
        ("get", "/api/v1/reflection/notes", None),
        ("post", f"/api/v1/reflection/sessions/{pk}/notes", {"body": "Mine."}),
        ("post", f"/api/v1/reflection/sessions/{pk}/feedback", {"usefulness": 4}),
    ]
    for method, url, payload in endpoints:
        kwargs = {"content_type": "application/json"} if payload else {}
        assert getattr(client, method)(url, payload or {}, **kwargs).status_code == 401, url
    expected_notes = {
        "non_member": 403,
        "member": 403,
        "attendee": 201,
        "presenter": 201,
        "facilitator": 201,
        "host_admin": 403,
    }
    for role, user in api_roles.items():
        api = api_client_for(user)
        assert api.get(endpoints[0][1]).status_code == 200, role
        assert api.get(endpoints[1][1]).status_code == 200, role
        assert api.get(endpoints[2][1]).status_code == 200, role
        note = api.post(endpoints[3][1], endpoints[3][2], content_type="application/json")
        assert note.status_code == expected_notes[role], role
        feedback = api.post(endpoints[4][1], endpoints[4][2], content_type="application/json")
        assert feedback.status_code == 409, role  # attendance not recorded yet


def test_sessions_list_query_budget(
    api_client_for, make_session, member_of, book, django_assert_max_num_queries
):
    member = member_of()
    for i in range(15):
        book(member, make_session(in_minutes=60 * (i + 2)))
    api = api_client_for(member)
    with django_assert_max_num_queries(15):
        body = api.get("/api/v1/reflection/sessions?limit=100").json()
    assert body["count"] == 15 and all(item["you"]["has_place"] for item in body["items"])
