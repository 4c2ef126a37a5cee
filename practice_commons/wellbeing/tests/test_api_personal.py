"""The person's own wellbeing through the API: their page (trend and signposting),
working conditions and the validated questionnaires. Only ever the caller's own answers:
anyone else's answer is 404, whoever asks (host admins and organisation admins too)."""

import uuid

import pytest
from django.utils.module_loading import import_string

from practice_commons.wellbeing.instruments import instrument
from practice_commons.wellbeing.models import Response, SupportService

from .conftest import JULY, answer, staff

pytestmark = pytest.mark.django_db

BASE = "/api/v1/wellbeing"
JSON = "application/json"

CONDITIONS = {
    "extra_hours": 6,
    "days_unwell": 2,
    "satisfaction": 3,
    "leave": "unsure",
    "pressures": ["caseload", "admin"],
    "helps": ["peer_support"],
}


@pytest.fixture
def people(org, admin_of, other_admin, host):
    me, colleague = staff(org, 2, team="duty")
    return {"me": me, "colleague": colleague, "org_admin": admin_of, "host_admin": host}


@pytest.fixture
def support(db):
    return SupportService.objects.create(
        name="Staff counselling", description="Talk to someone", phone="0800 000 000"
    )


def _all_answers(instr):
    return {str(item.number): instr.options_for(item)[0][0] for item in instr.items}


def test_anonymous_is_refused_everywhere(client):
    for method, url in (
        ("get", f"{BASE}/me"),
        ("post", f"{BASE}/conditions"),
        ("get", f"{BASE}/instruments"),
        ("get", f"{BASE}/instruments/hse"),
        ("post", f"{BASE}/instruments/hse/answers"),
        ("get", f"{BASE}/instruments/hse/answers/{uuid.uuid4()}"),
    ):
        assert getattr(client, method)(url).status_code == 401, url


def test_my_wellbeing_is_mine_only(api_client_for, people, support):
    answer(people["me"], JULY, feeling=2)
    answer(people["colleague"], JULY, feeling=5)
    answer(people["colleague"], JULY, feeling=5)
    body = api_client_for(people["me"]).get(f"{BASE}/me").json()
    assert body["answers"] == 1
    assert [c["feeling"] for c in body["checkins"]] == [2]
    assert body["latest"]["kind"] == "checkin"
    assert body["can_see_figures"] is False
    assert "Staff counselling" in {s["name"] for s in body["support_services"]}
    assert {i["slug"] for i in body["instruments"]} == {"hse", "proqol"}
    # An admin who may see figures sees their own (empty) record, not anyone else's.
    for role in ("org_admin", "host_admin"):
        body = api_client_for(people[role]).get(f"{BASE}/me").json()
        assert body["answers"] == 0 and body["checkins"] == [] and body["latest"] is None
        assert body["can_see_figures"] is True


