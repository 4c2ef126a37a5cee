"""``GET /api/v1/audit``: host admins only (403 for everyone else, 401 without a token,
403 for a token without admin scope), with the audit page's filters, paged."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from practice_commons.accounts.models import AuditEvent, HostMembership
from practice_commons.accounts.services import audit_record

from .factories import HostAdminFactory, OrgAdminFactory, UserFactory

pytestmark = pytest.mark.django_db


def _write_token(user) -> str:
    """A token with write scope, not admin (through the command: accounts may not
    import the api app)."""
    out = io.StringIO()
    call_command("create_api_token", user.email, "--scope", "write", stdout=out)
    return out.getvalue().strip()


URL = "/api/v1/audit"


@pytest.fixture
def trail():
    actor = UserFactory(email="rowan@riverside.example.org")
    other = UserFactory()
    audit_record(actor=actor, action="account.sign_in", target=actor, data={"method": "password"})
    audit_record(actor=other, action="report.hide", target=other, reason="Off topic.")
    audit_record(actor=None, action="host_membership.expire", data={"user_id": 1})
    return {"actor": actor, "other": other}


@pytest.mark.parametrize("role", ["practitioner", "non-member", "organisation admin"])
def test_everyone_but_host_admins_is_refused(api_client_for, trail, role):
    person = {
        "practitioner": UserFactory,
        "non-member": lambda: UserFactory(host_membership=HostMembership.NON_MEMBER),
        "organisation admin": OrgAdminFactory,
    }[role]()
    response = api_client_for(person).get(URL)
    assert response.status_code == 403
    assert "items" not in response.json()


def test_no_token_is_401_and_a_write_token_403(trail):
    assert Client().get(URL).status_code == 401
    admin = HostAdminFactory()
    response = Client(headers={"Authorization": f"Bearer {_write_token(admin)}"}).get(URL)
    assert response.status_code == 403 and "admin" in response.json()["detail"]


def test_a_host_admin_reads_the_trail_newest_first_and_reading_writes_nothing(
    api_client_for, trail
):
    api = api_client_for(HostAdminFactory())
    before = AuditEvent.objects.count()
    body = api.get(URL).json()
    assert AuditEvent.objects.count() == before
    items = [e for e in body["items"] if not e["action"].startswith("api_token.")]
    assert [e["action"] for e in items] == [
        "host_membership.expire",
        "report.hide",
        "account.sign_in",
    ]
    assert body["count"] == before
    expired = items[0]
    assert expired["actor"] == "system" and expired["actor_id"] is None
    sign_in = items[2]
    assert sign_in["actor_id"] == trail["actor"].pk and sign_in["data"] == {"method": "password"}
    assert sign_in["target_type"] == "accounts.user" and sign_in["target_id"] == str(
        trail["actor"].pk
    )


def test_the_pages_filters(api_client_for, trail):
    api = api_client_for(HostAdminFactory())
    by_action = api.get(URL, {"action": "account."}).json()["items"]
    assert {e["action"] for e in by_action} == {"account.sign_in"}
    by_actor = api.get(URL, {"actor": "riverside"}).json()["items"]
    assert {e["actor_id"] for e in by_actor} == {trail["actor"].pk}
    by_target = api.get(
        URL, {"target_type": "accounts.user", "target_id": str(trail["other"].pk)}
    ).json()["items"]
    assert [e["action"] for e in by_target] == ["report.hide"]
    assert by_target[0]["reason"] == "Off topic."
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert api.get(URL, {"date_from": tomorrow}).json()["items"] == []
    assert (
        len(api.get(URL, {"date_to": today.isoformat(), "action": "report"}).json()["items"]) == 1
    )


@pytest.mark.parametrize(
    "query, field",
    [
        ({"action": "Account sign in!"}, "action"),
        ({"target_id": "12;drop"}, "target_id"),
        ({"date_from": "2026-03-31", "date_to": "2026-03-01"}, "date_to"),
    ],
)
def test_a_wrong_filter_is_400_naming_it(api_client_for, trail, query, field):
    response = api_client_for(HostAdminFactory()).get(URL, query)
    assert response.status_code == 400, response.content
    assert field in response.json()["detail"]


def test_the_trail_pages_with_a_cursor(api_client_for, trail):
    api = api_client_for(HostAdminFactory())
    seen, cursor = [], ""
    for _ in range(10):
        body = api.get(URL, {"limit": 1, "cursor": cursor}).json()
        seen += [e["id"] for e in body["items"]]
        cursor = body["next"]
        if not cursor:
            break
    assert seen == list(
        AuditEvent.objects.order_by("-created_at", "-pk").values_list("pk", flat=True)
    )
    assert api.get(URL, {"cursor": "nonsense"}).status_code == 400


def test_the_trail_costs_the_same_queries_whatever_its_size(api_client_for, trail):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_client_for(HostAdminFactory())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(URL).status_code == 200
        return len(captured)

    api.get(URL)  # the token's first use records it once
    small = queries()
    for n in range(8):
        person = UserFactory()
        audit_record(actor=person, action="account.sign_in", target=person, data={"n": n})
    assert queries() == small
