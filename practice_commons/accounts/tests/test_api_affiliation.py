"""``/api/v1/organisations/{slug}/affiliation-requests``, ``/api/v1/affiliation-requests``
(the host's), their approval and decline, and ``/api/v1/me/affiliation/resend``: who may
list and decide (the organisation's admins, host admins; never one's own request, never
a new organisation's for its admins), every role that must be refused with nothing
changed, and what a decision writes (the membership, the person's organisation, the
audit entry, the email)."""

import re

import pytest
from django.core import mail
from django.test import Client

from practice_commons.accounts import services
from practice_commons.accounts.models import (
    AffiliationRequest,
    AuditEvent,
    OrganisationDomain,
    OrganisationMembership,
    User,
)
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NAME

from .affiliation_roles import pending_person
from .factories import HostAdminFactory, OrgAdminFactory, OrganisationFactory, UserFactory
from .test_api_organisations import narrow_client

pytestmark = pytest.mark.django_db

JSON = "application/json"
HOST_REQUESTS = "/api/v1/affiliation-requests"
RESEND = "/api/v1/me/affiliation/resend"
LINK = re.compile(r"/affiliations/confirm/([A-Za-z0-9_-]+)/")


@pytest.fixture
def world():
    leeds = OrganisationFactory(name="Leeds City Council")
    other = OrganisationFactory(name="Bradford Council")
    waiting = pending_person(leeds, full_name="Waiting Person")
    return {
        "leeds": leeds,
        "admin": OrgAdminFactory(organisation=leeds),
        "host admin": HostAdminFactory(),
        "waiting": waiting,
        "request": AffiliationRequest.objects.get(user=waiting),
        "refused": {
            "member": UserFactory(organisation=leeds),
            "champion": UserFactory(organisation=leeds, org_role="champion"),
            "practitioner elsewhere": UserFactory(),
            "other organisation's admin": OrgAdminFactory(organisation=other),
        },
    }


def _requests_url(organisation) -> str:
    return f"/api/v1/organisations/{organisation.slug}/affiliation-requests"


def _decision(api, request_id, action, **payload):
    url = f"{HOST_REQUESTS}/{request_id}/{action}"
    if action == "decline":
        payload = {"reason": "Please use your work address.", **payload}
        return api.post(url, payload, content_type=JSON)
    return api.post(url)


def _snapshot():
    return (
        list(OrganisationMembership.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values_list("pk", "organisation_id")),
        list(AffiliationRequest.objects.order_by("pk").values()),
        AuditEvent.objects.exclude(action__startswith="api_token.").count(),
        len(mail.outbox),
    )


def _new_organisation_request():
    """Someone who added a new organisation with their request: the host vets it."""
    person = UserFactory(organisation=None, full_name="Founding Person")
    founded = OrganisationFactory(name="Brand New Charity")
    return AffiliationRequest.objects.create(
        user=person,
        organisation=founded,
        route=AffiliationRequest.Route.HOST_ADMINS,
        new_organisation=True,
    )


# --- Lists ------------------------------------------------------------------------------------


def test_admin_lists_the_organisations_requests_and_may_decide_them(api_client_for, world):
    second = AffiliationRequest.objects.get(user=pending_person(world["leeds"]))
    api = api_client_for(world["admin"])
    first = api.get(_requests_url(world["leeds"]), {"limit": 1})
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["count"] == 2 and body["next"]
    item = body["items"][0]
    assert item["id"] == world["request"].pk and item["can_decide"] is True
    assert item["person"]["name"] == "Waiting Person"
    assert item["organisation"]["slug"] == world["leeds"].slug
    assert item["status"] == "pending" and item["route"] == "org_admins"
    rest = api.get(_requests_url(world["leeds"]), {"limit": 1, "cursor": body["next"]}).json()
    assert [i["id"] for i in rest["items"]] == [second.pk] and rest["next"] is None


def test_requests_waiting_for_a_link_are_not_listed(api_client_for, world):
    OrganisationDomain.objects.create(organisation=world["leeds"], domain="leeds.gov.uk")
    AffiliationRequest.objects.create(
        user=UserFactory(organisation=None),
        organisation=world["leeds"],
        route=AffiliationRequest.Route.DOMAIN_EMAIL,
        work_email="nia@leeds.gov.uk",
    )
    body = api_client_for(world["admin"]).get(_requests_url(world["leeds"])).json()
    assert [i["id"] for i in body["items"]] == [world["request"].pk]


