"""``/api/v1/reflection``: booking, the group rules, the presenter and their writing,
actions, attendance and deleting private notes, with the pages' rules per role."""

import json

import pytest
from django.test import Client

from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.reflection import services
from practice_commons.reflection.models import ActionCommitment, PrivateNote

from .conftest import run_to_checkout

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reflection"


@pytest.fixture
def api(api_client_for):
    return lambda user: Client() if user is None else api_client_for(user)


def send(client, method, url, payload=None):
    return getattr(client, method)(url, json.dumps(payload or {}), content_type="application/json")


def test_visitors_need_a_token(api, session):
    assert send(api(None), "post", f"{BASE}/sessions/{session.pk}/booking").status_code == 401


def test_community_sessions(api, session, community, member_of, outsider):
    listed = api(member_of()).get(f"{BASE}/communities/{community.slug}/sessions").json()
    assert [s["id"] for s in listed["items"]] == [session.pk]
    past = api(member_of()).get(f"{BASE}/communities/{community.slug}/sessions?past=true")
    assert past.json()["items"] == []
    assert api(outsider).get(f"{BASE}/communities/nowhere/sessions").status_code == 404


def test_book_confirm_rules_and_cancel(api, session, member_of):
    person = member_of("Ria Reader")
    client = api(person)
    booked = send(client, "post", f"{BASE}/sessions/{session.pk}/booking")
    assert booked.status_code == 200, booked.content
    assert booked.json()["you"]["has_place"] is True
    confirmed = send(client, "post", f"{BASE}/sessions/{session.pk}/rules")
    assert confirmed.json()["you"]["rules_confirmed"] is True
    cancelled = send(client, "delete", f"{BASE}/sessions/{session.pk}/booking")
    assert cancelled.status_code == 200 and cancelled.json()["you"]["has_place"] is False


def test_rules_need_a_place(api, session, member_of):
    refused = send(api(member_of()), "post", f"{BASE}/sessions/{session.pk}/rules")
    assert refused.status_code == 409 and refused.json()["code"] == "no_place"


def test_presenter_volunteers_and_writes(api, session, group, facilitator):
    ana = group["ana"]
    url = f"{BASE}/sessions/{session.pk}/presenter"
    stepped = send(api(group["presenter"]), "put", url, {"user_id": None})
    assert stepped.status_code == 200 and stepped.json()["you"]["is_presenter"] is False
    volunteered = send(api(ana), "put", url, {"user_id": ana.pk})
    assert volunteered.status_code == 200 and volunteered.json()["you"]["is_presenter"] is True
    issue = send(api(ana), "put", f"{BASE}/sessions/{session.pk}/issue", {"text": "Holding risk."})
    assert issue.status_code == 200, issue.content
    other = send(api(group["ben"]), "put", f"{BASE}/sessions/{session.pk}/issue", {"text": "Mine"})
    assert other.status_code == 403
    guarded = send(
        api(ana), "put", f"{BASE}/sessions/{session.pk}/issue", {"text": f"NHS {NHS_NUMBER}"}
    )
    assert guarded.status_code == 422
    session.refresh_from_db()
    assert session.issue_summary == "Holding risk."


def test_facilitator_chooses_someone_with_a_place_only(api, session, group, facilitator, member_of):
    url = f"{BASE}/sessions/{session.pk}/presenter"
    chosen = send(api(facilitator), "put", url, {"user_id": group["ben"].pk})
    assert chosen.status_code == 200
    session.refresh_from_db()
    assert session.presenter_id == group["ben"].pk
    nobody = send(api(facilitator), "put", url, {"user_id": member_of().pk})
    assert nobody.status_code == 400 and "has a place" in nobody.content.decode()


def test_summary_and_actions_by_the_presenter(api, opened, group):
    presenter = api(group["presenter"])
    summary = send(presenter, "put", f"{BASE}/sessions/{opened.pk}/summary", {"text": "Heard."})
    assert summary.status_code == 200, summary.content
    added = send(
        presenter, "post", f"{BASE}/sessions/{opened.pk}/actions", {"text": "Call the school."}
    )
    assert added.status_code == 200, added.content
    action = ActionCommitment.objects.get()
    assert (
        send(
            api(group["ana"]), "delete", f"{BASE}/sessions/{opened.pk}/actions/{action.pk}"
        ).status_code
        == 403
    )
    removed = send(presenter, "delete", f"{BASE}/sessions/{opened.pk}/actions/{action.pk}")
    assert removed.status_code == 200 and not ActionCommitment.objects.exists()


def test_attendance_for_facilitators(api, opened, group, facilitator):
    url = f"{BASE}/sessions/{opened.pk}/attendance"
    assert api(group["ana"]).get(url).status_code == 403
    rows = api(facilitator).get(url).json()
    assert {r["name"] for r in rows} >= {"Ana Anders", "Ben Baker"}
    assert not any(r["attended"] for r in rows)
    run_to_checkout(opened, facilitator)
    refused = send(api(group["ana"]), "put", url, {"user_ids": [group["ana"].pk]})
    assert refused.status_code == 403
    recorded = send(api(facilitator), "put", url, {"user_ids": [group["ana"].pk]})
    assert recorded.status_code == 200, recorded.content
    attended = {r["name"] for r in recorded.json() if r["attended"]}
    assert attended == {"Ana Anders"}


def test_delete_your_own_note_only(api, opened, group):
    note = services.private_note_add(
        actor=group["ana"], session=opened, body="Remember to breathe."
    )
    assert send(api(group["ben"]), "delete", f"{BASE}/notes/{note.pk}").status_code == 404
    assert send(api(group["ana"]), "delete", f"{BASE}/notes/{note.pk}").status_code == 204
    assert not PrivateNote.objects.exists()
