"""``/api/v1/me``: reading and changing your own profile (never your organisation or host
membership), asking for your personal data, and deleting your account (the address and
the password, blockers, and the token stops working afterwards)."""

import io

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from practice_commons.accounts.models import (
    AuditEvent,
    HostMembership,
    OrganisationMembership,
    PersonalDataExport,
    User,
)
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NAME

from .factories import PASSWORD, OrgAdminFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def token_client(user, scope: str) -> Client:
    """A client with a fresh token of ``scope`` (made by the command: accounts' tests do
    not import the api app)."""
    out = io.StringIO()
    call_command("create_api_token", user.email, "--scope", scope, stdout=out)
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})


ME = "/api/v1/me"


@pytest.fixture
def person():
    return UserFactory(full_name="Sam Jones", expertise=["neglect"], pronouns="they/them")


def _profile(user) -> dict:
    fresh = User.objects.get(pk=user.pk)
    return {
        **{f: getattr(fresh, f) for f in ("full_name", "pronouns", "bio", "area", "nation")},
        "profession": fresh.profession_id,
        "organisation": fresh.organisation_id,
        "expertise": sorted(fresh.expertise.values_list("name", flat=True)),
        "memberships": list(OrganisationMembership.objects.filter(user=fresh).values_list()),
        "host_member": fresh.is_host_member,
    }


# --- Profile ----------------------------------------------------------------------------


def test_get_me_is_unchanged(api_client_for, person):
    body = api_client_for(person).get(ME).json()
    assert body["email"] == person.email and body["full_name"] == "Sam Jones"
    assert body["expertise"] == ["neglect"] and body["host_membership"] == HostMembership.MEMBER
    assert body["organisation"] == person.organisation.name


def test_patch_changes_only_what_is_sent(api_client_for, person):
    api = api_client_for(person)
    response = api.patch(
        ME,
        {
            "bio": "I run a duty team and want to learn from school nurses.",
            "expertise": ["domestic abuse", "transitions"],
            "profession": "teacher",
            "happy_to_network": True,
        },
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["profession"] == "Teacher" and body["happy_to_network"] is True
    assert body["expertise"] == ["domestic abuse", "transitions"]
    fresh = User.objects.get(pk=person.pk)
    assert fresh.bio.startswith("I run a duty team") and fresh.pronouns == "they/them"
    assert fresh.full_name == "Sam Jones" and fresh.organisation_id == person.organisation_id
    assert AuditEvent.objects.filter(action="profile.update", target_id=str(person.pk)).exists()


def test_organisation_and_host_membership_cannot_be_set(api_client_for, person):
    other = OrganisationFactory()
    before = _profile(person)
    api = api_client_for(person)
    for payload in (
        {"organisation": other.pk},
        {"organisation": other.name, "bio": "Hello"},
        {"host_membership": "member"},
        {"work_email": "sam@other.gov.uk"},
    ):
        response = api.patch(ME, payload, content_type=JSON)
        assert response.status_code == 422, payload
    assert _profile(person) == before


def test_identifying_text_is_refused_by_the_guard_as_on_the_page(api_client_for, person):
    before = _profile(person)
    api = api_client_for(person)
    for field in ("bio", "pronouns", "area"):
        response = api.patch(ME, {field: IDENTIFYING_TEXT[:40]}, content_type=JSON)
        assert response.status_code == 422, (field, response.content)
        assert NAME not in response.content.decode()
    response = api.patch(ME, {"expertise": [f"Working with {NAME}"]}, content_type=JSON)
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["findings"]] == ["expertise"]
    assert _profile(person) == before


def test_the_pages_rules_apply_with_400_and_nothing_changes(api_client_for, person):
    before = _profile(person)
    api = api_client_for(person)
    cases = [
        ({"profession": "astronaut"}, "profession"),
        ({"full_name": "   "}, "full_name"),
        ({"expertise": [f"area {i}" for i in range(21)]}, "expertise"),
        ({"expertise": ["x" * 81]}, "expertise"),
    ]
    for payload, field in cases:
        response = api.patch(ME, payload, content_type=JSON)
        assert response.status_code == 400, (payload, response.content)
        assert field in response.json()["detail"], response.json()
    assert api.patch(ME, {"nation": "france"}, content_type=JSON).status_code == 422
    assert _profile(person) == before


def test_me_refuses_no_token_and_a_read_token(person):
    assert Client().get(ME).status_code == 401
    assert Client().patch(ME, {"bio": "x"}, content_type=JSON).status_code == 401
    reader = token_client(person, "read")
    assert reader.get(ME).status_code == 200
    assert reader.patch(ME, {"bio": "Changed"}, content_type=JSON).status_code == 403
    assert User.objects.get(pk=person.pk).bio == ""


# --- Personal data --------------------------------------------------------------------------