def test_ones_own_request_is_listed_but_not_ones_to_decide(api_client_for, world):
    own = AffiliationRequest.objects.create(
        user=world["host admin"],
        organisation=OrganisationFactory(name="Second Employer"),
        route=AffiliationRequest.Route.ORGANISATION_ADMINS,
    )
    second_admin = OrgAdminFactory(organisation=own.organisation)
    url = _requests_url(own.organisation)
    mine = api_client_for(world["host admin"]).get(url).json()["items"]
    assert [(i["id"], i["can_decide"]) for i in mine] == [(own.pk, False)]
    theirs = api_client_for(second_admin).get(url).json()["items"]
    assert [(i["id"], i["can_decide"]) for i in theirs] == [(own.pk, True)]


def test_host_admin_lists_what_only_the_host_decides(api_client_for, world):
    founding = _new_organisation_request()
    no_admin = OrganisationFactory(name="Village Trust")
    orphan = AffiliationRequest.objects.get(user=pending_person(no_admin))
    body = api_client_for(world["host admin"]).get(HOST_REQUESTS).json()
    ids = [i["id"] for i in body["items"]]
    assert ids == [founding.pk, orphan.pk] and body["count"] == 2
    assert all(i["can_decide"] for i in body["items"])
    assert body["items"][0]["new_organisation"] is True
    # The organisation's own admins see its new-organisation request but may not decide it.
    founder_admin = OrgAdminFactory(organisation=founding.organisation)
    listed = api_client_for(founder_admin).get(_requests_url(founding.organisation)).json()
    assert [(i["id"], i["can_decide"]) for i in listed["items"]] == [(founding.pk, False)]


def test_refused_roles_get_404_for_the_lists(api_client_for, world):
    for role, person in {"organisation's admin": world["admin"], **world["refused"]}.items():
        api = api_client_for(person)
        assert api.get(HOST_REQUESTS).status_code == 404, role
        if role != "organisation's admin":
            assert api.get(_requests_url(world["leeds"])).status_code == 404, role
    waiting = api_client_for(world["waiting"])
    assert waiting.get(_requests_url(world["leeds"])).status_code == 404
    missing = "/api/v1/organisations/no-such-organisation/affiliation-requests"
    assert api_client_for(world["host admin"]).get(missing).status_code == 404


# --- Decisions ----------------------------------------------------------------------------------


