"""``/api/v1/reflection`` (``reflection.api_sessions``): scheduling and changing a session,
opening it, the live state, joining, leaving, the facilitator's controls and a
community's figures, with the pages' rules for every role: who is refused, what changed
in the database, and that nothing changed on a refusal or bad input."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from practice_commons.confidentiality.testing import NHS_NUMBER
from practice_commons.reflection import services
from practice_commons.reflection.models import Participant, ReflectiveSession, Stage

pytestmark = pytest.mark.django_db
BASE = "/api/v1/reflection"


@pytest.fixture
def api(api_client_for):
    return lambda user: Client() if user is None else api_client_for(user)


def send(client, method, url, payload=None):
    return getattr(client, method)(url, json.dumps(payload or {}), content_type="application/json")


def _schedule_body(**overrides) -> dict:
    start = (timezone.now() + timedelta(days=3)).replace(microsecond=0)
    body = {
        "title": "Thursday reflective session",
        "theme": "Holding uncertainty",
        "session_format": "flexible",
        "starts_at": start.isoformat(),
        "minutes": 90,
        "where": "online",
        "online_url": "https://meet.example.org/reflect",
        "capacity": 8,
    }
    body.update(overrides)
    return body


# --- Scheduling ------------------------------------------------------------------------------


def test_schedule_refusals_change_nothing(api, community, member_of, outsider):
    url = f"{BASE}/communities/{community.slug}/sessions"
    before = ReflectiveSession.objects.count()
    assert send(api(None), "post", url, _schedule_body()).status_code == 401
    assert send(api(member_of()), "post", url, _schedule_body()).status_code == 403
    assert send(api(outsider), "post", url, _schedule_body()).status_code == 403
    nowhere = f"{BASE}/communities/nowhere/sessions"
    assert send(api(outsider), "post", nowhere, _schedule_body()).status_code == 404
    assert ReflectiveSession.objects.count() == before


def test_schedule_in_a_private_community_is_404_to_outsiders(api, community, outsider):
    community.visibility = "private"
    community.save(update_fields=["visibility"])
    url = f"{BASE}/communities/{community.slug}/sessions"
    assert send(api(outsider), "post", url, _schedule_body()).status_code == 404
    assert not ReflectiveSession.objects.exists()


def test_facilitator_schedules_and_get_still_lists(api, community, facilitator):
    url = f"{BASE}/communities/{community.slug}/sessions"
    made = send(api(facilitator), "post", url, _schedule_body(audience="members", capacity=6))
    assert made.status_code == 201, made.content
    session = ReflectiveSession.objects.get(pk=made.json()["id"])
    assert session.facilitator == facilitator and session.theme == "Holding uncertainty"
    assert session.event.capacity == 6 and session.event.audience == "members"
    assert session.event.title == "Thursday reflective session"
    listed = api(facilitator).get(url)
    assert listed.status_code == 200 and session.pk in [s["id"] for s in listed.json()["items"]]


def test_schedule_naive_start_is_uk_time(api, community, facilitator):
    start = (timezone.now() + timedelta(days=40)).date()
    body = _schedule_body(starts_at=f"{start.isoformat()}T19:30:00")
    made = send(api(facilitator), "post", f"{BASE}/communities/{community.slug}/sessions", body)
    assert made.status_code == 201, made.content
    starts = ReflectiveSession.objects.get(pk=made.json()["id"]).event.starts_at
    assert timezone.localtime(starts).strftime("%H:%M") == "19:30"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"where": "in_person", "online_url": ""}, "venue"),
        ({"starts_at": "2001-01-01T10:00:00+00:00"}, "starts_at"),
        ({"online_url": "not a link at all"}, "online_url"),
    ],
)
def test_schedule_bad_input_is_400(api, community, facilitator, overrides, field):
    url = f"{BASE}/communities/{community.slug}/sessions"
    refused = send(api(facilitator), "post", url, _schedule_body(**overrides))
    assert refused.status_code == 400, refused.content
    assert field in json.dumps(refused.json()["detail"])
    assert not ReflectiveSession.objects.exists()


def test_schedule_out_of_bounds_values_are_refused(api, community, facilitator):
    url = f"{BASE}/communities/{community.slug}/sessions"
    for bad in ({"capacity": 1}, {"minutes": 5}, {"session_format": "lecture"}, {"title": " "}):
        refused = send(api(facilitator), "post", url, _schedule_body(**bad))
        assert refused.status_code in (400, 422), (bad, refused.content)
    assert not ReflectiveSession.objects.exists()


def test_schedule_identifying_theme_is_422(api, community, facilitator):
    url = f"{BASE}/communities/{community.slug}/sessions"
    body = _schedule_body(theme=f"The family with NHS number {NHS_NUMBER}")
    refused = send(api(facilitator), "post", url, body)
    assert refused.status_code == 422
    assert NHS_NUMBER not in refused.content.decode()
    assert not ReflectiveSession.objects.exists()


def test_schedule_needs_a_write_token(community, facilitator):
    out = StringIO()
    call_command("create_api_token", facilitator.email, "--scope", "read", stdout=out)
    client = Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})
    url = f"{BASE}/communities/{community.slug}/sessions"
    assert send(client, "post", url, _schedule_body()).status_code == 403
    assert not ReflectiveSession.objects.exists()


# --- Changing a session ----------------------------------------------------------------------


def test_edit_refusals_change_nothing(api, session, member_of, group):
    url = f"{BASE}/sessions/{session.pk}"
    body = {"theme": "Something else"}
    assert send(api(None), "patch", url, body).status_code == 401
    assert send(api(member_of()), "patch", url, body).status_code == 403
    assert send(api(group["presenter"]), "patch", url, body).status_code == 403
    assert send(api(group["ana"]), "patch", f"{BASE}/sessions/999999", body).status_code == 404
    session.refresh_from_db()
    assert session.theme == "Holding uncertainty"


def test_facilitator_edits_and_get_still_reads(api, session, facilitator):
    url = f"{BASE}/sessions/{session.pk}"
    changed = send(api(facilitator), "patch", url, {"theme": "Staying curious"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["theme"] == "Staying curious"
    moved = send(api(facilitator), "patch", url, {"format": "action_learning"})
    assert moved.json()["format"] == "action_learning"
    send(api(facilitator), "patch", url, {"audience": "members"})
    session.refresh_from_db()
    assert session.theme == "Staying curious" and session.format == "action_learning"
    assert session.event.audience == "members"
    assert api(facilitator).get(url).json()["theme"] == "Staying curious"


def test_edit_bad_input_and_identifying_theme(api, session, facilitator):
    url = f"{BASE}/sessions/{session.pk}"
    assert send(api(facilitator), "patch", url, {"format": "lecture"}).status_code in (400, 422)
    guarded = send(api(facilitator), "patch", url, {"theme": f"NHS {NHS_NUMBER}"})
    assert guarded.status_code == 422
    session.refresh_from_db()
    assert session.theme == "Holding uncertainty" and session.format == "flexible"


def test_edit_after_opening_is_409(api, opened, facilitator):
    refused = send(api(facilitator), "patch", f"{BASE}/sessions/{opened.pk}", {"theme": "Later"})
    assert refused.status_code == 409 and refused.json()["code"] == "already_open"
    opened.refresh_from_db()
    assert opened.theme == "Holding uncertainty"


# --- Opening -----------------------------------------------------------------------------------


def test_open_refusals_change_nothing(api, session, group, member_of, outsider):
    url = f"{BASE}/sessions/{session.pk}/open"
    assert send(api(None), "post", url).status_code == 401
    assert send(api(group["ana"]), "post", url).status_code == 403
    assert send(api(member_of()), "post", url).status_code == 403
    session.refresh_from_db()
    assert session.stage == Stage.SCHEDULED and session.opened_at is None


def test_facilitator_opens_once(api, session, facilitator, group):
    url = f"{BASE}/sessions/{session.pk}/open"
    opened = send(api(facilitator), "post", url)
    assert opened.status_code == 200, opened.content
    assert opened.json()["stage"] == Stage.CHECK_IN and opened.json()["you"]["runs_it"]
    session.refresh_from_db()
    assert session.stage == Stage.CHECK_IN and session.opened_at is not None
    again = send(api(facilitator), "post", url)
    assert again.status_code == 409


# --- The live state -------------------------------------------------------------------------


def test_live_refusals(api, opened, member_of, outsider):
    url = f"{BASE}/sessions/{opened.pk}/live"
    assert api(None).get(url).status_code == 401
    assert api(member_of()).get(url).status_code == 403
    assert api(outsider).get(f"{BASE}/sessions/999999/live").status_code == 404


def test_live_for_a_participant_and_a_facilitator(api, opened, facilitator, group):
    services.stage_set(actor=facilitator, session=opened, stage=Stage.REFLECTIONS)
    opened.refresh_from_db()
    services.turn_next(actor=facilitator, session=opened)
    url = f"{BASE}/sessions/{opened.pk}/live"
    mine = api(group["ana"]).get(url).json()
    assert mine["stage"] == Stage.REFLECTIONS and mine["round"]["number"] == 1
    assert mine["speaking"]["name"] == "Ana Anders" and mine["speaking"]["is_you"]
    assert mine["you"]["my_turn"] and not mine["you"]["runs_it"]
    assert mine["people"] is None
    assert all(e["turn_id"] is None and e["heron_tags"] is None for e in mine["order"])
    assert mine["presenter"] == "Pat Presenter" and mine["present_count"] == 5
    theirs = api(facilitator).get(url).json()
    assert theirs["you"]["runs_it"] and len(theirs["people"]) == 5
    assert theirs["order"][0]["turn_id"] is not None
    assert not api(group["ben"]).get(url).json()["speaking"]["is_you"]


def test_live_material_only_for_attendees(api, opened, facilitator, group, member_of):
    services.issue_summary_save(actor=group["presenter"], session=opened, text="Naming concerns")
    services.stage_set(actor=facilitator, session=opened, stage=Stage.REFLECTIONS)
    other = member_of("Ola Otherfac")
    opened.community.memberships.filter(user=other).update(role="facilitator")
    url = f"{BASE}/sessions/{opened.pk}/live"
    assert api(group["ana"]).get(url).json()["material"]["issue_summary"] == "Naming concerns"
    not_theirs = api(other).get(url)
    assert not_theirs.status_code == 200 and not_theirs.json()["material"] is None
    assert "Naming concerns" not in not_theirs.content.decode()


def test_marked_left_sees_only_the_notice(api, opened, facilitator, group):
    ben = Participant.objects.get(session=opened, user=group["ben"])
    services.participant_mark_left(actor=facilitator, session=opened, participant=ben)
    body = api(group["ben"]).get(f"{BASE}/sessions/{opened.pk}/live").json()
    assert body["you"]["marked_left"] is True
    assert body["order"] == [] and body["presenter"] is None and body["material"] is None


# --- Joining and leaving ------------------------------------------------------------------------


def test_leave_and_join_again(api, opened, group):
    ana = group["ana"]
    left = send(api(ana), "post", f"{BASE}/sessions/{opened.pk}/live/leave")
    assert left.status_code == 200, left.content
    assert Participant.objects.get(session=opened, user=ana).left_at is not None
    again = send(api(ana), "post", f"{BASE}/sessions/{opened.pk}/live/leave")
    assert again.status_code == 409 and again.json()["code"] == "not_present"
    joined = send(api(ana), "post", f"{BASE}/sessions/{opened.pk}/live/join")
    assert joined.status_code == 200 and joined.json()["you"]["present"]
    assert Participant.objects.get(session=opened, user=ana).left_at is None


def test_join_refusals_change_nothing(api, session, opened, member_of, facilitator):
    person = member_of("No Place")
    url = f"{BASE}/sessions/{opened.pk}/live/join"
    assert send(api(None), "post", url).status_code == 401
    refused = send(api(person), "post", url)
    assert refused.status_code == 409
    assert not Participant.objects.filter(session=opened, user=person).exists()
    assert send(api(person), "post", f"{BASE}/sessions/999999/live/join").status_code == 404


def test_join_before_opening_is_409(api, session, group):
    refused = send(api(group["ana"]), "post", f"{BASE}/sessions/{session.pk}/live/join")
    assert refused.status_code == 409 and refused.json()["code"] == "not_open"
    assert Participant.objects.get(session=session, user=group["ana"]).joined_at is None


# --- The facilitator's controls -----------------------------------------------------------------


def control(client, session, **body):
    return send(client, "post", f"{BASE}/sessions/{session.pk}/live/control", body)


def test_control_refusals_change_nothing(api, opened, group, member_of):
    assert control(api(None), opened, action="next_stage").status_code == 401
    assert control(api(member_of()), opened, action="next_stage").status_code == 403
    assert control(api(group["ana"]), opened, action="next_stage").status_code == 403
    assert control(api(group["ana"]), opened, action="timer", seconds=60).status_code == 403
    opened.refresh_from_db()
    assert opened.stage == Stage.CHECK_IN and opened.turn_seconds != 60


def test_control_bad_input_changes_nothing(api, opened, facilitator, outsider):
    client = api(facilitator)
    assert control(client, opened, action="explode").status_code in (400, 422)
    assert control(client, opened, action="timer", seconds=5).status_code in (400, 422)
    no_stage = control(client, opened, action="set_stage", stage="questions")  # action learning
    assert no_stage.status_code == 400 and "stage" in no_stage.json()["detail"]
    no_one = control(client, opened, action="present", user_id=outsider.pk)
    assert no_one.status_code == 400 and "user_id" in no_one.json()["detail"]
    assert control(client, opened, action="heron", turn_id=999999).status_code == 400
    opened.refresh_from_db()
    assert opened.stage == Stage.CHECK_IN


def test_facilitator_runs_the_session(api, opened, facilitator, group):
    client = api(facilitator)
    timer = control(client, opened, action="timer", seconds=90)
    assert timer.status_code == 200, timer.content
    opened.refresh_from_db()
    assert opened.turn_seconds == 90
    staged = control(client, opened, action="set_stage", stage="reflections")
    assert staged.json()["stage"] == Stage.REFLECTIONS
    turn = control(client, opened, action="next_turn").json()
    assert turn["speaking"]["name"] == "Ana Anders"
    passed = control(api(group["ana"]), opened, action="pass")
    assert passed.status_code == 200 and passed.json()["speaking"]["name"] == "Ben Baker"
    not_yours = control(api(group["cy"]), opened, action="pass")
    assert not_yours.status_code == 403
    turn_id = passed.json()["order"][0]["turn_id"]
    assert turn_id is None  # not shown to a participant
    turn_id = api(facilitator).get(f"{BASE}/sessions/{opened.pk}/live").json()["order"][0]
    tagged = control(client, opened, action="heron", turn_id=turn_id["turn_id"], tags=["catalytic"])
    assert tagged.json()["order"][0]["heron_tags"] == ["catalytic"]
    new_round = control(client, opened, action="new_round")
    assert new_round.status_code == 200 and new_round.json()["round"]["number"] == 2


def test_wrong_stage_is_409(api, opened, facilitator):
    refused = control(api(facilitator), opened, action="next_turn")
    assert refused.status_code == 409 and refused.json()["code"] == "wrong_stage"


def test_mark_left_and_close(api, opened, facilitator, group):
    client = api(facilitator)
    marked = control(client, opened, action="left", user_id=group["dee"].pk)
    assert marked.status_code == 200, marked.content
    assert Participant.objects.get(session=opened, user=group["dee"]).left_marked_by == facilitator
    while opened.stage != Stage.CHECK_OUT:
        opened = services.stage_next(actor=facilitator, session=opened)
    closed = control(client, opened, action="close")
    assert closed.status_code == 200 and closed.json()["stage"] == Stage.CLOSED
    opened.refresh_from_db()
    assert opened.stage == Stage.CLOSED


# --- Insights --------------------------------------------------------------------------------


def test_insights_for_facilitators_only(api, community, opened, facilitator, host_admin, group):
    url = f"{BASE}/communities/{community.slug}/insights"
    assert api(None).get(url).status_code == 401
    assert api(group["ana"]).get(url).status_code == 403
    body = api(facilitator).get(url).json()
    assert body["community"] == community.slug and len(body["months"]) == 12
    assert body["sessions_run"] == 1 and body["months"][-1]["sessions"] == 1
    assert "Ana" not in json.dumps(body)
    assert api(host_admin).get(url).status_code == 200
    assert api(facilitator).get(f"{BASE}/communities/nowhere/insights").status_code == 404


def test_insights_of_a_private_community_are_404_to_outsiders(api, community, outsider):
    community.visibility = "private"
    community.save(update_fields=["visibility"])
    assert api(outsider).get(f"{BASE}/communities/{community.slug}/insights").status_code == 404
