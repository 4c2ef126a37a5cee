"""``/api/v1/cpd`` beyond records: a record's deletion, return to draft and evidence
links, PCF coverage, settings, shares and the organisation figure; for the owner, and
for everyone who must be refused (another member, an organisation admin, a host admin,
no token)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.module_loading import import_string

from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrgAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.cpd.models import CpdRecord, CpdSettings, CpdShare, Evidence
from practice_commons.cpd.progress import MIN_GROUP

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cpd"
JSON = "application/json"


@pytest.fixture
def world(social_worker, make_record):
    final = make_record(social_worker, title="My private learning", final=True, pcf_domains=["6"])
    others = {
        "other member": UserFactory(),
        "organisation admin": OrgAdminFactory(organisation=social_worker.organisation),
        "host admin": HostAdminFactory(),
    }
    return {"owner": social_worker, "record": final, "others": others}


def _evidence(api, record, **fields):
    payload = {"label": "Certificate", "url": "https://training.example.org/c/1", **fields}
    return api.post(f"{BASE}/records/{record.pk}/evidence", payload, content_type=JSON)


def test_owner_returns_a_record_to_draft_adds_and_removes_evidence_and_deletes_it(
    api_client_for, world
):
    api, record = api_client_for(world["owner"]), world["record"]

    drafted = api.post(f"{BASE}/records/{record.pk}/draft")
    assert drafted.status_code == 200 and drafted.json()["status"] == "draft"
    again = api.post(f"{BASE}/records/{record.pk}/draft")
    assert again.status_code == 409

    added = _evidence(api, record)
    assert added.status_code == 201, added.content
    assert added.json()["kind"] == "link" and added.json()["label"] == "Certificate"
    evidence_id = added.json()["id"]
    listed = api.get(f"{BASE}/records/{record.pk}").json()["evidence"]
    assert [e["id"] for e in listed] == [evidence_id]

    removed = api.delete(f"{BASE}/records/{record.pk}/evidence/{evidence_id}")
    assert removed.status_code == 204
    assert not Evidence.objects.exists()

    deleted = api.delete(f"{BASE}/records/{record.pk}")
    assert deleted.status_code == 204
    assert not CpdRecord.objects.filter(pk=record.pk).exists()
    assert api.get(f"{BASE}/records/{record.pk}").status_code == 404


def test_bad_evidence_is_400_and_identifying_evidence_422_and_neither_is_stored(
    api_client_for, world
):
    from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NAME

    api, record = api_client_for(world["owner"]), world["record"]
    not_a_link = _evidence(api, record, url="ftp://files.example.org/c")
    assert not_a_link.status_code == 400 and "url" in not_a_link.json()["detail"]
    blank = _evidence(api, record, label="   ")
    assert blank.status_code == 400 and "label" in blank.json()["detail"]
    identifying = _evidence(api, record, label=IDENTIFYING_TEXT[:200])
    assert identifying.status_code == 422
    assert NAME not in identifying.content.decode()
    assert not Evidence.objects.exists()


def test_pcf_coverage_counts_only_the_callers_records(api_client_for, world, make_record):
    make_record(world["others"]["other member"], pcf_domains=["6", "1"])
    body = api_client_for(world["owner"]).get(f"{BASE}/pcf").json()
    by_code = {d["code"]: d for d in body["domains"]}
    assert len(by_code) == 9
    assert by_code["6"]["this_period"] == 1 and by_code["6"]["all_time"] == 1
    assert by_code["1"]["all_time"] == 0
    assert body["period_start"] <= timezone.localdate().isoformat() <= body["period_end"]


def test_settings_are_read_and_set_and_a_date_out_of_range_is_400(api_client_for):
    nurse = UserFactory(regulator="nmc")
    api = api_client_for(nurse)
    assert api.get(f"{BASE}/settings").json()["period_ends_on"] is None
    day = (timezone.localdate() + dt.timedelta(days=200)).isoformat()
    saved = api.put(f"{BASE}/settings", {"period_ends_on": day}, content_type=JSON)
    assert saved.status_code == 200 and saved.json()["period_ends_on"] == day
    assert saved.json()["period_end"] == day
    too_far = (timezone.localdate() + dt.timedelta(days=7 * 366)).isoformat()
    refused = api.put(f"{BASE}/settings", {"period_ends_on": too_far}, content_type=JSON)
    assert refused.status_code == 400 and "period_ends_on" in refused.json()["detail"]
    assert CpdSettings.objects.get(user=nurse).period_ends_on.isoformat() == day


def test_a_share_is_made_listed_opened_by_its_link_and_revoked(api_client_for, world):
    api, record = api_client_for(world["owner"]), world["record"]
    made = api.post(
        f"{BASE}/shares",
        {"record_ids": [record.pk], "recipient": "My supervisor", "days": 14},
        content_type=JSON,
    )
    assert made.status_code == 201, made.content
    share = made.json()
    assert share["record_ids"] == [record.pk] and share["usable"] is True
    assert Client().get(share["link"]).status_code == 200
    listed = api.get(f"{BASE}/shares").json()
    assert [s["id"] for s in listed] == [share["id"]] and "link" not in listed[0]

    revoked = api.post(f"{BASE}/shares/{share['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json()["usable"] is False
    assert api.post(f"{BASE}/shares/{share['id']}/revoke").status_code == 409
    assert Client().get(share["link"]).status_code == 404


def test_a_share_of_someone_elses_record_or_too_long_is_400_and_nothing_is_made(
    api_client_for, world, make_record
):
    api = api_client_for(world["owner"])
    theirs = make_record(world["others"]["other member"])
    for payload, field in (
        ({"record_ids": [theirs.pk], "recipient": "My supervisor"}, "records"),
        ({"record_ids": [world["record"].pk], "recipient": "My supervisor", "days": 91}, "days"),
        ({"record_ids": [], "recipient": "My supervisor"}, "records"),
    ):
        response = api.post(f"{BASE}/shares", payload, content_type=JSON)
        assert response.status_code == 400, payload
        assert field in response.json()["detail"]
    assert not CpdShare.objects.exists()


def test_nobody_else_reaches_a_record_its_evidence_or_a_share(api_client_for, world):
    owner, record = world["owner"], world["record"]
    evidence = _evidence(api_client_for(owner), record).json()["id"]
    share = api_client_for(owner).post(
        f"{BASE}/shares", {"record_ids": [record.pk], "recipient": "Supervisor"}, content_type=JSON
    )
    share_id = share.json()["id"]
    for role, user in world["others"].items():
        api = api_client_for(user)
        assert api.post(f"{BASE}/records/{record.pk}/draft").status_code == 404, role
        assert api.delete(f"{BASE}/records/{record.pk}").status_code == 404, role
        assert _evidence(api, record).status_code == 404, role
        gone = api.delete(f"{BASE}/records/{record.pk}/evidence/{evidence}")
        assert gone.status_code == 404, role
        assert api.get(f"{BASE}/shares").json() == [], role
        assert api.post(f"{BASE}/shares/{share_id}/revoke").status_code == 404, role
        sharing = api.post(
            f"{BASE}/shares", {"record_ids": [record.pk], "recipient": "Me"}, content_type=JSON
        )
        assert sharing.status_code == 400, role
        assert api.get(f"{BASE}/pcf").json()["domains"][5]["all_time"] == 0, role
    record.refresh_from_db()
    assert record.status == "final" and record.evidence.count() == 1
    assert CpdShare.objects.get().revoked_at is None and CpdShare.objects.count() == 1


def test_signed_out_is_refused(world):
    client, record = Client(), world["record"]
    for method, url in (
        ("delete", f"{BASE}/records/{record.pk}"),
        ("post", f"{BASE}/records/{record.pk}/draft"),
        ("post", f"{BASE}/records/{record.pk}/evidence"),
        ("delete", f"{BASE}/records/{record.pk}/evidence/1"),
        ("get", f"{BASE}/pcf"),
        ("get", f"{BASE}/settings"),
        ("put", f"{BASE}/settings"),
        ("get", f"{BASE}/shares"),
        ("post", f"{BASE}/shares"),
        ("post", f"{BASE}/shares/1/revoke"),
        ("get", f"{BASE}/organisations/{record.user.organisation.slug}"),
    ):
        response = getattr(client, method)(url, content_type=JSON)
        assert response.status_code == 401, (method, url)
    assert CpdRecord.objects.filter(pk=record.pk, status="final").exists()


def _staff(organisation, count):
    return [
        UserFactory(organisation=organisation, regulator="swe", full_name=f"Staff {n}")
        for n in range(count)
    ]


def test_the_organisation_figure_is_for_its_admins_and_host_admins_only():
    organisation = OrganisationFactory(slug="riverside-council")
    _staff(organisation, MIN_GROUP - 2)
    admin = OrgAdminFactory(organisation=organisation)  # a social worker too: one short
    url = f"{BASE}/organisations/{organisation.slug}"
    create_token = import_string("practice_commons.api.services.api_token_create")

    def get(user):
        raw = create_token(actor=user, user=user, name="t", scope="read").raw
        return Client(headers={"Authorization": f"Bearer {raw}"}).get(url)

    small = get(admin).json()
    assert small["suppressed"] is True and small["met"] is None
    assert small["min_group"] == MIN_GROUP
    assert get(HostAdminFactory()).status_code == 200
    other_admin = OrgAdminFactory(organisation=OrganisationFactory(slug="northshire"))
    for refused in (UserFactory(organisation=organisation), other_admin, UserFactory()):
        response = get(refused)
        assert response.status_code == 404
        assert "group_size" not in response.content.decode()


def test_the_organisation_figure_counts_once_the_group_is_large_enough(api_client_for):
    organisation = OrganisationFactory(slug="riverside-council")
    staff = _staff(organisation, MIN_GROUP)
    admin = OrgAdminFactory(organisation=organisation)
    body = api_client_for(admin).get(f"{BASE}/organisations/{organisation.slug}").json()
    assert body["suppressed"] is False and body["met"] == 0
    assert body["group_size"] >= len(staff)
