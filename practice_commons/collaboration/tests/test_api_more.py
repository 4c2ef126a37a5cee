"""The rest of what the collaboration pages do, through the API: your opportunities,
one opportunity, closing it, replying to interest, an agreement's actions and
milestones, what is overdue, the public register, shadowing listings, directory settings
and champions; the same selectors and services, per role."""

import datetime as dt
import json

import pytest
from django.test import Client

from practice_commons.collaboration import services
from practice_commons.collaboration.models import Agreement, Interest, Opportunity
from practice_commons.confidentiality.testing import NHS_NUMBER

from .conftest import agreed, draft, today

pytestmark = pytest.mark.django_db
BASE = "/api/v1"


@pytest.fixture
def api(api_client_for):
    return lambda user: Client() if user is None else api_client_for(user)


def send(client, method, url, payload=None):
    return getattr(client, method)(url, json.dumps(payload or {}), content_type="application/json")


@pytest.fixture
def opportunity(world):
    return services.opportunity_create(
        actor=world["council_member"],
        data={
            "kind": "research",
            "title": "Evaluating family group conferences",
            "description": "We want a partner to evaluate our FGC service.",
            "sectors": ["university"],
            "closes_on": today() + dt.timedelta(days=5),
        },
    )


def test_visitors_need_a_token_except_for_the_register(api, opportunity):
    assert api(None).get(f"{BASE}/opportunities/mine").status_code == 401
    assert api(None).get(f"{BASE}/opportunities/{opportunity.pk}").status_code == 401
    assert api(None).get(f"{BASE}/agreements/register").status_code == 200


