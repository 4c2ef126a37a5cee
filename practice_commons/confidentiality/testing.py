"""Test helpers that prove a write path is guarded. Every capability uses them the same way:

    from practice_commons.confidentiality.testing import (
        assert_api_guarded, assert_form_view_guarded, assert_service_guarded)

    def test_thread_create_is_guarded(member, community):
        assert_service_guarded(
            lambda text: services.thread_create(actor=member, community=community,
                                                title="Help", body=text, kind="problem"),
            model=Thread)

    def test_thread_form_is_guarded(client, member, community):
        client.force_login(member)
        assert_form_view_guarded(client, reverse("discussions:thread_create", ...),
                                 {"title": "Help", "kind": "problem"}, "body", model=Thread)

Each helper writes ``IDENTIFYING_TEXT`` (a valid NHS number, a postcode and a name in
context) and checks that nothing was stored and the text was not echoed.
"""

from collections.abc import Callable
from typing import Any

from .guard import ConfidentialityBlocked

NHS_NUMBER = "943 476 5919"
POSTCODE = "LS6 2QT"
NAME = "Jayden Okafor"
IDENTIFYING_TEXT = (
    f"Visited {NAME} (NHS number {NHS_NUMBER}) at home, {POSTCODE}, with his mum "
    "to talk about school."
)
# Fragments that must never come back in an API answer or a log line.
SECRETS = (NHS_NUMBER, NHS_NUMBER.replace(" ", ""), POSTCODE, NAME)


def _count(model) -> int | None:
    return model._default_manager.count() if model is not None else None


def assert_service_guarded(
    call: Callable[[str], Any], *, model=None, text: str = IDENTIFYING_TEXT
) -> ConfidentialityBlocked:
    """``call(text)`` must raise ``ConfidentialityBlocked`` naming an NHS number, and
    ``model`` (if given) must gain no rows. Returns the exception for further checks."""
    before = _count(model)
    try:
        call(text)
    except ConfidentialityBlocked as exc:
        error = exc
    else:
        raise AssertionError("the write was not blocked by the confidentiality guard")
    kinds = {kind for field in error.fields for kind in field.kinds}
    assert "nhs_number" in kinds, f"expected an NHS number finding, got {sorted(kinds)}"
    assert not any(s in str(error) for s in SECRETS), "the exception's message holds the text"
    assert _count(model) == before, f"{model.__name__} gained rows on a blocked write"
    return error


def assert_form_view_guarded(
    client, url: str, data: dict, field: str, *, model=None, text: str = IDENTIFYING_TEXT
):
    """POSTing ``data`` with ``text`` in ``field`` must answer 200 with the guard's error
    and "Redact and continue", and store nothing. Returns the response."""
    before = _count(model)
    response = client.post(url, {**data, field: text})
    assert response.status_code == 200, f"expected the form again (200), got {response.status_code}"
    page = response.content.decode()
    assert "could identify someone you work with" in page, "the guard's error is not shown"
    assert "Redact and continue" in page, "the Redact and continue button is not shown"
    assert "<mark" in page, "the findings are not highlighted"
    assert _count(model) == before, f"{model.__name__} gained rows on a blocked write"
    return response


def assert_api_guarded(
    client,
    method: str,
    url: str,
    payload: dict,
    field: str,
    token: str,
    *,
    model=None,
    text: str = IDENTIFYING_TEXT,
):
    """The API must answer 422 with the findings' kinds and offsets for ``field``, never
    the text, and store nothing. Returns the parsed JSON body."""
    before = _count(model)
    response = getattr(client, method.lower())(
        url,
        {**payload, field: text},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422, (
        f"expected 422, got {response.status_code}: {response.content[:300]!r}"
    )
    body = response.json()
    raw = response.content.decode()
    assert not any(s in raw for s in SECRETS), "the API answer echoes the identifying text"
    findings = body.get("findings") or []
    assert findings, "the 422 lists no findings"
    assert all(f["field"] == field for f in findings), findings
    assert "nhs_number" in {f["kind"] for f in findings}, findings
    for finding in findings:
        assert 0 <= finding["start"] < finding["end"] <= len(text), finding
        assert "text" not in finding, "a finding carries its text"
    assert _count(model) == before, f"{model.__name__} gained rows on a blocked write"
    return body


def only_low_confidence_names(monkeypatch, word: str) -> None:
    """Make the guard see ``word`` as an uncertain name (a warning, never a block), so a
    test of the "confirm and continue" path does not depend on how sure the real name
    detector is about one sentence."""
    from . import guard
    from .scanner import Finding

    def scan(text):
        start = (text or "").find(word)
        if start < 0:
            return []
        return [Finding("person_name", start, start + len(word), word, "low")]

    monkeypatch.setattr(guard, "scan", scan)
    monkeypatch.setattr(guard, "redact", lambda text: (text or "").replace(word, "[name]"))
