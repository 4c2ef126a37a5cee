"""Reflection lists page with a cursor: sessions (newest first) and the caller's own
private notes, each once; a cursor is refused on another filter or person."""

import pytest

from practice_commons.core.tests.api_paging import refused_elsewhere, walk_pages
from practice_commons.reflection import services

pytestmark = pytest.mark.django_db


def test_sessions_page(api_client_for, make_session, member_of, book):
    person = member_of("Ana Anders")
    for i in range(3):
        book(person, make_session(in_minutes=30 + i % 2))
    api = api_client_for(person)
    pages = walk_pages(api, "/api/v1/reflection/sessions", limit=2)
    assert [len(p) for p in pages] == [2, 1]


def test_notes_page(api_client_for, session, group):
    ana, ben = group["ana"], group["ben"]
    for i in range(5):
        services.private_note_add(actor=ana, session=session, body=f"A thought {i}.")
    services.private_note_add(actor=ben, session=session, body="Another thought.")
    api = api_client_for(ana)
    pages = walk_pages(api, "/api/v1/reflection/notes", limit=2)
    assert [len(p) for p in pages] == [2, 2, 1]
    refused_elsewhere(
        api, "/api/v1/reflection/notes", f"/api/v1/reflection/notes?session_id={session.pk}"
    )
    cursor = api.get("/api/v1/reflection/notes?limit=1").json()["next"]
    assert api_client_for(ben).get(f"/api/v1/reflection/notes?cursor={cursor}").status_code == 400
