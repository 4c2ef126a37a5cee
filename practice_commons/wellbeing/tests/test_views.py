"""Every page for every role (signed out, practitioner, organisation admin, host admin;
community facilitators in tests/integration/test_wellbeing_communities.py), the forms'
journeys and their refusals (clear messages, nothing stored), and every template
rendered at least once."""

import pytest
from django.urls import reverse

from practice_commons.wellbeing import selectors, services
from practice_commons.wellbeing.instruments import INSTRUMENTS
from practice_commons.wellbeing.models import Response

from .conftest import AUGUST, JULY, Q2_DAY, answer, staff

pytestmark = pytest.mark.django_db

PERSONAL = [
    "wellbeing:home",
    "wellbeing:checkin",
    "wellbeing:conditions",
    "wellbeing:instruments",
    "wellbeing:mine",
    "wellbeing:delete",
]


@pytest.fixture
def world(org, admin_of, host):
    people = staff(org, 12, team="duty")
    for person in people:
        answer(person, Q2_DAY, feeling=3)
        answer(person, JULY, feeling=4)
    return {
        "practitioner": people[0],
        "org_admin": admin_of,
        "host_admin": host,
    }


def test_signed_out_people_are_sent_to_sign_in(client, world):
    for name in [*PERSONAL, "wellbeing:aggregates", "wellbeing:aggregates_csv"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"], name


@pytest.mark.parametrize("role", ["practitioner", "org_admin", "host_admin"])
def test_every_personal_page_shows_signposting_and_the_exit_button(client_for, world, role):
    client = client_for(world[role])
    for name in PERSONAL:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        body = response.content.decode()
        assert "Samaritans" in body and "116 123" in body, name
        assert "govuk-exit-this-page" in body, name
    for slug in INSTRUMENTS:
        page = client.get(reverse("wellbeing:instrument_take", args=[slug]))
        assert page.status_code == 200 and "govuk-exit-this-page" in page.content.decode()


@pytest.mark.parametrize(
    "role, status",
    [("practitioner", 403), ("org_admin", 200), ("host_admin", 200)],
)
def test_the_dashboard_and_csv_by_role(client_for, world, role, status):
    client = client_for(world[role])
    assert client.get(reverse("wellbeing:aggregates")).status_code == status
    assert client.get(reverse("wellbeing:aggregates_csv")).status_code == status


def test_the_dashboard_shows_figures_changes_and_hidden_cells(client_for, world):
    client = client_for(world["org_admin"])
    page = client.get(
        reverse("wellbeing:aggregates"), {"group": "organisation", "key": "leeds"}
    ).content.decode()
    assert "Leeds City Council" in page
    assert "4.00" in page and "(n 12)" in page  # July quarter
    assert "Hidden" in page  # the admin themself, with no answers... or small groups
    assert "What is changing" in page
    assert "Apr–Jun 2026" in page and "Jul–Sep 2026" in page
    assert "Clearly better" in page or "No clear change" in page


def test_a_key_of_another_kind_is_a_clear_error(client_for, world):
    client = client_for(world["org_admin"])
    page = client.get(reverse("wellbeing:aggregates"), {"group": "organisation", "key": "york"})
    assert page.status_code == 200
    assert "There is a problem" in page.content.decode()
    csv = client.get(reverse("wellbeing:aggregates_csv"), {"group": "organisation", "key": "x"})
    assert csv.status_code == 400 and "key" in csv.content.decode()


def test_checkin_journey(client_for, world):
    person = world["practitioner"]
    client = client_for(person)
    response = client.post(
        reverse("wellbeing:checkin"), {"feeling": "2", "workload": "1", "support": "5"}
    )
    assert response.status_code == 302
    result = client.get(response["Location"]).content.decode()
    assert "Not so well" in result and "Not at all manageable" in result
    assert "Samaritans" in result
    mine = client.get(reverse("wellbeing:mine")).content.decode()
    assert "<svg" in mine and "Your check-ins, newest first" in mine
    assert "3 check-ins from" in mine  # May, July and today


def test_a_checkin_without_answers_says_what_to_do_and_stores_nothing(client_for, world):
    client = client_for(world["practitioner"])
    before = Response.objects.count()
    response = client.post(reverse("wellbeing:checkin"), {"feeling": "2", "workload": "9"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Choose an answer to “How supported do you feel at work?”" in body
    assert Response.objects.count() == before


def test_working_conditions_journey_and_refusal(client_for, world):
    client = client_for(world["practitioner"])
    bad = client.post(reverse("wellbeing:conditions"), {"extra_hours": "500"})
    assert bad.status_code == 200 and "There is a problem" in bad.content.decode()
    response = client.post(
        reverse("wellbeing:conditions"),
        {
            "extra_hours": "11",
            "days_unwell": "4",
            "satisfaction": "2",
            "leave": "yes",
            "pressures": ["caseload", "admin"],
            "helps": ["peer_support"],
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Caseload, Administration and paperwork" in page and "Support from peers" in page
    scores = selectors.my_answers(world["practitioner"], "conditions")[0].scores
    assert scores["intends_to_leave"] == 1 and scores["pressure_caseload"] == 1
    assert scores["helps_supervision"] == 0


@pytest.mark.parametrize("slug", list(INSTRUMENTS))
def test_each_instrument_taken_and_explained(client_for, world, slug):
    instrument = INSTRUMENTS[slug]
    client = client_for(world["practitioner"])
    missing = client.post(reverse("wellbeing:instrument_take", args=[slug]), {"item_1": "3"})
    assert missing.status_code == 200 and "There is a problem" in missing.content.decode()
    data = {f"item_{i.number}": "4" for i in instrument.items}
    response = client.post(reverse("wellbeing:instrument_take", args=[slug]), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    for scale in instrument.scales:
        assert scale.label in page
    assert "Comparing with others" in page and "no comparison" in page
    assert "Samaritans" in page
    assert instrument.licence.split(",")[0] in page


def test_an_unknown_instrument_is_404(client_for, world):
    client = client_for(world["practitioner"])
    assert client.get(reverse("wellbeing:instrument_take", args=["wemwbs"])).status_code == 404


def test_delete_needs_confirmation_then_deletes_everything(client_for, world):
    person = world["practitioner"]
    client = client_for(person)
    refused = client.post(reverse("wellbeing:delete"), {})
    assert "Tick the box" in refused.content.decode()
    assert len(selectors.my_answers(person)) == 2
    done = client.post(reverse("wellbeing:delete"), {"confirm": "on"}, follow=True)
    assert "Deleted 2 answers" in done.content.decode()
    assert selectors.my_answers(person) == []


def test_answers_are_counted_in_closed_quarters_only(client_for, world):
    services.checkin_submit(actor=world["practitioner"], feeling=1, workload=1, support=1)
    answer(world["practitioner"], AUGUST, feeling=1)
    client = client_for(world["host_admin"])
    page = client.get(reverse("wellbeing:aggregates"), {"group": "organisation"})
    assert "Oct–Dec 2026" not in page.content.decode()


def test_a_hard_time_puts_the_route_to_help_first(client_for, world):
    client = client_for(world["practitioner"])
    low = client.post(
        reverse("wellbeing:checkin"), {"feeling": "1", "workload": "3", "support": "3"}
    )
    page = client.get(low["Location"]).content.decode()
    assert "Help is there if you need it" in page
    assert page.index("Help is there") < page.index("Thank you")
    fine = client.post(
        reverse("wellbeing:checkin"), {"feeling": "4", "workload": "3", "support": "3"}
    )
    assert "Help is there" not in client.get(fine["Location"]).content.decode()
    burnout = INSTRUMENTS["proqol"].scale("proqol_burnout")
    data = {f"item_{n}": "3" for n in range(1, 31)}
    data.update({f"item_{n}": ("1" if n in burnout.reverse else "5") for n in burnout.items})
    high = client.post(reverse("wellbeing:instrument_take", args=["proqol"]), data)
    page = client.get(high["Location"]).content.decode()
    assert "Burnout: 50" in page and "Help is there if you need it" in page
