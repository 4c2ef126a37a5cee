"""Every role against every collaboration page and API operation, refusals included:
only parties (and host admins) see an agreement; only each party's named contact
accepts; only the poster sees expressions of interest; visitors are sent to sign in
(the public register excepted)."""

import datetime as dt

import pytest
from django.urls import reverse

from practice_commons.collaboration import services
from practice_commons.collaboration.models import Acceptance

from .conftest import agreed, draft, today

pytestmark = pytest.mark.django_db

ROLES = (
    "visitor",
    "council_admin",
    "council_champion",
    "council_member",
    "police_admin",
    "police_contact",
    "other_admin",
    "non_member",
    "host_admin",
)
PARTIES = {"council_admin", "council_champion", "police_admin", "police_contact"}
CONTACTS = {"council_admin", "police_contact"}


def _client(client, world, role):
    if role != "visitor":
        client.force_login(world[role])
    return client


def _status(client, url):
    return client.get(url).status_code


@pytest.mark.parametrize("role", ROLES)
def test_agreement_pages_for_each_role(client, world, role):
    agreement = agreed(world)
    _client(client, world, role)
    urls = {
        "detail": reverse("collaboration:agreement", args=[agreement.pk]),
        "version": reverse("collaboration:agreement_version", args=[agreement.pk, 1]),
        "pdf": reverse("collaboration:agreement_pdf", args=[agreement.pk]),
        "edit": reverse("collaboration:agreement_edit", args=[agreement.pk]),
    }
    for name, url in urls.items():
        status = _status(client, url)
        if role == "visitor":
            assert status == 302, (name, status)
        elif role in PARTIES:
            assert status == 200, (name, status)
        elif role == "host_admin":
            assert status == (404 if name == "edit" else 200), (name, status)
        else:
            assert status == 404, (name, status)


@pytest.mark.parametrize("role", ROLES)
def test_agreement_list_shows_only_ones_party_to(client, world, role):
    agreement = agreed(world)
    _client(client, world, role)
    response = client.get(reverse("collaboration:agreements"))
    if role == "visitor":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    assert (agreement.title in response.content.decode()) == (role in PARTIES | {"host_admin"})


@pytest.mark.parametrize("role", ROLES)
def test_agreement_actions_for_each_role(client, world, role):
    agreement = draft(world)
    _client(client, world, role)
    url = reverse("collaboration:agreement_action", args=[agreement.pk, "propose"])
    response = client.post(url)
    agreement.refresh_from_db()
    if role == "visitor":
        assert response.status_code == 302 and agreement.state == "draft"
    elif role in PARTIES:
        assert response.status_code == 302 and agreement.state == "proposed"
    elif role == "host_admin":
        assert response.status_code == 403 and agreement.state == "draft"
    else:
        assert response.status_code == 404 and agreement.state == "draft"


@pytest.mark.parametrize("role", ROLES)
def test_accept_page_only_for_named_contacts(client, world, role):
    agreement = draft(world)
    services.agreement_propose(actor=world["council_admin"], agreement=agreement)
    _client(client, world, role)
    response = client.post(
        reverse("collaboration:agreement_accept", args=[agreement.pk]), {"version": "1"}
    )
    made = Acceptance.objects.filter(version__agreement=agreement).count()
    if role in CONTACTS:
        assert response.status_code == 302 and made == 1
    else:
        assert made == 0
        expected = {"visitor": 302, "host_admin": 403}.get(role, 403 if role in PARTIES else 404)
        assert response.status_code == expected, response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_agreement_api_for_each_role(world, role, api_client_for, client):
    agreement = draft(world)
    services.agreement_propose(actor=world["council_admin"], agreement=agreement)
    api = client if role == "visitor" else api_client_for(world[role])
    got = api.get(f"/api/v1/agreements/{agreement.pk}")
    listed = api.get("/api/v1/agreements")
    accept = api.post(
        f"/api/v1/agreements/{agreement.pk}/accept", {"version": 1}, content_type="application/json"
    )
    if role == "visitor":
        assert (got.status_code, listed.status_code, accept.status_code) == (401, 401, 401)
        return
    readers = PARTIES | {"host_admin"}
    assert got.status_code == (200 if role in readers else 404)
    ids = [a["id"] for a in listed.json()["items"]]
    assert (agreement.pk in ids) == (role in readers)
    if role in CONTACTS:
        assert accept.status_code == 200, accept.content
    else:
        assert accept.status_code == (403 if role in readers else 404), accept.content


