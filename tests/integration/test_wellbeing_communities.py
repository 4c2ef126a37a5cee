"""Communities as wellbeing groups (registered by ``api/wellbeing_groups.py``, since
wellbeing sits below communities): a person's communities are snapshotted on each answer;
a community's owners and facilitators, and host admins, see its figures, with the same
suppression as every other group; members and everyone else do not."""

import pytest
from django.urls import reverse

from practice_commons.communities.models import Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.wellbeing import services
from practice_commons.wellbeing.tests import conftest as wellbeing
from practice_commons.wellbeing.tests.conftest import JULY, answer, staff

# The wellbeing app's fixtures, made visible here.
org = wellbeing.org
admin_of = wellbeing.admin_of
host = wellbeing.host
_today = wellbeing._today

pytestmark = pytest.mark.django_db

BASE = "/api/v1/wellbeing/aggregates"


@pytest.fixture
def world(org, admin_of, host):
    community = make_community(name="Duty SW")
    facilitator = add_member(community, staff(org, 1)[0], role=Role.FACILITATOR)
    member = add_member(community, staff(org, 1)[0])
    people = staff(org, 12)
    for person in people:
        add_member(community, person)
        answer(person, JULY, feeling=4)
    small = make_community(name="Tiny set")
    for person in people[:3]:
        add_member(small, person)
    return {
        "facilitator": facilitator,
        "member": member,
        "org_admin": admin_of,
        "host_admin": host,
        "people": people,
        "community": community,
    }


def test_answers_count_in_the_communities_of_the_person(world):
    groups = services.group_ids_of(world["people"][0])
    assert "community:duty-sw" in groups and "community:tiny-set" in groups


@pytest.mark.parametrize(
    "role, query, status",
    [
        ("member", "group=community&key=duty-sw", 403),
        ("facilitator", "group=community&key=duty-sw", 200),
        ("facilitator", "group=community", 200),
        ("facilitator", "group=community&key=tiny-set", 404),
        ("facilitator", "group=organisation", 403),
        ("org_admin", "group=community", 403),
        ("host_admin", "group=community&key=duty-sw", 200),
        ("host_admin", "group=community&key=tiny-set", 200),
    ],
)
def test_who_sees_community_figures(api_client_for, world, role, query, status):
    assert api_client_for(world[role]).get(f"{BASE}?{query}").status_code == status


def test_community_figures_and_suppression(api_client_for, world):
    facilitator = api_client_for(world["facilitator"])
    cells = facilitator.get(f"{BASE}?group=community&key=duty-sw").json()["cells"]
    published = [c for c in cells if not c["suppressed"]]
    assert {c["group"] for c in cells} == {"community:duty-sw"}
    # the organisation has 12 answers, the community the same 12: nothing to subtract
    assert published and published[0]["n"] == 12 and published[0]["mean"] == 4.0
    host_api = api_client_for(world["host_admin"])
    tiny = host_api.get(f"{BASE}?group=community&key=tiny-set").json()["cells"]
    assert tiny and all(c["suppressed"] and c["n"] is None for c in tiny)


def test_the_facilitator_dashboard(client_for, world):
    client = client_for(world["facilitator"])
    page = client.get(reverse("wellbeing:aggregates"))
    assert page.status_code == 200 and "Duty SW" in page.content.decode()
    assert client.get(reverse("wellbeing:aggregates_csv")).status_code == 200
    client = client_for(world["member"])
    assert client.get(reverse("wellbeing:aggregates")).status_code == 403
