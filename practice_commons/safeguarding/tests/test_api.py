"""The reports API: the same rules as the report page, and a 422 with kinds and offsets
(never the text) for a blocked write."""

import pytest

from practice_commons.accounts.models import AuditEvent
from practice_commons.confidentiality.testing import assert_api_guarded
from practice_commons.safeguarding import selectors, services
from practice_commons.safeguarding.models import ContentHold, Report

from .conftest import make_person, name_lead

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports"


def _post(client, token, payload):
    return client.post(
        URL,
        payload,
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )


def _payload(target, **extra):
    return {"target": "accounts.user", "object_id": target.pk, "reason": "confidentiality", **extra}


def test_visitors_get_401(client, subject):
    assert _post(client, None, _payload(subject)).status_code == 401
    assert client.get(URL).status_code == 401
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", ["practitioner", "org_admin", "lead", "host_admin"])
def test_anyone_signed_in_can_report(client, request, subject, api_token, role, lead):
    user = request.getfixturevalue(role)
    response = _post(client, api_token(user), _payload(subject, details="Names a family."))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["target"] == "accounts.user" and body["object_id"] == subject.pk
    assert body["status"] == "open" and body["outcome"] == ""
    report = Report.objects.get(pk=body["id"])
    assert list(report.routed_to.all()) == [lead]
    assert selectors.is_hidden(subject)


def test_blocked_details_answer_422_without_the_text(client, practitioner, subject, api_token):
    body = assert_api_guarded(
        client, "post", URL, _payload(subject), "details", api_token(practitioner), model=Report
    )
    assert body["blocking"] is True
    assert "identify someone you work with" in body["detail"]
    assert not ContentHold.objects.exists()


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"reason": "because"}, 400),
        ({"details": "x" * 2001}, 422),
        ({"target": "accounts.profession"}, 404),
        ({"target": "nonsense"}, 404),
        ({"object_id": 999999}, 404),
    ],
)
def test_bad_input_changes_nothing(client, practitioner, subject, api_token, change, status):
    response = _post(client, api_token(practitioner), {**_payload(subject), **change})
    assert response.status_code == status, response.content
    assert not Report.objects.exists()


def test_missing_reason_is_rejected(client, practitioner, subject, api_token):
    payload = _payload(subject)
    del payload["reason"]
    assert _post(client, api_token(practitioner), payload).status_code == 422
    assert not Report.objects.exists()


def test_reporting_twice_answers_400(client, practitioner, subject, api_token):
    token = api_token(practitioner)
    assert _post(client, token, _payload(subject)).status_code == 201
    response = _post(client, token, _payload(subject, reason="spam"))
    assert response.status_code == 400
    assert Report.objects.count() == 1


def test_reporters_list_their_own_reports_only(
    client, practitioner, subject, api_token, host_admin
):
    _post(client, api_token(practitioner), _payload(subject))
    mine = client.get(URL, headers={"Authorization": f"Bearer {api_token(practitioner)}"})
    assert [r["object_id"] for r in mine.json()] == [subject.pk]
    theirs = client.get(URL, headers={"Authorization": f"Bearer {api_token(host_admin)}"})
    assert theirs.json() == []


def test_openapi_documents_the_422(client):
    schema = client.get("/api/v1/openapi.json").json()
    responses = schema["paths"]["/api/v1/reports"]["post"]["responses"]
    assert {"201", "422"} <= set(responses)


# --- Moderation: queue, report detail, actions ------------------------------------------

QUEUE = URL + "/queue"
DETAILS = "Names a school and a phone number."


def _detail_url(report):
    return f"{URL}/{report.pk}"


def _actions_url(report):
    return f"{URL}/{report.pk}/actions"


def _auth(token):
    return {"Authorization": f"Bearer {token}"} if token else {}


def _get(client, token, url):
    return client.get(url, headers=_auth(token))


def _act(client, token, report, payload):
    return client.post(
        _actions_url(report), payload, content_type="application/json", headers=_auth(token)
    )


@pytest.fixture
def report(practitioner, subject, lead):
    """``practitioner`` reports ``subject``'s profile; it reaches ``org``'s lead."""
    return services.report_create(
        actor=practitioner, target=subject, reason="safeguarding", details=DETAILS
    )


def _token_for(request, api_token, role):
    if role == "visitor":
        return None
    if role == "stranger":
        return api_token(make_person())
    return api_token(request.getfixturevalue(role))


