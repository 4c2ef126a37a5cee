"""``/api/v1/register`` (host admins) and ``/api/v1/me/membership-claim``: every role that
must be refused (no token, members, organisation admins, a token without admin scope,
a host admin acting on their own membership) and the host admin who succeeds, with what
changed in the database, the audit entries, and nothing changed on a refusal."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client

from practice_commons.accounts import services
from practice_commons.accounts.models import (
    AuditEvent,
    ClaimStatus,
    HostMembership,
    HostMembershipClaim,
    HostMembershipRecord,
    User,
)
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NAME

from .factories import HostAdminFactory, OrgAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def _write_token(user) -> str:
    """A token with write scope, not admin (through the command: accounts may not
    import the api app)."""
    out = io.StringIO()
    call_command("create_api_token", user.email, "--scope", "write", stdout=out)
    return out.getvalue().strip()


JSON = "application/json"
NON_MEMBER = HostMembership.NON_MEMBER
CSV = (
    "email,membership_number,valid_from,valid_until\n"
    "sam.jones@example.org,CAPA-0001,2025-04-01,2027-03-31\n"
    "ria.khan@example.org,CAPA-0002,01/04/2025,\n"
)


def _is_member(user) -> bool:
    return User.objects.get(pk=user.pk).is_host_member


def _snapshot():
    return (
        list(HostMembershipRecord.objects.order_by("pk").values()),
        list(HostMembershipClaim.objects.order_by("pk").values()),
        # Tokens made for the test are audited too (api_token.create): not the register's.
        AuditEvent.objects.exclude(action__startswith="api_token.").count(),
    )


@pytest.fixture
def world():
    member = UserFactory()
    claimant = UserFactory(host_membership=NON_MEMBER)
    claim = services.host_membership_claim(actor=claimant, number="CAPA-0404")
    return {
        "admin": HostAdminFactory(),
        "member": member,
        "record": member.host_membership_records.get(),
        "claimant": claimant,
        "claim": claim,
        "refused": {
            "practitioner": UserFactory(host_membership=NON_MEMBER),
            "member": member,
            "organisation admin": OrgAdminFactory(),
        },
    }


def _admin_requests(world):
    record, claim = world["record"], world["claim"]
    return [
        ("get", "/api/v1/register", None),
        ("post", "/api/v1/register", {"email": "new@example.org"}),
        ("post", "/api/v1/register/import", {"csv": CSV}),
        ("post", f"/api/v1/register/{record.pk}/end", {"reason": "Left"}),
        ("get", "/api/v1/register/claims", None),
        ("get", f"/api/v1/register/claims/{claim.pk}", None),
        ("post", f"/api/v1/register/claims/{claim.pk}/decision", {"decision": "approve"}),
    ]


def _send(client, method, url, body):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, content_type=JSON)


# --- who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["practitioner", "member", "organisation admin"])
def test_everyone_but_host_admins_is_refused_with_403_and_nothing_changes(
    api_client_for, world, role
):
    api = api_client_for(world["refused"][role])
    before = _snapshot()
    for method, url, body in _admin_requests(world):
        response = _send(api, method, url, body)
        assert response.status_code == 403, (method, url, response.content)
    assert _snapshot() == before
    assert not _is_member(world["claimant"])


def test_no_token_is_401_and_a_host_admins_write_token_is_403(world):
    before = _snapshot()
    for method, url, body in _admin_requests(world):
        assert _send(Client(), method, url, body).status_code == 401, url
    api = Client(headers={"Authorization": f"Bearer {_write_token(world['admin'])}"})
    for method, url, body in _admin_requests(world):
        response = _send(api, method, url, body)
        assert response.status_code == 403, url
        assert "admin" in response.json()["detail"]
    assert _snapshot() == before
    assert Client().get("/api/v1/me/membership-claim").status_code == 401


def test_unknown_entries_and_claims_are_404_for_host_admins(api_client_for, world):
    api = api_client_for(world["admin"])
    assert (
        api.post("/api/v1/register/999999/end", {"reason": "x"}, content_type=JSON).status_code
        == 404
    )
    assert api.get("/api/v1/register/claims/999999").status_code == 404
    decided = api.post(
        "/api/v1/register/claims/999999/decision", {"decision": "approve"}, content_type=JSON
    )
    assert decided.status_code == 404


# --- the register ------------------------------------------------------------------------


def test_the_register_lists_searches_and_pages(api_client_for, world):
    api = api_client_for(world["admin"])
    ended = HostMembershipRecord.objects.create(
        email="gone@example.org", valid_from=dt.date(2020, 1, 1), source="admin"
    )
    services.host_membership_end(actor=world["admin"], record=ended, reason="Left")
    body = api.get("/api/v1/register").json()
    emails = {e["email"] for e in body["items"]}
    assert world["member"].email in emails and "gone@example.org" not in emails
    assert body["pending_claims"] == 1
    mine = next(e for e in body["items"] if e["email"] == world["member"].email)
    assert mine["person"]["id"] == world["member"].pk and mine["status"] == "current"

    ended_list = api.get("/api/v1/register?show=ended").json()["items"]
    assert [e["email"] for e in ended_list] == ["gone@example.org"]
    assert ended_list[0]["status"] == "ended" and ended_list[0]["end_reason"] == "Left"
    found = api.get("/api/v1/register", {"q": world["member"].full_name, "show": "all"}).json()
    assert [e["id"] for e in found["items"]] == [world["record"].pk]

    total = HostMembershipRecord.objects.count() - 1  # the ended one is not current
    first = api.get("/api/v1/register?limit=1").json()
    assert first["count"] == total and len(first["items"]) == 1 and first["next"]
    second = api.get(f"/api/v1/register?limit=1&cursor={first['next']}").json()
    assert second["items"][0]["id"] != first["items"][0]["id"]
    assert api.get("/api/v1/register?show=everything").status_code == 422


def test_a_host_admin_grants_an_entry_matched_at_once_to_a_verified_address(api_client_for, world):
    person = UserFactory(host_membership=NON_MEMBER, email="rhian@example.org")
    response = api_client_for(world["admin"]).post(
        "/api/v1/register",
        {"email": "Rhian@Example.org", "number": " capa-77 ", "reason": "Joined today."},
        content_type=JSON,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"]["id"] == person.pk and body["number"] == "CAPA-77"
    record = HostMembershipRecord.objects.get(pk=body["id"])
    assert record.granted_by == world["admin"] and record.source == "admin"
    assert _is_member(person)
    audit = AuditEvent.objects.get(action="host_membership.grant", target_id=str(record.pk))
    assert audit.actor == world["admin"] and audit.data["user_id"] == person.pk


@pytest.mark.parametrize(
    "body, field",
    [
        ({}, "email"),
        ({"email": "not-an-address"}, "email"),
        ({"number": "CAPA 12 !"}, "number"),
        ({"number": "N-1", "valid_from": "2026-05-01", "valid_until": "2026-04-01"}, "valid_until"),
    ],
)
def test_a_bad_grant_is_400_and_writes_nothing(api_client_for, world, body, field):
    before = _snapshot()
    response = api_client_for(world["admin"]).post("/api/v1/register", body, content_type=JSON)
    assert response.status_code == 400 and field in response.json()["detail"], response.content
    assert _snapshot() == before


def test_a_number_already_on_the_register_and_identifying_reasons_are_refused(
    api_client_for, world
):
    api = api_client_for(world["admin"])
    assert api.post("/api/v1/register", {"number": "N-1"}, content_type=JSON).status_code == 201
    before = _snapshot()
    again = api.post("/api/v1/register", {"number": "n-1"}, content_type=JSON)
    assert again.status_code == 400 and "number" in again.json()["detail"]
    guarded = api.post(
        "/api/v1/register",
        {"number": "N-2", "reason": IDENTIFYING_TEXT[:500]},
        content_type=JSON,
    )
    assert guarded.status_code == 422 and NAME not in guarded.content.decode()
    assert _snapshot() == before


def test_a_host_admin_cannot_grant_themselves_membership(api_client_for):
    admin = HostAdminFactory(host_membership=NON_MEMBER)
    before = _snapshot()
    response = api_client_for(admin).post(
        "/api/v1/register", {"email": admin.email.upper()}, content_type=JSON
    )
    assert response.status_code == 403
    assert _snapshot() == before and not _is_member(admin)


def test_a_host_admin_ends_an_entry_once_with_a_reason(api_client_for, world):
    api, record = api_client_for(world["admin"]), world["record"]
    url = f"/api/v1/register/{record.pk}/end"
    before = _snapshot()
    missing = api.post(url, {"reason": "  "}, content_type=JSON)
    assert missing.status_code == 400 and "reason" in missing.json()["detail"]
    guarded = api.post(url, {"reason": IDENTIFYING_TEXT[:500]}, content_type=JSON)
    assert guarded.status_code == 422
    assert _snapshot() == before

    ended = api.post(url, {"reason": "Did not renew."}, content_type=JSON)
    assert ended.status_code == 200, ended.content
    assert ended.json()["status"] == "ended" and ended.json()["ended_by"]
    assert not _is_member(world["member"])
    audit = AuditEvent.objects.get(action="host_membership.end", target_id=str(record.pk))
    assert audit.reason == "Did not renew." and audit.actor == world["admin"]
    assert api.post(url, {"reason": "Again."}, content_type=JSON).status_code == 409


# --- import ------------------------------------------------------------------------------


def test_an_import_is_checked_then_written_once_from_csv_text(api_client_for, world):
    api = api_client_for(world["admin"])
    checked = api.post(
        "/api/v1/register/import", {"csv": CSV, "check_only": True}, content_type=JSON
    )
    assert checked.status_code == 200, checked.content
    assert checked.json() == {
        "rows": 2,
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "matched": 0,
        "check_only": True,
        "written": False,
    }
    assert not HostMembershipRecord.objects.filter(number__startswith="CAPA-000").exists()

    written = api.post("/api/v1/register/import", {"csv": CSV}, content_type=JSON).json()
    assert written["written"] is True and written["created"] == 2
    assert HostMembershipRecord.objects.filter(number__startswith="CAPA-000").count() == 2
    assert AuditEvent.objects.filter(action="host_membership.import").count() == 1

    again = api.post("/api/v1/register/import", {"csv": CSV}, content_type=JSON).json()
    assert again["written"] is False and again["unchanged"] == 2
    assert AuditEvent.objects.filter(action="host_membership.import").count() == 1


def test_an_import_takes_rows_and_matches_verified_addresses(api_client_for, world):
    person = UserFactory(host_membership=NON_MEMBER, email="sam.jones@example.org")
    rows = [
        {
            "email": "sam.jones@example.org",
            "membership_number": "CAPA-0001",
            "valid_from": "2025-04-01",
            "valid_until": "",
        },
        {"membership_number": "CAPA-0002", "valid_from": "01/04/2025"},
    ]
    response = api_client_for(world["admin"]).post(
        "/api/v1/register/import", {"rows": rows}, content_type=JSON
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 2 and response.json()["matched"] == 1
    assert _is_member(person)


def test_an_import_with_any_wrong_row_writes_nothing_and_names_each_row(api_client_for, world):
    api = api_client_for(world["admin"])
    before = _snapshot()
    rows = [
        {"email": "ok@example.org", "valid_from": "2025-04-01"},
        {"email": "not-an-address", "valid_from": "2025-04-01"},
        {"email": "ok2@example.org", "valid_from": "yesterday"},
        {"email": "ok@example.org", "valid_from": "2025-04-01"},
    ]
    response = api.post("/api/v1/register/import", {"rows": rows}, content_type=JSON)
    assert response.status_code == 400, response.content
    body = response.json()
    assert "Nothing has been imported" in body["detail"]
    assert {e["line"] for e in body["errors"]} == {3, 4, 5}
    assert all(e["message"] for e in body["errors"])

    no_header = api.post("/api/v1/register/import", {"csv": "a,b\n1,2\n"}, content_type=JSON)
    assert no_header.status_code == 400 and no_header.json()["errors"][0]["line"] == 0
    both = api.post("/api/v1/register/import", {"csv": CSV, "rows": rows}, content_type=JSON)
    assert both.status_code == 400 and "csv" in both.json()["detail"]
    neither = api.post("/api/v1/register/import", {}, content_type=JSON)
    assert neither.status_code == 400
    binary = api.post("/api/v1/register/import", {"csv": "%PDF-1.4 x"}, content_type=JSON)
    assert binary.status_code == 400 and binary.json()["errors"][0]["line"] == 0
    assert _snapshot() == before


def test_an_import_cannot_change_the_importers_own_membership(api_client_for):
    admin = HostAdminFactory(host_membership=NON_MEMBER)
    before = _snapshot()
    response = api_client_for(admin).post(
        "/api/v1/register/import",
        {"rows": [{"email": admin.email, "valid_from": "2025-04-01"}]},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "your own membership" in response.json()["errors"][0]["message"]
    assert _snapshot() == before and not _is_member(admin)


# --- claims ------------------------------------------------------------------------------


def test_claims_are_listed_and_shown_with_the_register_for_their_number(api_client_for, world):
    api, claim = api_client_for(world["admin"]), world["claim"]
    services.host_membership_grant(
        actor=world["admin"], email="someone@example.org", number="CAPA-0404"
    )
    listed = api.get("/api/v1/register/claims").json()
    assert listed["count"] == 1
    item = listed["items"][0]
    assert item["id"] == claim.pk and item["person"]["id"] == world["claimant"].pk
    assert item["on_register"] is True and item["status"] == "pending"
    shown = api.get(f"/api/v1/register/claims/{claim.pk}").json()
    assert [e["number"] for e in shown["register_entries"]] == ["CAPA-0404"]


def test_a_host_admin_approves_a_claim_and_the_claimant_becomes_a_member(api_client_for, world):
    api, claim = api_client_for(world["admin"]), world["claim"]
    url = f"/api/v1/register/claims/{claim.pk}/decision"
    response = api.post(url, {"decision": "approve", "valid_from": "2026-01-01"}, content_type=JSON)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "approved" and body["decided_by"]
    assert [e["source"] for e in body["register_entries"]] == ["claim"]
    assert _is_member(world["claimant"])
    audit = AuditEvent.objects.get(action="host_membership.claim_approve")
    assert audit.actor == world["admin"] and audit.target_id == str(claim.pk)
    again = api.post(url, {"decision": "decline", "reason": "No."}, content_type=JSON)
    assert again.status_code == 409


def test_declining_needs_a_reason_and_grants_nothing(api_client_for, world):
    api, claim = api_client_for(world["admin"]), world["claim"]
    url = f"/api/v1/register/claims/{claim.pk}/decision"
    before = _snapshot()
    missing = api.post(url, {"decision": "decline"}, content_type=JSON)
    assert missing.status_code == 400 and "reason" in missing.json()["detail"]
    assert api.post(url, {"decision": "maybe"}, content_type=JSON).status_code == 422
    assert _snapshot() == before
    declined = api.post(
        url, {"decision": "decline", "reason": "Unknown number."}, content_type=JSON
    )
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert not _is_member(world["claimant"])
    assert AuditEvent.objects.filter(action="host_membership.claim_decline").count() == 1


def test_a_host_admin_cannot_decide_their_own_claim(api_client_for):
    admin = HostAdminFactory(host_membership=NON_MEMBER)
    own = services.host_membership_claim(actor=admin, number="CAPA-9999")
    before = _snapshot()
    response = api_client_for(admin).post(
        f"/api/v1/register/claims/{own.pk}/decision", {"decision": "approve"}, content_type=JSON
    )
    assert response.status_code == 403
    assert _snapshot() == before and not _is_member(admin)
    other = api_client_for(HostAdminFactory()).post(
        f"/api/v1/register/claims/{own.pk}/decision", {"decision": "approve"}, content_type=JSON
    )
    assert other.status_code == 200 and _is_member(admin)


# --- a person's own claim ----------------------------------------------------------------


def test_a_claim_waits_for_review_and_grants_nothing(api_client_for):
    person = UserFactory(host_membership=NON_MEMBER)
    api = api_client_for(person)
    assert api.get("/api/v1/me/membership-claim").json() == {"is_member": False, "claim": None}
    made = api.post("/api/v1/me/membership-claim", {"number": "capa 123"}, content_type=JSON)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["is_member"] is False
    assert body["claim"]["status"] == "pending" and body["claim"]["number"] == "CAPA123"
    assert not _is_member(person)
    assert AuditEvent.objects.filter(action="host_membership.claim", actor=person).count() == 1
    second = api.post("/api/v1/me/membership-claim", {"number": "CAPA-124"}, content_type=JSON)
    assert second.status_code == 409
    assert HostMembershipClaim.objects.filter(user=person).count() == 1
    assert api.get("/api/v1/me/membership-claim").json()["claim"]["status"] == "pending"


def test_a_claim_the_register_vouches_for_matches_at_once(api_client_for, host_admin):
    person = UserFactory(host_membership=NON_MEMBER)
    services.host_membership_grant(actor=host_admin, number="CAPA-555")
    made = api_client_for(person).post(
        "/api/v1/me/membership-claim", {"number": "CAPA-555"}, content_type=JSON
    )
    assert made.status_code == 201
    assert made.json()["is_member"] is True and made.json()["claim"]["status"] == "approved"
    assert AuditEvent.objects.filter(action="host_membership.claim_matched").count() == 1


def test_an_entry_a_host_admin_made_does_not_vouch_for_their_own_claim(api_client_for):
    admin = HostAdminFactory(host_membership=NON_MEMBER)
    services.host_membership_grant(actor=admin, number="CAPA-556")
    made = api_client_for(admin).post(
        "/api/v1/me/membership-claim", {"number": "CAPA-556"}, content_type=JSON
    )
    assert made.status_code == 201 and made.json()["claim"]["status"] == ClaimStatus.PENDING
    assert not _is_member(admin)


def test_members_and_bad_numbers_are_refused(api_client_for, world):
    before = _snapshot()
    member = api_client_for(world["member"]).post(
        "/api/v1/me/membership-claim", {"number": "CAPA-1"}, content_type=JSON
    )
    assert member.status_code == 409
    bad = api_client_for(UserFactory(host_membership=NON_MEMBER)).post(
        "/api/v1/me/membership-claim", {"number": "<script>"}, content_type=JSON
    )
    assert bad.status_code == 400 and "number" in bad.json()["detail"]
    assert _snapshot() == before


def _queries(api, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


def test_the_lists_cost_the_same_queries_whatever_their_size(api_client_for, world):
    api = api_client_for(world["admin"])
    claim_url = f"/api/v1/register/claims/{world['claim'].pk}"
    urls = ["/api/v1/register?show=all", "/api/v1/register/claims", claim_url]
    api.get("/api/v1/register")  # the token's first use records it once
    small = [_queries(api, url) for url in urls]
    for n in range(6):
        services.host_membership_grant(actor=world["admin"], email=f"p{n}@example.org")
        claimant = UserFactory(host_membership=NON_MEMBER)
        services.host_membership_claim(actor=claimant, number=f"CAPA-X{n}")
    services.host_membership_grant(actor=world["admin"], number="CAPA-0404")
    assert [_queries(api, url) for url in urls] == small