def test_your_opportunities_and_closing_one(api, world, opportunity):
    poster = api(world["council_member"])
    mine = poster.get(f"{BASE}/opportunities/mine").json()["items"]
    assert [(o["id"], o["interest_count"]) for o in mine] == [(opportunity.pk, 0)]
    assert api(world["police_contact"]).get(f"{BASE}/opportunities/mine").json()["items"] == []
    assert poster.get(f"{BASE}/opportunities/{opportunity.pk}").json()["status"] == "open"
    refused = send(
        api(world["police_contact"]), "post", f"{BASE}/opportunities/{opportunity.pk}/close"
    )
    assert refused.status_code == 403
    closed = send(poster, "post", f"{BASE}/opportunities/{opportunity.pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    again = send(poster, "post", f"{BASE}/opportunities/{opportunity.pk}/close")
    assert again.status_code == 409


def test_only_the_poster_replies_to_interest(api, world, opportunity):
    interest = services.interest_express(
        actor=world["police_contact"], opportunity=opportunity, message="We would like to help."
    )
    url = f"{BASE}/interests/{interest.pk}/reply"
    body = {"status": "shortlisted", "reply": "Thank you, let us talk."}
    assert send(api(world["police_contact"]), "post", url, body).status_code == 404
    replied = send(api(world["council_member"]), "post", url, body)
    assert replied.status_code == 200, replied.content
    assert replied.json()["status"] == "shortlisted"
    guarded = send(
        api(world["council_member"]), "post", url, {"status": "new", "reply": f"NHS {NHS_NUMBER}"}
    )
    assert guarded.status_code == 422
    assert Interest.objects.get().reply == "Thank you, let us talk."


def test_agreement_actions_and_milestones_for_parties(api, world):
    agreement = agreed(world)
    council = api(world["council_admin"])
    published = send(council, "post", f"{BASE}/agreements/{agreement.pk}/publish")
    assert published.status_code == 200 and published.json()["published"] is True
    register = api(None).get(f"{BASE}/agreements/register").json()["items"]
    assert [a["id"] for a in register] == [agreement.pk]
    milestone = agreement.milestones.get()
    url = f"{BASE}/agreements/{agreement.pk}/milestones/{milestone.pk}"
    assert send(api(world["other_admin"]), "put", url, {"done": True}).status_code == 404
    done = send(council, "put", url, {"done": True})
    assert (
        done.status_code == 200 and done.json()["milestones"][0]["done_on"] == today().isoformat()
    )
    ended = send(council, "post", f"{BASE}/agreements/{agreement.pk}/end")
    assert ended.status_code == 200 and ended.json()["state"] == "ended"
    assert send(council, "post", f"{BASE}/agreements/{agreement.pk}/explode").status_code == 422
    outsider = send(api(world["other_admin"]), "post", f"{BASE}/agreements/{agreement.pk}/renew")
    assert outsider.status_code == 404
    assert Agreement.objects.get(pk=agreement.pk).state == "ended"


def test_overdue_reviews_for_those_who_see_them(api, world):
    agreement = agreed(world)
    Agreement.objects.filter(pk=agreement.pk).update(review_on=today() - dt.timedelta(days=1))
    found = api(world["council_admin"]).get(f"{BASE}/agreements/overdue").json()
    assert [a["id"] for a in found["reviews"]] == [agreement.pk]
    assert api(world["other_admin"]).get(f"{BASE}/agreements/overdue").json()["reviews"] == []


def test_a_draft_is_not_on_the_register(api, world):
    draft(world, published=True)
    assert api(None).get(f"{BASE}/agreements/register").json()["items"] == []


def test_shadowing_listing_read_and_close(api, world):
    listing = services.shadowing_listing_create(
        actor=world["council_admin"],
        kind="offer",
        title="Shadow our MASH for a day",
        description="See how referrals are screened.",
        organisation=world["council"],
    )
    read = api(world["police_contact"]).get(f"{BASE}/shadowing/{listing.pk}")
    assert read.status_code == 200 and read.json()["title"] == "Shadow our MASH for a day"
    refused = send(api(world["police_contact"]), "post", f"{BASE}/shadowing/{listing.pk}/close")
    assert refused.status_code == 403
    closed = send(api(world["council_admin"]), "post", f"{BASE}/shadowing/{listing.pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_directory_settings_are_your_own(api, world):
    client = api(world["council_member"])
    changed = send(
        client, "put", f"{BASE}/directory/settings", {"visibility": "hidden", "show_bio": False}
    )
    assert changed.status_code == 200, changed.content
    assert client.get(f"{BASE}/directory/settings").json() == {
        "visibility": "hidden",
        "show_bio": False,
    }
    other = api(world["police_contact"]).get(f"{BASE}/directory/settings").json()
    assert other["visibility"] != "hidden"
    bad = send(
        client, "put", f"{BASE}/directory/settings", {"visibility": "everyone!", "show_bio": True}
    )
    assert bad.status_code == 400
    assert client.get(f"{BASE}/directory/settings").json()["visibility"] == "hidden"


def test_champions(api, world, opportunity):
    client = api(world["police_contact"])
    index = client.get(f"{BASE}/champions").json()
    assert [o["slug"] for o in index] == [world["council"].slug]
    page = client.get(f"{BASE}/champions/{world['council'].slug}").json()
    assert page["champions"] == ["Chris Champion"]
    assert client.get(f"{BASE}/champions/nowhere").status_code == 404
    assert Opportunity.objects.count() == 1


def terms_body(**overrides):
    body = {
        "title": "Joint neglect training, second year",
        "purpose": "Train together again.",
        "responsibilities": ["Runs it.", "Hosts it."],
        "start_on": today().isoformat(),
        "review_on": (today() + dt.timedelta(days=90)).isoformat(),
    }
    body.update(overrides)
    return body


def test_parties_change_an_agreement_as_a_new_version(api, world):
    agreement = agreed(world)
    url = f"{BASE}/agreements/{agreement.pk}"
    assert send(api(world["other_admin"]), "put", url, terms_body()).status_code == 404
    changed = send(api(world["police_admin"]), "put", url, terms_body())
    assert changed.status_code == 200, changed.content
    assert changed.json()["current_version"] == 2 and changed.json()["state"] == "proposed"
    guarded = send(api(world["police_admin"]), "put", url, terms_body(purpose=f"NHS {NHS_NUMBER}"))
    assert guarded.status_code == 422
    assert Agreement.objects.get(pk=agreement.pk).current_version == 2


def test_respond_to_shadowing_and_arrange_it(api, world):
    offer = services.shadowing_listing_create(
        actor=world["council_admin"],
        kind="offer",
        title="Shadow our MASH for a day",
        description="See how referrals are screened.",
        organisation=world["council"],
    )
    url = f"{BASE}/shadowing/{offer.pk}/responses"
    own = send(api(world["council_admin"]), "post", url, {"message": "Me too"})
    assert own.status_code == 409
    responded = send(api(world["police_contact"]), "post", url, {"message": "I would value this."})
    assert responded.status_code == 201, responded.content
    arrange = f"{BASE}/shadowing/responses/{responded.json()['id']}/arrange"
    day = {
        "start_on": today().isoformat(),
        "place": "Civic Hall",
        "ground_rules": "Observe only.",
        "hours": 6,
    }
    assert send(api(world["police_contact"]), "post", arrange, day).status_code == 404
    arranged = send(api(world["council_admin"]), "post", arrange, day)
    assert arranged.status_code == 201, arranged.content
    assert (arranged.json()["kind"], arranged.json()["state"]) == ("shadowing", "proposed")
    shadowing_url = f"{BASE}/agreements/{arranged.json()['id']}"
    not_edited = send(api(world["council_admin"]), "put", shadowing_url, terms_body())
    assert not_edited.status_code == 404
