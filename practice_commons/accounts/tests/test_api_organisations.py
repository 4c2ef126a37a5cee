"""``/api/v1/organisations/{slug}/people``, ``…/two-factor`` and ``…/domains``: the
organisation's admin and a host admin who succeed (with what changed in the database
and the audit trail), and every role that must be refused (no token, a token without
admin scope, a member, a champion, a practitioner elsewhere, another organisation's
admin; for domains the organisation's own admin too), with nothing changed on a
refusal. The affiliation requests are in ``test_api_affiliation.py``."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from practice_commons.accounts.models import (
    AffiliationRequest,
    AuditEvent,
    Organisation,
    OrganisationDomain,
    OrganisationMembership,
    User,
)

from .factories import HostAdminFactory, OrgAdminFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


@pytest.fixture
def world():
    leeds = OrganisationFactory(name="Leeds City Council")
    other = OrganisationFactory(name="Bradford Council")
    member = UserFactory(organisation=leeds, full_name="Mo Member")
    return {
        "leeds": leeds,
        "other": other,
        "admin": OrgAdminFactory(organisation=leeds, full_name="Ada Admin"),
        "host admin": HostAdminFactory(),
        "member": member,
        "membership": OrganisationMembership.objects.get(user=member, organisation=leeds),
        "refused": {
            "member": member,
            "champion": UserFactory(organisation=leeds, org_role="champion"),
            "practitioner elsewhere": UserFactory(),
            "other organisation's admin": OrgAdminFactory(organisation=other),
        },
    }


def _base(organisation) -> str:
    return f"/api/v1/organisations/{organisation.slug}"


def _snapshot():
    """Everything these operations could change."""
    return (
        list(OrganisationMembership.objects.order_by("pk").values()),
        list(User.objects.order_by("pk").values_list("pk", "organisation_id")),
        list(Organisation.objects.order_by("pk").values_list("pk", "mfa_required")),
        list(OrganisationDomain.objects.order_by("pk").values_list("pk", "domain")),
        list(AffiliationRequest.objects.order_by("pk").values()),
        AuditEvent.objects.exclude(action__startswith="api_token.").count(),
        len(mail.outbox),
    )


def narrow_client(person, scope: str) -> Client:
    """A client with a ``scope`` token for ``person`` (made by the command: the tests of
    accounts do not import the api app)."""
    out = io.StringIO()
    call_command("create_api_token", person.email, "--scope", scope, stdout=out)
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})


def _audit(action):
    return AuditEvent.objects.filter(action=action)


# --- People -------------------------------------------------------------------------------


def test_admin_lists_the_organisations_verified_people_by_name(api_client_for, world):
    AffiliationRequest.objects.create(
        user=UserFactory(organisation=None, full_name="Pending Person"),
        organisation=world["leeds"],
        route=AffiliationRequest.Route.ORGANISATION_ADMINS,
    )
    api = api_client_for(world["admin"])
    first = api.get(f"{_base(world['leeds'])}/people", {"limit": 2})
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["count"] == 3 and len(body["items"]) == 2 and body["next"]
    rest = api.get(f"{_base(world['leeds'])}/people", {"limit": 2, "cursor": body["next"]}).json()
    items = body["items"] + rest["items"]
    assert rest["next"] is None
    names = [i["person"]["name"] for i in items]
    assert names == sorted(names) and "Pending Person" not in names
    admin_row = next(i for i in items if i["person"]["name"] == "Ada Admin")
    assert admin_row["role"] == "admin" and admin_row["is_you"] is True
    member_row = next(i for i in items if i["person"]["name"] == "Mo Member")
    assert member_row["id"] == world["membership"].pk and member_row["is_you"] is False
    assert member_row["person"]["email"] == world["member"].email
    assert member_row["person"]["profession"] == "Social worker"
    assert member_row["verified_via"] == "host_admin"


def test_admin_changes_a_role_audited(api_client_for, world):
    url = f"{_base(world['leeds'])}/people/{world['membership'].pk}/role"
    response = api_client_for(world["admin"]).put(url, {"role": "champion"}, content_type=JSON)
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "champion"
    world["membership"].refresh_from_db()
    assert world["membership"].role == "champion"
    entry = _audit("organisation.role_change").get()
    assert entry.actor == world["admin"]
    assert entry.data == {"from": "member", "to": "champion", "user_id": world["member"].pk}


def test_host_admin_changes_a_role_in_any_organisation(api_client_for, world):
    url = f"{_base(world['leeds'])}/people/{world['membership'].pk}/role"
    response = api_client_for(world["host admin"]).put(url, {"role": "admin"}, content_type=JSON)
    assert response.status_code == 200, response.content
    world["membership"].refresh_from_db()
    assert world["membership"].role == "admin"
    assert _audit("organisation.role_change").get().actor == world["host admin"]


def test_an_admin_cannot_give_up_their_own_admin_role_and_a_bad_role_is_refused(
    api_client_for, world
):
    api = api_client_for(world["admin"])
    own = OrganisationMembership.objects.get(user=world["admin"])
    before = _snapshot()
    refused = api.put(
        f"{_base(world['leeds'])}/people/{own.pk}/role", {"role": "member"}, content_type=JSON
    )
    assert refused.status_code == 400 and "role" in refused.json()["detail"]
    unknown = api.put(
        f"{_base(world['leeds'])}/people/{world['membership'].pk}/role",
        {"role": "owner"},
        content_type=JSON,
    )
    assert unknown.status_code in (400, 422), unknown.content
    assert _snapshot() == before


def test_admin_removes_a_person_who_loses_the_organisation(api_client_for, world):
    url = f"{_base(world['leeds'])}/people/{world['membership'].pk}"
    response = api_client_for(world["admin"]).delete(url)
    assert response.status_code == 204, response.content
    assert not OrganisationMembership.objects.filter(pk=world["membership"].pk).exists()
    world["member"].refresh_from_db()
    assert world["member"].organisation is None
    entry = _audit("organisation.remove_person").get()
    assert entry.actor == world["admin"] and entry.data == {"user_id": world["member"].pk}
    again = api_client_for(world["admin"]).delete(url)
    assert again.status_code == 404


def test_nobody_removes_themselves(api_client_for, world):
    own = OrganisationMembership.objects.get(user=world["admin"])
    before = _snapshot()
    response = api_client_for(world["admin"]).delete(f"{_base(world['leeds'])}/people/{own.pk}")
    assert response.status_code == 400
    assert _snapshot() == before


def test_refused_roles_get_404_for_people_and_nothing_changes(api_client_for, world):
    base, pk = _base(world["leeds"]), world["membership"].pk
    before = _snapshot()
    for role, person in world["refused"].items():
        api = api_client_for(person)
        assert api.get(f"{base}/people").status_code == 404, role
        role_change = api.put(f"{base}/people/{pk}/role", {"role": "admin"}, content_type=JSON)
        assert role_change.status_code == 404, role
        assert api.delete(f"{base}/people/{pk}").status_code == 404, role
    assert _snapshot() == before


def test_a_membership_of_another_organisation_is_404_even_for_an_admin(api_client_for, world):
    other_admin = world["refused"]["other organisation's admin"]
    other_membership = OrganisationMembership.objects.get(user=other_admin)
    api = api_client_for(world["admin"])
    before = _snapshot()
    # Leeds's admin, naming a Bradford membership under Leeds's slug or Bradford's.
    for base in (_base(world["leeds"]), _base(world["other"])):
        url = f"{base}/people/{other_membership.pk}"
        assert api.put(f"{url}/role", {"role": "member"}, content_type=JSON).status_code == 404
        assert api.delete(url).status_code == 404
    assert api.get("/api/v1/organisations/no-such-organisation/people").status_code == 404
    assert _snapshot() == before


def _statuses(api, calls) -> list[int]:
    return [
        getattr(api, method)(url, body, content_type=JSON).status_code
        if body is not None
        else getattr(api, method)(url).status_code
        for method, url, body in calls
    ]


def test_no_token_and_narrow_tokens_are_refused(world):
    base, pk = _base(world["leeds"]), world["membership"].pk
    admin_calls = [
        ("get", f"{base}/people", None),
        ("put", f"{base}/people/{pk}/role", {"role": "admin"}),
        ("delete", f"{base}/people/{pk}", None),
        ("get", f"{base}/two-factor", None),
        ("put", f"{base}/two-factor", {"required": True}),
    ]
    host_calls = [
        ("get", f"{base}/domains", None),
        ("post", f"{base}/domains", {"domain": "leeds.gov.uk"}),
    ]
    before = _snapshot()
    assert set(_statuses(Client(), admin_calls + host_calls)) == {401}
    for scope in ("read", "write"):
        assert set(_statuses(narrow_client(world["admin"], scope), admin_calls)) == {403}
        assert set(_statuses(narrow_client(world["host admin"], scope), host_calls)) == {403}
    assert _snapshot()[:5] == before[:5]


# --- Two-factor requirement ---------------------------------------------------------------


def test_admin_reads_and_switches_the_two_factor_rule(
    api_client_for, world, django_capture_on_commit_callbacks
):
    api = api_client_for(world["admin"])
    url = f"{_base(world['leeds'])}/two-factor"
    assert api.get(url).json() == {"required": False}
    with django_capture_on_commit_callbacks(execute=True):
        switched = api.put(url, {"required": True}, content_type=JSON)
    assert switched.status_code == 200 and switched.json() == {"required": True}
    world["leeds"].refresh_from_db()
    assert world["leeds"].mfa_required is True
    entry = _audit("organisation.mfa_requirement_set").get()
    assert entry.actor == world["admin"] and entry.data == {"required": True, "previous": False}
    # The rule covers the admin too: without two-factor sign-in, their token now stops.
    refused = api.get(url)
    assert refused.status_code == 403 and "two-factor" in refused.json()["detail"].lower()


def test_host_admin_switches_the_rule_off(
    api_client_for, world, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=world["leeds"].pk).update(mfa_required=True)
    api = api_client_for(world["host admin"])
    url = f"{_base(world['leeds'])}/two-factor"
    assert api.get(url).json() == {"required": True}
    with django_capture_on_commit_callbacks(execute=True):
        switched = api.put(url, {"required": False}, content_type=JSON)
    assert switched.status_code == 200 and switched.json() == {"required": False}
    assert Organisation.objects.get(pk=world["leeds"].pk).mfa_required is False
    assert _audit("organisation.mfa_requirement_set").get().actor == world["host admin"]


def test_refused_roles_get_404_for_the_two_factor_rule(api_client_for, world):
    url = f"{_base(world['leeds'])}/two-factor"
    before = _snapshot()
    for role, person in world["refused"].items():
        api = api_client_for(person)
        assert api.get(url).status_code == 404, role
        assert api.put(url, {"required": True}, content_type=JSON).status_code == 404, role
    bad = api_client_for(world["admin"]).put(url, {"required": "perhaps"}, content_type=JSON)
    assert bad.status_code in (400, 422)
    assert _snapshot() == before


# --- Verified domains (host admins) --------------------------------------------------------


def test_host_admin_adds_lists_and_removes_a_domain(api_client_for, world):
    api = api_client_for(world["host admin"])
    url = f"{_base(world['leeds'])}/domains"
    added = api.post(url, {"domain": "@Leeds.GOV.uk."}, content_type=JSON)
    assert added.status_code == 201, added.content
    assert added.json()["domain"] == "leeds.gov.uk"
    domain = OrganisationDomain.objects.get()
    assert domain.organisation == world["leeds"] and domain.added_by == world["host admin"]
    entry = _audit("organisation.domain_add").get()
    assert entry.actor == world["host admin"] and entry.data == {"domain": "leeds.gov.uk"}

    api.post(url, {"domain": "leedsfamilies.org.uk"}, content_type=JSON)
    first = api.get(url, {"limit": 1}).json()
    assert first["count"] == 2 and [d["domain"] for d in first["items"]] == ["leeds.gov.uk"]
    rest = api.get(url, {"limit": 1, "cursor": first["next"]}).json()
    assert [d["domain"] for d in rest["items"]] == ["leedsfamilies.org.uk"]
    assert rest["next"] is None

    removed = api.delete(f"{url}/{domain.pk}")
    assert removed.status_code == 204
    assert not OrganisationDomain.objects.filter(pk=domain.pk).exists()
    entry = _audit("organisation.domain_remove").get()
    assert entry.data == {"domain": "leeds.gov.uk", "requests_rerouted": 0}
    assert api.delete(f"{url}/{domain.pk}").status_code == 404


def test_removing_a_domain_sends_its_waiting_links_to_the_admins(api_client_for, world):
    domain = OrganisationDomain.objects.create(organisation=world["leeds"], domain="leeds.gov.uk")
    waiting = AffiliationRequest.objects.create(
        user=UserFactory(organisation=None),
        organisation=world["leeds"],
        route=AffiliationRequest.Route.DOMAIN_EMAIL,
        work_email="nia@leeds.gov.uk",
        token_digest="0" * 64,
    )
    response = api_client_for(world["host admin"]).delete(
        f"{_base(world['leeds'])}/domains/{domain.pk}"
    )
    assert response.status_code == 204
    waiting.refresh_from_db()
    assert waiting.route == AffiliationRequest.Route.ORGANISATION_ADMINS
    assert waiting.token_digest == ""


@pytest.mark.parametrize(
    "domain, message",
    [
        ("not a domain", "Enter a domain"),
        ("gmail.com", "Anyone can have an address"),
        ("bradford.gov.uk", "already verified"),
    ],
)
def test_bad_domains_are_400_and_nothing_is_added(api_client_for, world, domain, message):
    OrganisationDomain.objects.create(organisation=world["other"], domain="bradford.gov.uk")
    before = _snapshot()
    response = api_client_for(world["host admin"]).post(
        f"{_base(world['leeds'])}/domains", {"domain": domain}, content_type=JSON
    )
    assert response.status_code == 400, response.content
    assert message in str(response.json()["detail"]["domain"])
    assert _snapshot() == before


def test_only_host_admins_handle_domains_even_the_organisations_own_admin_gets_404(
    api_client_for, world
):
    domain = OrganisationDomain.objects.create(organisation=world["leeds"], domain="leeds.gov.uk")
    url = f"{_base(world['leeds'])}/domains"
    before = _snapshot()
    for role, person in {"organisation's admin": world["admin"], **world["refused"]}.items():
        api = api_client_for(person)
        assert api.get(url).status_code == 404, role
        assert api.post(url, {"domain": "leeds.nhs.uk"}, content_type=JSON).status_code == 404
        assert api.delete(f"{url}/{domain.pk}").status_code == 404, role
    # A domain of another organisation, named under this one's slug, is 404 too.
    other = OrganisationDomain.objects.create(organisation=world["other"], domain="bradford.gov.uk")
    host = api_client_for(world["host admin"])
    assert host.delete(f"{url}/{other.pk}").status_code == 404
    assert OrganisationDomain.objects.filter(pk=other.pk).exists()
    assert _snapshot()[:3] == before[:3]
    assert OrganisationDomain.objects.count() == 2


def _queries(api, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert api.get(url).status_code == 200
    return len(captured)


def test_the_lists_cost_the_same_queries_whatever_their_size(api_client_for, world):
    api = api_client_for(world["host admin"])
    people, domains = f"{_base(world['leeds'])}/people", f"{_base(world['leeds'])}/domains"
    OrganisationDomain.objects.create(organisation=world["leeds"], domain="leeds.gov.uk")
    _queries(api, people)  # the token's first use is recorded once
    small = (_queries(api, people), _queries(api, domains))
    UserFactory.create_batch(30, organisation=world["leeds"])
    for n in range(30):
        OrganisationDomain.objects.create(organisation=world["leeds"], domain=f"team{n}.leeds.uk")
    assert (_queries(api, people), _queries(api, domains)) == small