def _assert_no_private_text(raw, report):
    """Neither the reported text, the report's details nor the reporter's identity."""
    reporter = report.reporter
    for secret in ("Okafor", "0113 496 0123", DETAILS, reporter.email, f'"{reporter.full_name}"'):
        assert secret not in raw, secret


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 401),
        ("practitioner", 403),
        ("org_admin", 403),
        ("subject", 403),
        ("lead", 200),
        ("other_lead", 200),
        ("host_admin", 200),
    ],
)
def test_queue_permissions(client, request, api_token, report, role, expected):
    response = _get(client, _token_for(request, api_token, role), QUEUE)
    assert response.status_code == expected, response.content
    if expected != 200:
        _assert_no_private_text(response.content.decode(), report)
        return
    body = response.json()
    listed = [item["id"] for item in body["items"]]
    assert listed == ([] if role == "other_lead" else [report.pk])
    assert body["count"] == len(listed)
    if listed:
        item = body["items"][0]
        assert item["status"] == "open" and item["is_held"] is True
        assert item["reason"] == "safeguarding" and item["target"] == "accounts.user"
    # The queue lists reports; the texts, details and reporter are on the detail only.
    _assert_no_private_text(response.content.decode(), report)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 401),
        ("stranger", 404),
        ("org_admin", 404),
        ("subject", 404),
        ("other_lead", 404),
        ("practitioner", 200),  # the reporter
        ("lead", 200),
        ("host_admin", 200),
    ],
)
def test_report_detail_permissions(client, request, api_token, report, role, expected):
    response = _get(client, _token_for(request, api_token, role), _detail_url(report))
    assert response.status_code == expected, response.content
    raw = response.content.decode()
    if role in ("lead", "host_admin"):
        assert response.json()["review"] is not None
    else:
        _assert_no_private_text(raw, report)


def test_the_reporter_sees_status_and_outcome_only(client, api_token, report, practitioner, lead):
    token = api_token(practitioner)
    body = _get(client, token, _detail_url(report)).json()
    assert body["status"] == "open" and body["outcome"] == "" and body["review"] is None
    services.report_act(actor=lead, report=report, action="remove", reason="Identifies a child.")
    response = _get(client, token, _detail_url(report))
    body = response.json()
    assert body["status"] == "removed" and body["outcome"] == "removed"
    assert body["review"] is None
    _assert_no_private_text(response.content.decode(), report)
    assert "Identifies a child." not in response.content.decode()


def test_moderators_see_the_review(client, api_token, report, lead, practitioner):
    response = _get(client, api_token(lead), _detail_url(report))
    review = response.json()["review"]
    assert review["details"] == DETAILS
    assert review["reporter"] == {"id": practitioner.pk, "name": practitioner.display_name}
    assert review["is_held"] is True
    assert [p["id"] for p in review["routed_to"]] == [lead.pk]
    [text] = [t for t in review["texts"] if "0113 496 0123" in t["text"]]
    phone = text["text"].index("0113 496 0123")
    assert any(f["start"] == phone for f in text["findings"]), text["findings"]
    assert review["available_actions"] == ["acknowledge", "redact", "restore", "remove", "escalate"]
    assert [e["action"] for e in review["trail"]] == ["report.create", "content.hide"]
    assert review["trail"][0]["actor"] == practitioner.display_name


def test_a_moderator_who_owns_the_content_is_not_told_who_reported_it(
    client, api_token, org, subject, practitioner, lead
):
    name_lead(subject, org)  # the reported person is also one of the org's leads
    report = services.report_create(actor=practitioner, target=subject, reason="safeguarding")
    assert set(report.routed_to.all()) == {lead, subject}
    response = _get(client, api_token(subject), _detail_url(report))
    review = response.json()["review"]
    assert review["reporter"] is None
    assert review["trail"][0]["action"] == "report.create"
    assert review["trail"][0]["actor"] is None
    raw = response.content.decode()
    assert practitioner.email not in raw and f'"{practitioner.full_name}"' not in raw
    # Another lead still sees who reported it.
    other = _get(client, api_token(lead), _detail_url(report)).json()["review"]
    assert other["reporter"]["id"] == practitioner.pk


@pytest.mark.parametrize(
    ("action", "status", "outcome"),
    [
        ("acknowledge", "acknowledged", ""),
        ("redact", "redacted", "redacted"),
        ("restore", "restored", "no_action"),
        ("remove", "removed", "removed"),
        ("escalate", "escalated", ""),
    ],
)
def test_each_action_is_taken_and_audited(
    client, api_token, report, lead, host_admin, subject, action, status, outcome
):
    reason = f"Reviewed: {action}."
    response = _act(client, api_token(lead), report, {"action": action, "reason": reason})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == status and body["outcome"] == outcome
    report.refresh_from_db()
    assert report.status == status and report.outcome == outcome
    event = AuditEvent.objects.get(action=f"report.{action}")
    assert event.actor == lead and event.reason == reason
    assert event.target_id == str(report.pk)
    assert body["review"]["trail"][-1]["action"] == f"report.{action}"
    assert body["review"]["trail"][-1]["reason"] == reason
    if action == "redact":
        subject.refresh_from_db()
        assert "[phone]" in subject.bio and not selectors.is_hidden(subject)
    if action == "escalate":
        assert host_admin in report.routed_to.all()
        assert _get(client, api_token(host_admin), _detail_url(report)).status_code == 200