def test_stale_version_is_a_conflict_in_the_api(world, api_client_for):
    agreement = agreed(world)
    services.agreement_update(
        actor=world["council_admin"],
        agreement=agreement,
        title=agreement.title,
        terms=__import__(
            "practice_commons.collaboration.tests.conftest", fromlist=["make_terms"]
        ).make_terms(purpose="Changed."),
    )
    api = api_client_for(world["police_contact"])
    response = api.post(
        f"/api/v1/agreements/{agreement.pk}/accept", {"version": 1}, content_type="application/json"
    )
    assert response.status_code == 409
    assert "version 2" in response.json()["detail"]


@pytest.fixture
def opportunity(world):
    return services.opportunity_create(
        actor=world["council_admin"],
        organisation=world["council"],
        data={
            "kind": "joint_training",
            "title": "Joint training on neglect",
            "description": "Two days together.",
            "closes_on": today() + dt.timedelta(days=10),
        },
    )


SECRET_INTEREST = "We could bring our missing-children team."


@pytest.mark.parametrize("role", ROLES)
def test_only_the_poster_sees_interest(client, world, role, opportunity, api_client_for):
    services.interest_express(
        actor=world["police_contact"], opportunity=opportunity, message=SECRET_INTEREST
    )
    _client(client, world, role)
    page = client.get(opportunity.get_absolute_url())
    if role == "visitor":
        assert page.status_code == 302
        return
    assert page.status_code == 200
    shown = SECRET_INTEREST in page.content.decode()
    # the poster, and the person who wrote it, see it
    assert shown == (role in {"council_admin", "police_contact"})
    api = api_client_for(world[role])
    listed = api.get(f"/api/v1/opportunities/{opportunity.pk}/interests")
    assert listed.status_code == (200 if role == "council_admin" else 404)
    if role == "council_admin":
        assert listed.json()[0]["message"] == SECRET_INTEREST


def test_reply_page_only_for_the_poster(client, world, opportunity):
    interest = services.interest_express(
        actor=world["police_contact"], opportunity=opportunity, message="Count us in."
    )
    url = reverse("collaboration:interest_reply", args=[interest.pk])
    for role in ("council_champion", "police_contact", "host_admin", "council_member"):
        client.force_login(world[role])
        assert client.get(url).status_code == 404, role
    client.force_login(world["council_admin"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "shortlisted", "reply": "Let us meet."})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == "shortlisted" and interest.reply == "Let us meet."


@pytest.mark.parametrize("role", ROLES)
def test_signed_in_pages_send_visitors_to_sign_in(client, world, role):
    _client(client, world, role)
    for name in (
        "collaboration:directory",
        "collaboration:directory_settings",
        "collaboration:opportunities",
        "collaboration:my_opportunities",
        "collaboration:opportunity_new",
        "collaboration:agreements",
        "collaboration:overdue",
        "collaboration:shadowing",
        "collaboration:shadowing_new",
        "collaboration:champions",
    ):
        status = _status(client, reverse(name))
        assert status == (302 if role == "visitor" else 200), (name, status)


@pytest.mark.parametrize("role", ROLES)
def test_drafting_page_only_for_admins_and_champions(client, world, role):
    _client(client, world, role)
    status = _status(client, reverse("collaboration:agreement_new"))
    if role == "visitor":
        assert status == 302
    elif role in {"council_admin", "council_champion", "police_admin", "other_admin"}:
        assert status == 200
    else:
        assert status == 403


@pytest.mark.parametrize("role", ROLES)
def test_public_register_and_home_are_readable_by_anyone(client, world, role):
    agreement = agreed(world)
    services.agreement_set_published(
        actor=world["council_admin"], agreement=agreement, published=True
    )
    _client(client, world, role)
    for url in (reverse("collaboration:register"), reverse("collaboration:home")):
        response = client.get(url)
        assert response.status_code == 200
    assert agreement.title in client.get(reverse("collaboration:register")).content.decode()
    # the register names the parties, never the text
    assert "Party 1 runs" not in client.get(reverse("collaboration:register")).content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_champion_page_for_each_role(client, world, role):
    private = agreed(world, title="A private arrangement")
    _client(client, world, role)
    response = client.get(reverse("collaboration:champion_page", args=[world["council"].slug]))
    if role == "visitor":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert "Chris Champion" in html
    assert (private.title in html) == (role in PARTIES | {"host_admin"})
    assert ("Write a newsletter" in html) == (role in {"council_admin", "council_champion"})