def test_personal_data_request_and_list(api_client_for, person, monkeypatch):
    monkeypatch.setattr(
        "practice_commons.accounts.services.personal_data._build_on_commit", lambda export_id: None
    )
    other = UserFactory()
    PersonalDataExport.objects.create(user=other)
    api = api_client_for(person)
    assert api.get(f"{ME}/personal-data").json()["items"] == []

    created = api.post(f"{ME}/personal-data")
    assert created.status_code == 201, created.content
    assert created.json()["status"] == "pending" and created.json()["download_url"] is None
    assert PersonalDataExport.objects.filter(user=person).count() == 1

    again = api.post(f"{ME}/personal-data")
    assert again.status_code == 409
    assert PersonalDataExport.objects.filter(user=person).count() == 1

    listed = api.get(f"{ME}/personal-data").json()
    assert [i["id"] for i in listed["items"]] == [created.json()["id"]]
    assert Client().post(f"{ME}/personal-data").status_code == 401
    reader = token_client(other, "read")
    assert reader.post(f"{ME}/personal-data").status_code == 403
    assert PersonalDataExport.objects.filter(user=other).count() == 1


def test_a_ready_export_links_to_its_download_page(api_client_for, person, monkeypatch):
    from practice_commons.accounts.services import personal_data as service

    monkeypatch.setattr(service, "_build_on_commit", lambda export_id: None)
    export = service.personal_data_export_request(actor=person)
    monkeypatch.setattr(service, "personal_data_archive", lambda user: b"PK\x05\x06" + b"\0" * 18)
    service.personal_data_export_build(export_id=export.pk)
    item = api_client_for(person).get(f"{ME}/personal-data").json()["items"][0]
    assert item["status"] == "ready"
    assert item["download_url"].endswith(f"/profile/data/{export.pk}/download/")


# --- Erasure ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _erase(api, person, **fields):
    payload = {"confirm_email": person.email, "password": PASSWORD, **fields}
    return api.post(f"{ME}/erasure", payload, content_type=JSON)


def test_erasure_deletes_the_account_and_the_token_stops_working(api_client_for, person):
    api = api_client_for(person)
    response = _erase(api, person, confirm_email=person.email.upper())
    assert response.status_code == 204, response.content
    assert not User.objects.filter(pk=person.pk).exists()
    assert not apps.get_model("api", "ApiToken").objects.filter(user_id=person.pk).exists()
    assert AuditEvent.objects.filter(action="account.erase", target_id=str(person.pk)).exists()
    assert api.get(ME).status_code == 401
    assert _erase(api, person).status_code == 401


@pytest.mark.parametrize(
    "fields, status, field",
    [
        ({"confirm_email": "someone.else@example.org"}, 400, "confirm_email"),
        ({"password": "wrong password"}, 400, "password"),
        ({"password": ""}, 400, "password"),
    ],
)
def test_erasure_needs_the_address_and_the_password(api_client_for, person, fields, status, field):
    api = api_client_for(person)
    response = _erase(api, person, **fields)
    assert response.status_code == status, response.content
    assert field in response.json()["detail"]
    assert User.objects.filter(pk=person.pk, is_active=True).exists()
    assert api.get(ME).status_code == 200


def test_a_missing_confirmation_is_refused(api_client_for, person):
    api = api_client_for(person)
    assert api.post(f"{ME}/erasure", {"password": PASSWORD}, content_type=JSON).status_code == 422
    assert api.post(f"{ME}/erasure", {}, content_type=JSON).status_code == 422
    assert User.objects.filter(pk=person.pk).exists()


def test_password_guessing_stops_after_five(api_client_for, person):
    api = api_client_for(person)
    for _ in range(5):
        assert _erase(api, person, password="guess").status_code == 400
    assert _erase(api, person).status_code == 403  # even the right one, for an hour
    assert User.objects.filter(pk=person.pk).exists()


def test_an_account_without_a_password_is_deleted_on_the_website(api_client_for, person):
    person.set_unusable_password()
    person.save(update_fields=["password"])
    response = _erase(api_client_for(person), person)
    assert response.status_code == 403
    assert User.objects.filter(pk=person.pk).exists()


def test_the_only_admin_of_an_organisation_is_told_why_not(api_client_for):
    admin = OrgAdminFactory()
    response = _erase(api_client_for(admin), admin)
    assert response.status_code == 409
    assert "only admin" in response.json()["detail"]
    assert User.objects.filter(pk=admin.pk).exists()


def test_erasure_refuses_no_token_and_a_read_token(person):
    assert Client().post(f"{ME}/erasure", {}, content_type=JSON).status_code == 401
    reader = token_client(person, "read")
    assert _erase(reader, person).status_code == 403
    assert User.objects.filter(pk=person.pk).exists()
