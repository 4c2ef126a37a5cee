"""``/api/v1/events``: the same rules as the pages, per role."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from practice_commons.accounts.models import HostMembership
from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
from practice_commons.communities.tests.factories import add_member
from practice_commons.confidentiality.testing import assert_api_guarded
from practice_commons.events import services
from practice_commons.events.models import Event, EventInvitation, Registration

from .conftest import event_data, invitation_token, past_event

pytestmark = pytest.mark.django_db

BASE = "/api/v1/events"


@pytest.fixture
def api(api_client_for):
    def make(user):
        return Client() if user is None else api_client_for(user)

    return make


def post(client, url, payload=None):
    return client.post(url, payload or {}, content_type="application/json")


def _payload(**overrides):
    start = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    payload = {
        "title": "Joint training on neglect",
        "description": "For every agency.",
        "kind": "joint_training",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "venue": "Civic Hall",
        "capacity": 2,
        "cpd_hours": 3,
        "publish": True,
    }
    payload.update(overrides)
    return payload


def test_visitors_need_a_token(api, event):
    assert api(None).get(BASE).status_code == 401
    assert api(None).get(f"{BASE}/{event.pk}").status_code == 401


def test_list_and_read(api, make_event, member, professions):
    event = make_event(title="Listed", professions=[professions["teacher"]])
    make_event(title="Draft", publish=False)
    body = api(member).get(BASE).json()
    assert [e["title"] for e in body["items"]] == ["Listed"]
    item = body["items"][0]
    assert item["target_professions"] == ["teacher"] and item["places_taken"] == 0
    assert item["starts_at_london"].endswith(("+00:00", "+01:00"))
    assert api(member).get(BASE, {"kind": "visit"}).json()["count"] == 0
    assert api(member).get(BASE, {"profession": "health-visitor"}).json()["count"] == 0
    one = api(member).get(f"{BASE}/{event.pk}").json()
    assert one["your_registration"] is None and one["online_url"] is None


def test_create_per_role(api, organiser, host_org, member, host_admin, community, facilitator_of):
    payload = _payload(organisation=host_org.slug, co_hosts=[], target_professions=["teacher"])
    assert post(api(member), BASE, payload).status_code == 403
    response = post(api(organiser), BASE, payload)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["organisation"] == host_org.slug and body["status"] == "published"
    facilitator = facilitator_of(community)
    response = post(api(facilitator), BASE, _payload(community=community.slug))
    assert response.status_code == 201 and response.json()["community"] == community.slug
    assert post(api(host_admin), BASE, _payload()).status_code == 201
    bad = post(api(organiser), BASE, _payload(organisation=host_org.slug, venue="", address=""))
    assert bad.status_code == 400 and "venue" in bad.json()["detail"]


def test_create_refuses_times_without_an_offset_and_overlong_text(api, organiser, host_org):
    """Each was a server error (comparing a naive time with the clock; a title too long
    for its column on PostgreSQL); each is now the caller's 400 (422 for overlong text,
    refused before the service), or 404 for a host that does not exist, and nothing is
    stored."""
    client = api(organiser)
    naive = post(
        client,
        BASE,
        _payload(
            organisation=host_org.slug,
            starts_at="2031-03-04T18:00:00",
            ends_at="2031-03-04T20:00:00",
        ),
    )
    assert naive.status_code == 400
    assert set(naive.json()["detail"]) == {"starts_at", "ends_at"}
    long_title = post(client, BASE, _payload(organisation=host_org.slug, title="x" * 201))
    assert long_title.status_code == 422
    assert long_title.json()["detail"][0]["loc"][-1] == "title"
    long_text = post(client, BASE, _payload(organisation=host_org.slug, description="y" * 5001))
    assert long_text.status_code == 422
    assert long_text.json()["detail"][0]["loc"][-1] == "description"
    assert post(client, BASE, _payload(organisation="no-such-agency")).status_code == 404
    assert not Event.objects.exists()


def test_create_is_guarded(api, api_client_for, organiser, host_org):
    client = api_client_for(organiser)
    assert_api_guarded(
        Client(),
        "post",
        BASE,
        _payload(organisation=host_org.slug),
        "description",
        client.token,
        model=Event,
    )


def test_register_waitlist_status_cancel_and_confirm(api, make_event, people):
    event = make_event(capacity=1)
    a, b = people(2)
    first = post(api(a), f"{BASE}/{event.pk}/registrations")
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    second = post(api(b), f"{BASE}/{event.pk}/registrations").json()
    assert second["status"] == "waitlisted" and second["waitlist_position"] == 1
    assert api(b).get(f"{BASE}/{event.pk}/registrations/me").json()["waitlist_position"] == 1
    cancelled = api(a).delete(f"{BASE}/{event.pk}/registrations/me")
    assert cancelled.json()["status"] == "cancelled"
    offered = api(b).get(f"{BASE}/{event.pk}/registrations/me").json()
    assert offered["status"] == "offered" and offered["offer_expires_at"]
    confirmed = post(api(b), f"{BASE}/{event.pk}/registrations/me/confirm").json()
    assert confirmed["status"] == "confirmed"
    assert api(UserFactory()).get(f"{BASE}/{event.pk}/registrations/me").status_code == 404


def test_refusals_are_409_with_a_code(api, make_event):
    event = make_event(audience="members", trial_allowed=True)
    other = make_event(audience="members", trial_allowed=True)
    invite_only = make_event(audience="invitation")
    person = UserFactory(host_membership=HostMembership.NON_MEMBER)
    assert post(api(person), f"{BASE}/{event.pk}/registrations").json()["is_trial"] is True
    refused = post(api(person), f"{BASE}/{other.pk}/registrations")
    assert refused.status_code == 409 and refused.json()["code"] == "trial_used"
    refused = post(api(UserFactory()), f"{BASE}/{invite_only.pk}/registrations")
    assert refused.status_code == 409 and refused.json()["code"] == "invitation_required"


def test_invitations_per_role(api, make_event, organiser, member):
    event = make_event(audience="invitation")
    url = f"{BASE}/{event.pk}/invitations"
    assert post(api(member), url, {"emails": ["x@example.org"]}).status_code == 403
    assert api(member).get(url).status_code == 403
    response = post(api(organiser), url, {"emails": ["guest@example.org"], "message": "Come"})
    assert response.status_code == 201
    [invitation] = response.json()
    assert invitation["email"] == "guest@example.org"
    assert "url" not in invitation, "the link exists only in the invitee's email"
    assert api(organiser).get(url).json()[0]["id"] == invitation["id"]
    token = invitation_token(EventInvitation.objects.get(pk=invitation["id"]))
    guest = UserFactory()
    registered = post(api(guest), f"{BASE}/{event.pk}/registrations", {"invitation_token": token})
    assert registered.status_code == 201 and registered.json()["status"] == "confirmed"
    again = post(
        api(UserFactory()), f"{BASE}/{event.pk}/registrations", {"invitation_token": token}
    )
    assert again.status_code == 404, "a used link is spent"


def test_invitation_message_is_guarded(api_client_for, make_event, organiser):
    event = make_event()
    client = api_client_for(organiser)
    assert_api_guarded(
        Client(),
        "post",
        f"{BASE}/{event.pk}/invitations",
        {"emails": ["x@example.org"]},
        "message",
        client.token,
        model=EventInvitation,
    )


def test_registrations_and_attendance_per_role(api, make_event, organiser, professions):
    police = OrganisationFactory(name="Police", slug="police")
    event = make_event(co_hosts=[police])
    officer = UserFactory(
        organisation=police, profession=professions["teacher"], full_name="Officer Dibble"
    )
    other = UserFactory(full_name="Someone Else")
    police_admin = UserFactory(organisation=police, org_role="admin")
    regs = [services.registration_create(actor=p, event=event) for p in (officer, other)]
    url = f"{BASE}/{event.pk}/registrations"
    everyone = api(organiser).get(url).json()
    assert {r["name"] for r in everyone} == {"Officer Dibble", "Someone Else"}
    assert {r["profession"] for r in everyone} >= {"Teacher"}
    own = api(police_admin).get(url).json()
    assert [r["name"] for r in own] == ["Officer Dibble"]
    assert api(officer).get(url).status_code == 403

    attendance = f"{BASE}/{event.pk}/attendance"
    too_early = post(api(organiser), attendance, {"registration_ids": [regs[0].pk]})
    assert too_early.status_code == 400
    past_event(event)
    assert (
        post(api(police_admin), attendance, {"registration_ids": [regs[0].pk]}).status_code == 403
    )
    marked = post(api(organiser), attendance, {"registration_ids": [r.pk for r in regs]})
    assert marked.json() == {"changed": 2}
    assert [r["attended"] for r in api(police_admin).get(attendance).json()] == [True]
    assert Registration.objects.filter(event=event, attended_at__isnull=False).count() == 2


def test_private_community_events_are_404_to_outsiders(api, private_community, facilitator_of):
    facilitator = facilitator_of(private_community)
    event = services.event_create(
        actor=facilitator, publish=True, data=event_data(community=private_community)
    )
    outsider = UserFactory()
    for method, url in (
        ("get", f"{BASE}/{event.pk}"),
        ("post", f"{BASE}/{event.pk}/registrations"),
        ("get", f"{BASE}/{event.pk}/registrations"),
        ("get", f"{BASE}/{event.pk}/attendance"),
    ):
        response = api(outsider).get(url) if method == "get" else post(api(outsider), url)
        assert response.status_code == 404, (method, url)
    assert event.title not in api(outsider).get(BASE).content.decode()
    insider = add_member(private_community)
    assert api(insider).get(f"{BASE}/{event.pk}").status_code == 200


def test_online_link_in_the_api_only_when_confirmed(api, make_event, member):
    event = make_event(format="online", venue="", online_url="https://meet.example.org/x")
    assert api(member).get(f"{BASE}/{event.pk}").json()["online_url"] is None
    post(api(member), f"{BASE}/{event.pk}/registrations")
    body = api(member).get(f"{BASE}/{event.pk}").json()
    assert body["online_url"] == "https://meet.example.org/x"
    assert body["your_registration"]["status"] == "confirmed"


def test_openapi_lists_the_events_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/events" in paths
    assert "/api/v1/events/{event_id}/registrations/me" in paths
    assert "/api/v1/events/{event_id}/attendance" in paths
