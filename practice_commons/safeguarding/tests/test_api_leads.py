"""An organisation's safeguarding leads through the API: the same selectors and services
as the page (organisation admins and host admins; 404 for everyone else; admin scope)."""

from io import StringIO

import pytest
from django.core.management import call_command

from practice_commons.accounts.models import OrganisationMembership
from practice_commons.safeguarding.models import SafeguardingLead
from practice_commons.safeguarding.selectors import lead_assignments_for

from .conftest import make_org, make_person, name_lead

pytestmark = pytest.mark.django_db

BASE = "/api/v1/safeguarding"
JSON = "application/json"


def _headers(token):
    return {"Authorization": f"Bearer {token}"} if token else {}


def _token(user, scope="admin"):
    out = StringIO()
    call_command("create_api_token", user.email, "--scope", scope, stdout=out)
    return out.getvalue().strip()


def _leads(org):
    return sorted(lead_assignments_for(org).values_list("user_id", flat=True))


def test_org_admin_lists_adds_and_removes(client, org, org_admin, lead):
    token = _token(org_admin)
    url = f"{BASE}/organisations/{org.slug}/leads"
    body = client.get(url, headers=_headers(token)).json()
    assert [i["user_id"] for i in body["items"]] == [lead.pk] and body["next"] is None
    colleague = make_person(organisation=org)
    response = client.post(
        url, {"email": colleague.email.upper()}, content_type=JSON, headers=_headers(token)
    )
    assert response.status_code == 201, response.content
    added = response.json()
    assert added["user_id"] == colleague.pk and added["email"] == colleague.email
    assert _leads(org) == sorted([lead.pk, colleague.pk])
    response = client.delete(f"{BASE}/leads/{added['id']}", headers=_headers(token))
    assert response.status_code == 204
    assert _leads(org) == [lead.pk]


def test_host_admin_manages_any_organisation(client, org, host_admin, lead):
    token = _token(host_admin)
    url = f"{BASE}/organisations/{org.slug}/leads"
    assert client.get(url, headers=_headers(token)).status_code == 200
    assignment = lead_assignments_for(org).get()
    assert (
        client.delete(f"{BASE}/leads/{assignment.pk}", headers=_headers(token)).status_code == 204
    )
    assert _leads(org) == []


@pytest.mark.parametrize("who", ["visitor", "practitioner", "member", "lead", "other_admin"])
def test_everyone_else_is_refused_and_nothing_changes(client, org, lead, who):
    other_org = make_org()
    people = {
        "visitor": None,
        "practitioner": make_person(),
        "member": make_person(organisation=org),
        "lead": lead,
        "other_admin": make_person(organisation=other_org, role=OrganisationMembership.Role.ADMIN),
    }
    person = people[who]
    token = _token(person) if person else None
    expected = 401 if person is None else 404
    url = f"{BASE}/organisations/{org.slug}/leads"
    assignment = lead_assignments_for(org).get()
    candidate = make_person(organisation=org)
    assert client.get(url, headers=_headers(token)).status_code == expected
    response = client.post(
        url, {"email": candidate.email}, content_type=JSON, headers=_headers(token)
    )
    assert response.status_code == expected
    response = client.delete(f"{BASE}/leads/{assignment.pk}", headers=_headers(token))
    assert response.status_code == expected
    assert _leads(org) == [lead.pk]


def test_a_community_lead_is_not_removed_by_an_organisation_admin(client, org, org_admin):
    other_org = make_org()
    outsider_lead = name_lead(make_person(organisation=other_org), other_org)
    token = _token(org_admin)
    response = client.delete(f"{BASE}/leads/{outsider_lead.pk}", headers=_headers(token))
    assert response.status_code == 404
    assert SafeguardingLead.objects.filter(pk=outsider_lead.pk).exists()


@pytest.mark.parametrize("scope", ["read", "write"])
def test_narrower_scopes_are_refused(client, org, org_admin, lead, scope):
    token = _token(org_admin, scope)
    url = f"{BASE}/organisations/{org.slug}/leads"
    assignment = lead_assignments_for(org).get()
    candidate = make_person(organisation=org)
    assert client.get(url, headers=_headers(token)).status_code == 403
    response = client.post(
        url, {"email": candidate.email}, content_type=JSON, headers=_headers(token)
    )
    assert response.status_code == 403 and "scope" in response.json()["detail"]
    assert (
        client.delete(f"{BASE}/leads/{assignment.pk}", headers=_headers(token)).status_code == 403
    )
    assert _leads(org) == [lead.pk]


@pytest.mark.parametrize(
    "payload, status, words",
    [
        ({}, 422, "email"),
        ({"email": ""}, 422, "email"),
        ({"email": "x" * 255}, 422, "email"),
        ({"email": "nobody@example.org"}, 400, "no one in"),
        ("outsider", 400, "Only people in"),
    ],
)
def test_bad_input_changes_nothing(client, org, org_admin, lead, payload, status, words):
    if payload == "outsider":
        payload = {"email": make_person(organisation=make_org()).email}
    token = _token(org_admin)
    response = client.post(
        f"{BASE}/organisations/{org.slug}/leads",
        payload,
        content_type=JSON,
        headers=_headers(token),
    )
    assert response.status_code == status, response.content
    assert words in response.content.decode()
    assert _leads(org) == [lead.pk]


def test_unknown_organisation_and_lead_are_404(client, host_admin):
    token = _token(host_admin)
    assert (
        client.get(f"{BASE}/organisations/no-such/leads", headers=_headers(token)).status_code
        == 404
    )
    assert client.delete(f"{BASE}/leads/999999", headers=_headers(token)).status_code == 404
