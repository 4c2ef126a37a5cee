"""The reports API: the same rules as the report page, and a 422 with kinds and offsets
(never the text) for a blocked write."""

import pytest

from practice_commons.safeguarding import selectors
from practice_commons.safeguarding.models import ContentHold, Report
from practice_commons.safeguarding.testing import assert_api_guarded

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
        ({"details": "x" * 2001}, 400),
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
