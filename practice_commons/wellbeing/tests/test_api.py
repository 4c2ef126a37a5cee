"""The API contract (``/api/v1/wellbeing``), every operation for every role, refusals
included: anonymous 401; your own check-ins only; bad answers 400 naming the field;
figures only for the groups you may see (403 for a kind you may not see, 404 for a key)."""

import pytest

from practice_commons.wellbeing import services

from .conftest import JULY, answer, staff

pytestmark = pytest.mark.django_db

BASE = "/api/v1/wellbeing"


@pytest.fixture
def world(org, admin_of, other_admin, host):
    people = staff(org, 12, team="duty")
    for person in people:
        answer(person, JULY, feeling=4)
    return {
        "practitioner": people[0],
        "org_admin": admin_of,
        "other_org_admin": other_admin,
        "host_admin": host,
    }


def test_anonymous_is_refused_everywhere(client, world):
    for method, url in (
        ("get", f"{BASE}/checkins"),
        ("post", f"{BASE}/checkins"),
        ("delete", f"{BASE}/me"),
        ("get", f"{BASE}/aggregates?group=organisation"),
    ):
        assert getattr(client, method)(url).status_code == 401, url


def test_checkins_round_trip(api_client_for, world):
    api = api_client_for(world["practitioner"])
    created = api.post(
        f"{BASE}/checkins",
        {"feeling": 2, "workload": 3, "support": 4},
        content_type="application/json",
    )
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {"id", "date", "feeling", "workload", "support"}
    assert (body["feeling"], body["workload"], body["support"]) == (2, 3, 4)
    listed = api.get(f"{BASE}/checkins").json()
    assert listed["count"] == 2  # and the July one
    assert listed["items"][0]["id"] == body["id"]  # newest first
    assert api.get(f"{BASE}/checkins?limit=1&offset=1").json()["items"][0]["date"] == (
        JULY.isoformat()
    )


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"feeling": 6, "workload": 3, "support": 3}, "feeling"),
        ({"feeling": 3, "workload": 0, "support": 3}, "workload"),
        ({"feeling": 3, "workload": 3, "support": -1}, "support"),
    ],
)
def test_a_bad_answer_is_400_and_stores_nothing(api_client_for, world, payload, field):
    api = api_client_for(world["practitioner"])
    before = api.get(f"{BASE}/checkins").json()["count"]
    response = api.post(f"{BASE}/checkins", payload, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["detail"]
    assert api.get(f"{BASE}/checkins").json()["count"] == before


def test_a_missing_or_non_numeric_answer_is_the_validation_422(api_client_for, world):
    api = api_client_for(world["practitioner"])
    for payload in ({"feeling": 3}, {"feeling": "lots", "workload": 3, "support": 3}):
        response = api.post(f"{BASE}/checkins", payload, content_type="application/json")
        assert response.status_code == 422


def test_delete_me(api_client_for, world):
    person = world["practitioner"]
    services.checkin_submit(actor=person, feeling=1, workload=1, support=1)
    api = api_client_for(person)
    assert api.delete(f"{BASE}/me").json() == {"deleted": 2}
    assert api.get(f"{BASE}/checkins").json()["count"] == 0
    assert api.delete(f"{BASE}/me").json() == {"deleted": 0}


# (role, query) -> status
MATRIX = [
    ("practitioner", "group=organisation", 403),
    ("practitioner", "group=profession", 403),
    ("practitioner", "group=community", 403),
    ("org_admin", "group=organisation", 200),
    ("org_admin", "group=organisation&key=leeds", 200),
    ("org_admin", "group=organisation&key=bradford", 404),
    ("org_admin", "group=profession", 403),
    ("org_admin", "group=nation", 403),
    ("org_admin", "group=community", 403),
    ("other_org_admin", "group=organisation&key=leeds", 404),
    ("other_org_admin", "group=organisation&key=bradford", 200),
    ("host_admin", "group=organisation", 200),
    ("host_admin", "group=organisation&key=leeds", 200),
    ("host_admin", "group=organisation&key=nowhere", 404),
    ("host_admin", "group=profession&key=social-worker", 200),
    ("host_admin", "group=nation&key=wales", 200),
    ("host_admin", "group=organisation&measure=no_such_measure", 400),
    ("host_admin", "group=everyone", 422),
    ("host_admin", "group=organisation&period=week", 422),
]


@pytest.mark.parametrize("role, query, status", MATRIX)
def test_who_may_see_which_figures(api_client_for, world, role, query, status):
    response = api_client_for(world[role]).get(f"{BASE}/aggregates?{query}")
    assert response.status_code == status, response.content
    if status == 200:
        cells = response.json()["cells"]
        for cell in cells:
            assert set(cell) == {"period", "group", "n", "mean", "distribution", "suppressed"}
            if cell["suppressed"]:
                assert cell["n"] is None and cell["mean"] is None
                assert cell["distribution"] is None
            else:
                assert cell["n"] >= 10


def test_each_reader_gets_only_their_groups(api_client_for, world):
    org_admin = api_client_for(world["org_admin"])
    groups = {
        c["group"] for c in org_admin.get(f"{BASE}/aggregates?group=organisation").json()["cells"]
    }
    assert groups and all(g.startswith("organisation:leeds") for g in groups)
    host = api_client_for(world["host_admin"])
    groups = {c["group"] for c in host.get(f"{BASE}/aggregates?group=organisation").json()["cells"]}
    assert "organisation:leeds" in groups and not any("/" in g for g in groups)
    cells = org_admin.get(f"{BASE}/aggregates?group=organisation&key=leeds").json()["cells"]
    total = [c for c in cells if c["group"] == "organisation:leeds" and not c["suppressed"]]
    assert total and total[0]["n"] == 12 and total[0]["mean"] == 4.0


def test_a_requested_group_with_no_answers_is_all_hidden_not_absent(api_client_for, world):
    host = api_client_for(world["host_admin"])
    cells = host.get(f"{BASE}/aggregates?group=nation&key=wales").json()["cells"]
    assert cells and all(c["suppressed"] for c in cells)


def test_openapi_documents_the_operations(api_client_for, world):
    document = api_client_for(world["host_admin"]).get("/api/v1/openapi.json").json()
    paths = document["paths"]
    assert {"get", "post"} <= set(paths[f"{BASE}/checkins"])
    assert "delete" in paths[f"{BASE}/me"]
    aggregates = paths[f"{BASE}/aggregates"]["get"]
    assert {"200", "403", "404"} <= set(aggregates["responses"])
