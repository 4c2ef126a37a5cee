"""``/api/v1/organisations/{slug}/onboarding`` and ``/api/v1/organisations/{slug}/embed``:
every role that must be refused (no token, a member, another organisation's admin, a
token without admin scope) and the organisation's admin and host admin who succeed,
with what changed in the database and nothing changed on a refusal."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from practice_commons.accounts.models import (
    AuditEvent,
    OnboardingImport,
    OnboardingInvitation,
    Organisation,
)
from practice_commons.confidentiality.testing import POSTCODE

from .factories import HostAdminFactory, OrgAdminFactory, OrganisationFactory, UserFactory
from .test_onboarding_services import staff

pytestmark = pytest.mark.django_db

JSON = "application/json"


def token_client(user, scope: str) -> Client:
    """A client with a fresh token of ``scope`` (made by the command: accounts' tests do
    not import the api app)."""
    out = io.StringIO()
    call_command("create_api_token", user.email, "--scope", scope, stdout=out)
    return Client(headers={"Authorization": f"Bearer {out.getvalue().strip()}"})


def csv_text(rows, header="name,email,profession,team") -> str:
    return "\n".join([header, *(",".join(row) for row in rows)]) + "\n"


@pytest.fixture
def world():
    leeds = OrganisationFactory(name="Leeds City Council")
    other = OrganisationFactory(name="Bradford Council")
    return {
        "leeds": leeds,
        "admin": OrgAdminFactory(organisation=leeds),
        "host admin": HostAdminFactory(),
        "refused": {
            "member": UserFactory(organisation=leeds),
            "other organisation's admin": OrgAdminFactory(organisation=other),
            "practitioner": UserFactory(organisation=None),
        },
    }


def _base(world) -> str:
    return f"/api/v1/organisations/{world['leeds'].slug}"


def _snapshot():
    return (
        list(OnboardingImport.objects.order_by("pk").values()),
        OnboardingInvitation.objects.count(),
        list(Organisation.objects.order_by("pk").values_list("embed_origins", flat=True)),
        AuditEvent.objects.exclude(action__startswith="api_token.").count(),
        len(mail.outbox),
    )


def _upload(api, world, rows, **extra):
    payload = {"csv": csv_text(rows), **extra}
    return api.post(f"{_base(world)}/onboarding", payload, content_type=JSON)


# --- Onboarding ------------------------------------------------------------------------


def test_admin_uploads_reads_the_preview_and_confirms(api_client_for, world):
    api = api_client_for(world["admin"])
    created = _upload(api, world, staff(3))
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "preview" and body["total_rows"] == 3
    assert body["counts"] == {
        "invite": 3,
        "invite_again": 0,
        "already_invited": 0,
        "already_member": 0,
    }
    assert [r["email"] for r in body["rows"]] == [
        "person00000@leeds.gov.uk",
        "person00001@leeds.gov.uk",
        "person00002@leeds.gov.uk",
    ]
    assert body["rows"][0]["profession"] == "Social worker"
    upload = OnboardingImport.objects.get(pk=body["id"])
    assert upload.organisation == world["leeds"] and upload.uploaded_by == world["admin"]
    assert not OnboardingInvitation.objects.exists()

    listed = api.get(f"{_base(world)}/onboarding").json()
    assert [i["id"] for i in listed["items"]] == [upload.pk] and listed["count"] == 1

    first = api.get(f"{_base(world)}/onboarding/{upload.pk}", {"limit": 2}).json()
    assert len(first["rows"]) == 2 and first["next"]
    rest = api.get(
        f"{_base(world)}/onboarding/{upload.pk}", {"limit": 2, "cursor": first["next"]}
    ).json()
    assert [r["row"] for r in rest["rows"]] == [4] and rest["next"] is None

    confirmed = api.post(f"{_base(world)}/onboarding/{upload.pk}/confirm")
    assert confirmed.status_code == 200, confirmed.content
    assert confirmed.json()["status"] == "done" and confirmed.json()["invited_count"] == 3
    assert OnboardingInvitation.objects.filter(organisation=world["leeds"]).count() == 3
    assert AuditEvent.objects.filter(action="onboarding.confirm").count() == 1

    again = api.post(f"{_base(world)}/onboarding/{upload.pk}/confirm")
    assert again.status_code == 409
    assert OnboardingInvitation.objects.count() == 3


def test_host_admin_may_onboard_any_organisation(api_client_for, world):
    created = _upload(api_client_for(world["host admin"]), world, staff(1))
    assert created.status_code == 201
    assert OnboardingImport.objects.get().organisation == world["leeds"]


def test_row_errors_are_listed_by_row_and_column_never_the_text(api_client_for, world):
    rows = [
        ("Ann Lee", "not-an-address", "", ""),
        ("Bob Ray", "bob@leeds.gov.uk", "Astronaut", ""),
        ("Cat Moss", "cat@leeds.gov.uk", "", f"Team at {POSTCODE}"),
    ]
    created = _upload(api_client_for(world["admin"]), world, rows)
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["status"] == "invalid" and body["rows"] == [] and body["counts"] is None
    found = {(e["row"], e["column"]) for e in body["errors"]}
    assert found == {(2, "email"), (3, "profession"), (4, "team")}
    assert POSTCODE not in created.content.decode()
    assert "not-an-address" not in created.content.decode()
    upload = OnboardingImport.objects.get()
    assert upload.rows == []  # a file with errors is not kept

    confirm = api_client_for(world["admin"]).post(f"{_base(world)}/onboarding/{upload.pk}/confirm")
    assert confirm.status_code == 409
    assert not OnboardingInvitation.objects.exists()


@pytest.mark.parametrize(
    "csv, message",
    [
        ("", "empty"),
        ("name,team\nAnn Lee,North\n", "missing: email"),
        ("name,email,profession,team\n", "no people"),
        ("<html><body>hi</body></html>", "CSV"),
    ],
)
def test_a_file_that_cannot_be_read_is_400_and_nothing_is_kept(api_client_for, world, csv, message):
    api = api_client_for(world["admin"])
    before = _snapshot()
    response = api.post(f"{_base(world)}/onboarding", {"csv": csv}, content_type=JSON)
    assert response.status_code == 400, response.content
    assert message in str(response.json()["detail"]["file"])
    assert _snapshot() == before


def test_refused_roles_get_404_and_nothing_changes(api_client_for, world):
    upload = _upload(api_client_for(world["admin"]), world, staff(2)).json()["id"]
    before = _snapshot()
    for role, person in world["refused"].items():
        api = api_client_for(person)
        assert api.get(f"{_base(world)}/onboarding").status_code == 404, role
        assert _upload(api, world, staff(1)).status_code == 404, role
        assert api.get(f"{_base(world)}/onboarding/{upload}").status_code == 404, role
        assert api.post(f"{_base(world)}/onboarding/{upload}/confirm").status_code == 404, role
    assert _snapshot() == before


def test_another_organisations_import_is_404_even_for_its_own_admin(api_client_for, world):
    upload = _upload(api_client_for(world["admin"]), world, staff(1)).json()["id"]
    other_admin = world["refused"]["other organisation's admin"]
    own = f"/api/v1/organisations/{other_admin.organisation.slug}/onboarding/{upload}"
    assert api_client_for(other_admin).get(own).status_code == 404
    missing = api_client_for(world["admin"]).get(f"{_base(world)}/onboarding/999999")
    assert missing.status_code == 404


def test_no_token_and_narrow_tokens_are_refused(world):
    upload = OnboardingImport.objects.create(
        organisation=world["leeds"], uploaded_by=world["admin"], status="preview", rows=[]
    )
    before = _snapshot()
    anonymous = Client()
    assert anonymous.get(f"{_base(world)}/onboarding").status_code == 401
    assert anonymous.post(f"{_base(world)}/onboarding/{upload.pk}/confirm").status_code == 401
    for scope in ("read", "write"):
        api = token_client(world["admin"], scope)
        assert api.get(f"{_base(world)}/onboarding").status_code == 403
        assert _upload(api, world, staff(1)).status_code == 403
        assert api.post(f"{_base(world)}/onboarding/{upload.pk}/confirm").status_code == 403
    assert _snapshot()[:3] == before[:3]


# --- Embed settings ------------------------------------------------------------------------


def test_admin_reads_and_sets_the_embed_origins(api_client_for, world):
    api = api_client_for(world["admin"])
    read = api.get(f"{_base(world)}/embed")
    assert read.status_code == 200, read.content
    body = read.json()
    assert body["origins"] == [] and body["max_origins"] == 10
    assert [w["name"] for w in body["widgets"]] == ["events", "jobs", "practice_examples"]
    assert body["widgets"][0]["url"].endswith(f"/embed/organisations/{world['leeds'].slug}/events/")
    assert "<iframe" in body["widgets"][0]["snippet"]
    assert "practice-commons:embed-height" in body["listener_snippet"]

    origins = ["HTTPS://www.Leeds.gov.uk/", "https://intranet.leeds.gov.uk:443", ""]
    saved = api.put(f"{_base(world)}/embed", {"origins": origins}, content_type=JSON)
    assert saved.status_code == 200, saved.content
    expected = ["https://www.leeds.gov.uk", "https://intranet.leeds.gov.uk"]
    assert saved.json()["origins"] == expected
    world["leeds"].refresh_from_db()
    assert world["leeds"].embed_origins == expected
    assert AuditEvent.objects.filter(action="organisation.embed_origins_set").count() == 1

    emptied = api.put(f"{_base(world)}/embed", {"origins": []}, content_type=JSON)
    assert emptied.status_code == 200
    world["leeds"].refresh_from_db()
    assert world["leeds"].embed_origins == []


def test_host_admin_sets_any_organisations_origins(api_client_for, world):
    api = api_client_for(world["host admin"])
    response = api.put(
        f"{_base(world)}/embed", {"origins": ["https://www.leeds.gov.uk"]}, content_type=JSON
    )
    assert response.status_code == 200
    world["leeds"].refresh_from_db()
    assert world["leeds"].embed_origins == ["https://www.leeds.gov.uk"]


@pytest.mark.parametrize(
    "origins",
    [
        ["http://www.leeds.gov.uk"],
        ["https://www.leeds.gov.uk/events"],
        ["https://*.leeds.gov.uk"],
        ["https://www.leeds.gov.uk", "nonsense"],
        [f"https://site{i}.example.org" for i in range(11)],
    ],
)
def test_bad_origins_are_400_listing_each_and_change_nothing(api_client_for, world, origins):
    api = api_client_for(world["admin"])
    api.put(f"{_base(world)}/embed", {"origins": ["https://old.leeds.gov.uk"]}, content_type=JSON)
    before = _snapshot()
    response = api.put(f"{_base(world)}/embed", {"origins": origins}, content_type=JSON)
    assert response.status_code == 400, response.content
    assert response.json()["detail"]["origins"]
    assert _snapshot() == before
    world["leeds"].refresh_from_db()
    assert world["leeds"].embed_origins == ["https://old.leeds.gov.uk"]


def test_embed_settings_refused_roles(api_client_for, world):
    before = _snapshot()
    payload = {"origins": ["https://evil.example.org"]}
    for role, person in world["refused"].items():
        api = api_client_for(person)
        assert api.get(f"{_base(world)}/embed").status_code == 404, role
        assert api.put(f"{_base(world)}/embed", payload, content_type=JSON).status_code == 404
    assert Client().get(f"{_base(world)}/embed").status_code == 401
    writer = token_client(world["admin"], "write")
    assert writer.put(f"{_base(world)}/embed", payload, content_type=JSON).status_code == 403
    assert api_client_for(world["admin"]).get(
        "/api/v1/organisations/nowhere/embed"
    ).status_code == (404)
    assert _snapshot()[:3] == before[:3]