def test_conditions(api_client_for, people, support):
    api = api_client_for(people["me"])
    response = api.post(f"{BASE}/conditions", CONDITIONS, content_type=JSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["leave"] == "unsure" and sorted(body["pressures"]) == ["admin", "caseload"]
    assert "Staff counselling" in {s["name"] for s in body["support_services"]}
    assert api.get(f"{BASE}/me").json()["latest"]["kind"] == "conditions"
    assert api_client_for(people["colleague"]).get(f"{BASE}/me").json()["answers"] == 0


@pytest.mark.parametrize(
    "change",
    [
        {"extra_hours": -1},
        {"extra_hours": 81},
        {"days_unwell": 367},
        {"satisfaction": 0},
        {"satisfaction": 6},
        {"leave": "maybe"},
        {"pressures": ["cake"]},
        {"helps": ["cake"]},
        {"satisfaction": None},
    ],
)
def test_conditions_bad_input_stores_nothing(api_client_for, people, change):
    response = api_client_for(people["me"]).post(
        f"{BASE}/conditions", {**CONDITIONS, **change}, content_type=JSON
    )
    assert response.status_code == 422, response.content
    field = next(iter(change))
    assert any(field in [str(p) for p in issue["loc"]] for issue in response.json()["detail"])
    assert not Response.objects.exists()


def test_instruments_list_and_read(api_client_for, people):
    api = api_client_for(people["me"])
    body = api.get(f"{BASE}/instruments").json()
    assert [i["slug"] for i in body["items"]] == ["hse", "proqol"] and body["next"] is None
    page = api.get(f"{BASE}/instruments?limit=1").json()
    assert [i["slug"] for i in page["items"]] == ["hse"]
    rest = api.get(f"{BASE}/instruments?limit=1&cursor={page['next']}").json()
    assert [i["slug"] for i in rest["items"]] == ["proqol"]
    hse = api.get(f"{BASE}/instruments/hse").json()
    assert len(hse["items"]) == len(instrument("hse").items)
    assert hse["items"][0]["options"][0]["value"] == instrument("hse").low
    assert api.get(f"{BASE}/instruments/no-such").status_code == 404


def test_answer_a_questionnaire_and_read_the_result(api_client_for, people, support):
    hse = instrument("hse")
    api = api_client_for(people["me"])
    response = api.post(
        f"{BASE}/instruments/hse/answers", {"answers": _all_answers(hse)}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    result = response.json()
    assert result["instrument"] == "hse"
    assert {s["key"] for s in result["scales"]} == {s.key for s in hse.scales}
    assert all(s["value"] is not None for s in result["scales"])
    url = f"{BASE}/instruments/hse/answers/{result['id']}"
    assert api.get(url).json()["scales"] == result["scales"]
    # Nobody else reads it, whatever their role; nor under another questionnaire.
    for role in ("colleague", "org_admin", "host_admin"):
        assert api_client_for(people[role]).get(url).status_code == 404, role
    assert api.get(f"{BASE}/instruments/proqol/answers/{result['id']}").status_code == 404
    assert api.get(f"{BASE}/instruments/hse/answers/{uuid.uuid4()}").status_code == 404
    assert api.get(f"{BASE}/instruments/hse/answers/not-an-id").status_code == 422


@pytest.mark.parametrize(
    "answers, status, words",
    [
        ({}, 400, "item_1"),
        ({"1": 99}, 400, "item_1"),
        ("all but one", 400, "Answer statement"),
        ("out of range", 400, "Answer statement"),
        ({"one": 3}, 400, "statement number"),
        ("not a dict", 422, "answers"),
    ],
)
def test_questionnaire_bad_answers_store_nothing(api_client_for, people, answers, status, words):
    hse = instrument("hse")
    if answers == "all but one":
        answers = _all_answers(hse)
        answers.pop("3")
    elif answers == "out of range":
        answers = {**_all_answers(hse), "2": hse.high + 1}
    elif answers == "not a dict":
        answers = [1, 2, 3]
    response = api_client_for(people["me"]).post(
        f"{BASE}/instruments/hse/answers", {"answers": answers}, content_type=JSON
    )
    assert response.status_code == status, response.content
    assert words in response.content.decode()
    assert not Response.objects.exists()
    response = api_client_for(people["me"]).post(
        f"{BASE}/instruments/no-such/answers", {"answers": {}}, content_type=JSON
    )
    assert response.status_code == 404


def test_read_scope_token_cannot_answer(client, people):
    # The API app sits above this one: its token service is looked up by name.
    api_token_create = import_string("practice_commons.api.services.api_token_create")
    issued = api_token_create(actor=people["me"], user=people["me"], name="Read only", scope="read")
    headers = {"Authorization": f"Bearer {issued.raw}"}
    assert client.get(f"{BASE}/me", headers=headers).status_code == 200
    assert client.get(f"{BASE}/instruments", headers=headers).status_code == 200
    response = client.post(f"{BASE}/conditions", CONDITIONS, content_type=JSON, headers=headers)
    assert response.status_code == 403
    response = client.post(
        f"{BASE}/instruments/hse/answers",
        {"answers": _all_answers(instrument("hse"))},
        content_type=JSON,
        headers=headers,
    )
    assert response.status_code == 403
    assert not Response.objects.exists()