@pytest.mark.parametrize("decider", ["admin", "host admin"])
def test_approval_makes_the_person_a_verified_member(
    api_client_for, world, decider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _decision(api_client_for(world[decider]), world["request"].pk, "approve")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "verified" and response.json()["can_decide"] is False
    membership = OrganisationMembership.objects.get(user=world["waiting"])
    assert membership.organisation == world["leeds"] and membership.role == "member"
    assert membership.verified_via == "admin_approval"
    world["waiting"].refresh_from_db()
    assert world["waiting"].organisation == world["leeds"]
    entry = AuditEvent.objects.get(action="affiliation.verify")
    assert entry.actor == world[decider] and entry.data["verified_via"] == "admin_approval"
    assert mail.outbox[-1].to == [world["waiting"].email]
    again = _decision(api_client_for(world[decider]), world["request"].pk, "approve")
    assert again.status_code == 404  # no longer waiting for a decision


@pytest.mark.parametrize("decider", ["admin", "host admin"])
def test_decline_with_a_reason_tells_the_person(
    api_client_for, world, decider, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _decision(api_client_for(world[decider]), world["request"].pk, "decline")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "declined"
    world["request"].refresh_from_db()
    assert world["request"].decline_reason == "Please use your work address."
    assert world["request"].decided_by == world[decider]
    assert not OrganisationMembership.objects.filter(user=world["waiting"]).exists()
    entry = AuditEvent.objects.get(action="affiliation.decline")
    assert "Please use" not in str(entry.data) and entry.reason == ""
    assert "Please use your work address." in mail.outbox[-1].body


def test_a_blank_or_identifying_reason_is_refused_and_nothing_changes(api_client_for, world):
    api = api_client_for(world["admin"])
    before = _snapshot()
    blank = _decision(api, world["request"].pk, "decline", reason="   ")
    assert blank.status_code == 400 and "reason" in blank.json()["detail"]
    identifying = _decision(api, world["request"].pk, "decline", reason=IDENTIFYING_TEXT[:500])
    assert identifying.status_code == 422
    assert NAME not in identifying.content.decode()
    too_long = _decision(api, world["request"].pk, "decline", reason="x" * 501)
    assert too_long.status_code in (400, 422)
    assert _snapshot() == before


def test_refused_roles_cannot_decide_and_nothing_changes(api_client_for, world):
    before = _snapshot()
    for role, person in {**world["refused"], "the person themselves": world["waiting"]}.items():
        api = api_client_for(person)
        for action in ("approve", "decline"):
            assert _decision(api, world["request"].pk, action).status_code == 404, (role, action)
    assert _decision(api_client_for(world["admin"]), 999999, "approve").status_code == 404
    assert _snapshot() == before


def test_a_new_organisations_request_is_for_host_admins_only(api_client_for, world):
    founding = _new_organisation_request()
    founder_admin = OrgAdminFactory(organisation=founding.organisation)
    before = _snapshot()
    for action in ("approve", "decline"):
        assert _decision(api_client_for(founder_admin), founding.pk, action).status_code == 404
    assert _snapshot()[:3] == before[:3]
    approved = _decision(api_client_for(world["host admin"]), founding.pk, "approve")
    assert approved.status_code == 200
    assert OrganisationMembership.objects.filter(user=founding.user).exists()


def test_a_host_admin_cannot_approve_their_own_request(api_client_for, world):
    own = AffiliationRequest.objects.create(
        user=world["host admin"],
        organisation=world["leeds"],
        route=AffiliationRequest.Route.ORGANISATION_ADMINS,
    )
    before = _snapshot()
    assert _decision(api_client_for(world["host admin"]), own.pk, "approve").status_code == 404
    assert _snapshot() == before
    # Leeds's admin may.
    assert _decision(api_client_for(world["admin"]), own.pk, "approve").status_code == 200


def test_deciding_needs_an_admin_token_and_a_token(world):
    before = _snapshot()
    assert _decision(Client(), world["request"].pk, "approve").status_code == 401
    assert Client().get(HOST_REQUESTS).status_code == 401
    for scope in ("read", "write"):
        api = narrow_client(world["admin"], scope)
        assert api.get(_requests_url(world["leeds"])).status_code == 403, scope
        for action in ("approve", "decline"):
            assert _decision(api, world["request"].pk, action).status_code == 403, scope
    assert _snapshot()[:3] == before[:3]


# --- Resending one's own link -------------------------------------------------------------


def _ask_by_email(person, organisation, captured):
    OrganisationDomain.objects.create(organisation=organisation, domain="leeds.gov.uk")
    with captured(execute=True):
        services.affiliation_choose(
            actor=person, user=person, organisation=organisation, work_email="nia@leeds.gov.uk"
        )
    return AffiliationRequest.objects.get(user=person, status="pending")


def test_the_person_gets_a_new_link_and_the_old_one_stops_working(
    api_client_for, world, django_capture_on_commit_callbacks
):
    person = UserFactory(organisation=None)
    asked = _ask_by_email(person, world["leeds"], django_capture_on_commit_callbacks)
    old_digest = asked.token_digest
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(person).post(RESEND)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["work_email"] == "nia@leeds.gov.uk" and body["link_expires_at"]
    assert body["organisation"]["slug"] == world["leeds"].slug
    asked.refresh_from_db()
    assert asked.token_digest and asked.token_digest != old_digest
    assert mail.outbox[-1].to == ["nia@leeds.gov.uk"] and LINK.search(mail.outbox[-1].body)
    assert AuditEvent.objects.get(action="affiliation.link_resend").actor == person
    assert "token" not in response.content.decode().replace("link_expires_at", "")


def test_resend_without_a_waiting_link_is_409_and_without_a_request_404(api_client_for, world):
    before = _snapshot()
    # Waiting for the organisation's admins: no link to send.
    assert api_client_for(world["waiting"]).post(RESEND).status_code == 409
    assert api_client_for(world["refused"]["practitioner elsewhere"]).post(RESEND).status_code == (
        404
    )
    assert Client().post(RESEND).status_code == 401
    assert _snapshot()[:3] == before[:3]


def test_resend_needs_a_write_token(world):
    api = narrow_client(world["waiting"], "read")
    assert api.post(RESEND).status_code == 403


def test_the_request_lists_cost_the_same_queries_whatever_their_size(api_client_for, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(api, url) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url).status_code == 200
        return len(captured)

    admin, host = api_client_for(world["admin"]), api_client_for(world["host admin"])
    _new_organisation_request_named()
    queries(admin, _requests_url(world["leeds"])), queries(host, HOST_REQUESTS)  # first use
    small = (queries(admin, _requests_url(world["leeds"])), queries(host, HOST_REQUESTS))
    for _ in range(20):
        pending_person(world["leeds"])
        _new_organisation_request_named()
    large = (queries(admin, _requests_url(world["leeds"])), queries(host, HOST_REQUESTS))
    assert large == small


def _new_organisation_request_named():
    person = UserFactory(organisation=None)
    return AffiliationRequest.objects.create(
        user=person,
        organisation=OrganisationFactory(),
        route=AffiliationRequest.Route.HOST_ADMINS,
        new_organisation=True,
    )