def test_host_admins_can_act_on_any_report(client, api_token, report, host_admin):
    response = _act(client, api_token(host_admin), report, {"action": "restore", "reason": "Fine."})
    assert response.status_code == 200
    assert AuditEvent.objects.get(action="report.restore").actor == host_admin


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("visitor", 401),
        ("stranger", 404),
        ("practitioner", 404),  # the reporter cannot moderate their own report
        ("org_admin", 404),
        ("subject", 404),
        ("other_lead", 404),
    ],
)
def test_outsiders_cannot_act(client, request, api_token, report, role, expected):
    token = _token_for(request, api_token, role)
    response = _act(client, token, report, {"action": "restore", "reason": "Looks fine."})
    assert response.status_code == expected, response.content
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN
    assert not AuditEvent.objects.filter(action="report.restore").exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"action": "restore"},
        {"action": "restore", "reason": "   "},
        {"action": "explode", "reason": "Because."},
        {"action": "restore", "reason": "x" * 1001},
    ],
)
def test_bad_moderation_input_answers_400(client, api_token, report, lead, payload):
    response = _act(client, api_token(lead), report, payload)
    # An overlong reason is refused by the schema (422) before the service sees it.
    expected = 422 if len(payload.get("reason", "")) > 1000 else 400
    assert response.status_code == expected, response.content
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN
    assert not AuditEvent.objects.filter(action="report.restore").exists()


def test_actions_not_allowed_in_the_status_answer_400(client, api_token, report, lead):
    token = api_token(lead)
    assert (
        _act(client, token, report, {"action": "acknowledge", "reason": "Seen."}).status_code == 200
    )
    again = _act(client, token, report, {"action": "acknowledge", "reason": "Seen."})
    assert again.status_code == 400
    assert "action" in again.json()["detail"]
    assert _act(client, token, report, {"action": "restore", "reason": "Fine."}).status_code == 200
    closed = _act(client, token, report, {"action": "escalate", "reason": "Later."})
    assert closed.status_code == 400
    assert AuditEvent.objects.filter(action="report.acknowledge").count() == 1
    assert not AuditEvent.objects.filter(action="report.escalate").exists()


def test_moderator_reason_is_guarded(client, api_token, report, lead):
    body = assert_api_guarded(
        client,
        "post",
        _actions_url(report),
        {"action": "acknowledge"},
        "reason",
        api_token(lead),
        model=AuditEvent,
    )
    assert body["blocking"] is True
    report.refresh_from_db()
    assert report.status == Report.Status.OPEN


def test_acting_on_a_missing_report_answers_404(client, api_token, host_admin):
    response = _act(client, api_token(host_admin), Report(pk=999999), {"action": "restore"})
    assert response.status_code == 404
    assert _get(client, api_token(host_admin), f"{URL}/999999").status_code == 404


def _fill_queue(count, org, reporter):
    for _ in range(count):
        services.report_create(
            actor=reporter, target=make_person(organisation=org), reason="harassment"
        )


def test_queue_pagination_and_closed(client, api_token, org, lead, practitioner):
    _fill_queue(30, org, practitioner)
    token = api_token(lead)
    newest_first = list(Report.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))
    page = _get(client, token, QUEUE + "?limit=10&offset=10").json()
    assert page["count"] == 30 and page["limit"] == 10 and page["offset"] == 10
    assert [i["id"] for i in page["items"]] == newest_first[10:20]
    last = _get(client, token, QUEUE + "?limit=10&offset=25").json()
    assert len(last["items"]) == 5
    default = _get(client, token, QUEUE).json()
    assert default["limit"] == 25 and len(default["items"]) == 25
    assert _get(client, token, QUEUE + "?limit=100").json()["limit"] == 100
    for out_of_range in ("limit=1000", "limit=0", "offset=-5", "offset=1000001"):
        assert _get(client, token, f"{QUEUE}?{out_of_range}").status_code == 422, out_of_range

    first = Report.objects.order_by("pk").first()
    services.report_act(actor=lead, report=first, action="restore", reason="Fine.")
    closed = _get(client, token, QUEUE + "?status=closed").json()
    assert [i["id"] for i in closed["items"]] == [first.pk] and closed["count"] == 1
    assert closed["items"][0]["outcome"] == "no_action"
    assert _get(client, token, QUEUE).json()["count"] == 29
    assert _get(client, token, QUEUE + "?status=nonsense").status_code == 422


@pytest.mark.parametrize("count", [3, 40])
def test_queue_has_a_fixed_query_budget(
    client, api_token, org, lead, practitioner, count, django_assert_max_num_queries
):
    _fill_queue(count, org, practitioner)
    token = api_token(lead)
    with django_assert_max_num_queries(12):
        response = _get(client, token, QUEUE)
    assert len(response.json()["items"]) == min(count, 25)


def test_openapi_documents_moderation(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"200", "403"} <= set(paths["/api/v1/reports/queue"]["get"]["responses"])
    assert {"200", "404"} <= set(paths["/api/v1/reports/{report_id}"]["get"]["responses"])
    actions = paths["/api/v1/reports/{report_id}/actions"]["post"]["responses"]
    assert {"200", "400", "404", "422"} <= set(actions)
