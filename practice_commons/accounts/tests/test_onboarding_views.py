"""Bulk onboarding through the pages: every role, the error table and the preview, the
status page while a large file runs (refreshing itself without JavaScript), and the
invitation link through sign-up and sign-in."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practice_commons.accounts.models import (
    OnboardingImport,
    OnboardingInvitation,
    OrganisationMembership,
    User,
)
from practice_commons.accounts.services import onboarding, onboarding_invitations

from .affiliation_roles import ROLES, person_for, signed_in
from .factories import PASSWORD, OrgAdminFactory, OrganisationFactory, UserFactory
from .test_onboarding_services import csv_bytes, staff

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
JOIN = re.compile(r"/onboarding/join/([A-Za-z0-9_-]+)/")
MANAGERS_SEE = {
    "visitor": "login",
    "practitioner": "404",
    "pending": "404",
    "member": "404",
    "champion": "404",
    "org_admin": "200",
    "other_org_admin": "404",
    "host_admin": "200",
}


@pytest.fixture
def leeds(db):
    return OrganisationFactory(name="Leeds City Council")


@pytest.fixture
def admin(leeds):
    return OrgAdminFactory(organisation=leeds)


def page(name, **kwargs):
    return reverse(f"accounts:{name}", kwargs=kwargs)


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(LOGIN_URL):
        return "login"
    return str(response.status_code)


def csv_file(content: bytes, name="staff.csv"):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def post_file(client, organisation, content, **data):
    return client.post(
        page("onboarding_home", slug=organisation.slug), {"file": csv_file(content), **data}
    )


@pytest.mark.parametrize("role", ROLES)
def test_every_page_for_every_role(client, role, leeds, admin):
    checked = onboarding.onboarding_upload(
        actor=admin, organisation=leeds, file_name="staff.csv", content=csv_bytes(staff(2))
    )
    signed_in(client, person_for(role, leeds))
    home = client.get(page("onboarding_home", slug=leeds.slug))
    status = client.get(page("onboarding_status", slug=leeds.slug, import_id=checked.pk))
    uploaded = post_file(client, leeds, csv_bytes(staff(1, start=50)))
    confirmed = client.post(page("onboarding_confirm", slug=leeds.slug, import_id=checked.pk))
    expected = MANAGERS_SEE[role]
    if expected == "200":
        assert home.status_code == status.status_code == 200
        assert uploaded.status_code == confirmed.status_code == 302
        assert OnboardingInvitation.objects.count() == 2
    else:
        for response in (home, status, uploaded, confirmed):
            assert outcome(response) == expected
        assert OnboardingImport.objects.count() == 1
        assert not OnboardingInvitation.objects.exists()


def test_another_organisations_upload_is_not_found(client, leeds, admin):
    checked = onboarding.onboarding_upload(
        actor=admin, organisation=leeds, file_name="staff.csv", content=csv_bytes(staff(1))
    )
    other = OrgAdminFactory()
    signed_in(client, other)
    url = page("onboarding_status", slug=other.organisation.slug, import_id=checked.pk)
    assert client.get(url).status_code == 404


class TestUploadPages:
    def test_errors_are_listed_by_row_and_column_and_nothing_is_written(
        self, client, leeds, admin, mailoutbox
    ):
        content = csv_bytes([("Ann Lee", "ann@leeds.gov.uk", "", ""), ("", "nope", "Pilot", "")])
        response = signed_in(client, admin).post(
            page("onboarding_home", slug=leeds.slug), {"file": csv_file(content)}, follow=True
        )
        body = response.content.decode()
        assert "The file has 3 errors" in body
        assert re.search(r">3</td>\s*<td[^>]*>name</td>", body)
        assert re.search(r">3</td>\s*<td[^>]*>email</td>", body)
        assert re.search(r">3</td>\s*<td[^>]*>profession</td>", body)
        assert "Nothing has been saved or sent" in body
        assert not OnboardingInvitation.objects.exists()
        assert mailoutbox == []

    def test_an_unreadable_file_is_shown_beside_the_field(self, client, leeds, admin):
        response = signed_in(client, admin).post(
            page("onboarding_home", slug=leeds.slug), {"file": csv_file(b"first,last\n")}
        )
        assert response.status_code == 200
        assert "missing: name, email" in response.content.decode()
        assert not OnboardingImport.objects.exists()

    def test_preview_then_send(
        self, client, leeds, admin, mailoutbox, django_capture_on_commit_callbacks
    ):
        signed_in(client, admin)
        response = post_file(client, leeds, csv_bytes(staff(2)))
        preview = client.get(response["Location"]).content.decode()
        assert "Every row is valid" in preview and "2 to invite" in preview
        assert "person00001@leeds.gov.uk" in preview and "Social worker" in preview
        assert not OnboardingInvitation.objects.exists()
        upload = OnboardingImport.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            sent = client.post(
                page("onboarding_confirm", slug=leeds.slug, import_id=upload.pk), follow=True
            )
        body = sent.content.decode()
        assert "2 invitations sent." in body and "2 invited" in body
        assert len(mailoutbox) == 2

    def test_uploads_are_listed(self, client, leeds, admin):
        signed_in(client, admin)
        post_file(client, leeds, csv_bytes(staff(1)))
        body = client.get(page("onboarding_home", slug=leeds.slug)).content.decode()
        assert "staff.csv" in body and "Ready to invite" in body


class TestProgress:
    @pytest.fixture
    def running(self, leeds, admin, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False):
            return onboarding.onboarding_upload(
                actor=admin,
                organisation=leeds,
                file_name="big.csv",
                content=csv_bytes(staff(onboarding.SYNC_ROWS + 1)),
            )

    def test_the_status_page_refreshes_itself_without_javascript(self, client, admin, running):
        url = page("onboarding_status", slug=running.organisation.slug, import_id=running.pk)
        body = signed_in(client, admin).get(url).content.decode()
        assert '<meta http-equiv="refresh" content="3">' in body
        assert f"0 of {onboarding.SYNC_ROWS + 1} rows" in body
        assert "<progress" in body

    def test_htmx_polls_the_progress_and_reloads_when_done(self, client, admin, running):
        url = page("onboarding_status", slug=running.organisation.slug, import_id=running.pk)
        signed_in(client, admin)
        partial = client.get(url, headers={"HX-Request": "true"})
        assert 'id="onboarding-progress"' in partial.content.decode()
        assert "<html" not in partial.content.decode()
        onboarding.onboarding_import_validate(import_id=running.pk)
        done = client.get(url, headers={"HX-Request": "true"})
        assert done["HX-Refresh"] == "true"
        full = client.get(url).content.decode()
        assert "http-equiv" not in full and "Every row is valid" in full


# --- The invitation link ------------------------------------------------------------------


@pytest.fixture
def join_url(leeds, admin, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        checked = onboarding.onboarding_upload(
            actor=admin, organisation=leeds, file_name="s.csv", content=csv_bytes(staff(1))
        )
        onboarding_invitations.onboarding_import_confirm(actor=admin, upload=checked)
    token = JOIN.search(mailoutbox[-1].body).group(1)
    return page("onboarding_join", token=token)


def test_forged_invitation_link_is_404(client):
    assert client.get(page("onboarding_join", token="forged")).status_code == 404


def test_visitor_opens_the_link_then_signs_in_and_joins(client, leeds, join_url):
    person = UserFactory(organisation=None, email="person00000@leeds.gov.uk", full_name="")
    shown = client.get(join_url).content.decode()
    assert "Create an account" in shown and "person00000@leeds.gov.uk" in shown
    response = client.post(
        reverse("account_login"), {"login": person.email, "password": PASSWORD}, follow=True
    )
    assert response.status_code == 200
    assert "verified member of Leeds City Council" in response.content.decode()
    membership = OrganisationMembership.objects.get(user=person, organisation=leeds)
    assert membership.verified_via == "onboarding"
    person.refresh_from_db()
    assert person.organisation == leeds and person.full_name == "Person 00000"


def test_signing_up_after_opening_the_link_joins_once_the_address_is_confirmed(
    client, leeds, join_url, mailoutbox
):
    client.get(join_url)
    client.post(
        reverse("account_signup"),
        {
            "email": "person00000@leeds.gov.uk",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )
    person = User.objects.get(email="person00000@leeds.gov.uk")
    assert not OrganisationMembership.objects.filter(user=person).exists()
    confirm = re.search(r"/account/confirm-email/[^\s/]+/", mailoutbox[-1].body).group(0)
    client.post(confirm, follow=True)
    assert EmailAddress.objects.get(user=person).verified
    assert OrganisationMembership.objects.get(user=person).verified_via == "onboarding"
    person.refresh_from_db()
    assert person.full_name == "Person 00000"
    assert person.profession.slug == "social-worker"


def test_signing_in_with_another_address_does_not_join(client, leeds, join_url):
    someone = UserFactory(organisation=None)
    client.get(join_url)
    client.post(reverse("account_login"), {"login": someone.email, "password": PASSWORD})
    assert not OrganisationMembership.objects.filter(user=someone, organisation=leeds).exists()
    body = client.get(join_url).content.decode()
    assert "not a confirmed address on your account" in body
    assert client.post(join_url).status_code == 409
    assert not OrganisationMembership.objects.filter(user=someone, organisation=leeds).exists()


def test_signed_in_with_the_address_joins_with_the_button(client, leeds, join_url):
    person = UserFactory(organisation=None, email="person00000@leeds.gov.uk")
    signed_in(client, person)
    body = client.get(join_url).content.decode()
    assert "Join Leeds City Council" in body
    response = client.post(join_url)
    assert response.status_code == 302 and response["Location"] == page("profile_edit")
    assert OrganisationMembership.objects.filter(user=person, organisation=leeds).exists()
    assert "You have accepted this invitation" in client.get(join_url).content.decode()


def test_signing_in_without_opening_a_link_joins_nothing(client, leeds, join_url):
    person = UserFactory(organisation=None, email="person00000@leeds.gov.uk")
    client.post(reverse("account_login"), {"login": person.email, "password": PASSWORD})
    assert not OrganisationMembership.objects.filter(user=person, organisation=leeds).exists()


# Session, user, organisation, admin check, count and page of uploads: fixed.
HOME_QUERY_BUDGET = 8


@pytest.mark.parametrize("uploads", [2, 30])
def test_onboarding_home_query_budget(client, leeds, admin, uploads, django_assert_max_num_queries):
    for i in range(uploads):
        onboarding.onboarding_upload(
            actor=admin, organisation=leeds, file_name=f"{i}.csv", content=csv_bytes(staff(1))
        )
    signed_in(client, admin)
    with django_assert_max_num_queries(HOME_QUERY_BUDGET):
        response = client.get(page("onboarding_home", slug=leeds.slug))
    assert response.status_code == 200


def test_a_sign_in_without_the_messages_middleware_still_joins(client, leeds, join_url):
    person = UserFactory(organisation=None, email="person00000@leeds.gov.uk")
    client.get(join_url)
    client.force_login(person)
    assert OrganisationMembership.objects.filter(user=person, organisation=leeds).exists()
