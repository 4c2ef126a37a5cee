"""Verified affiliation through the pages: every role on every page, the confirmation
link, the profile's "pending", a pending person absent from the people page and the
API, and the admins' request list at a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from practice_commons.accounts import services
from practice_commons.accounts.models import (
    AffiliationRequest,
    OrganisationDomain,
    OrganisationMembership,
    Profession,
)

from .affiliation_roles import ROLES, pending_person, person_for, signed_in
from .factories import OrgAdminFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")
LINK = re.compile(r"/affiliations/confirm/([A-Za-z0-9_-]+)/")


@pytest.fixture
def leeds(db):
    organisation = OrganisationFactory(name="Leeds City Council")
    OrganisationDomain.objects.create(organisation=organisation, domain="leeds.gov.uk")
    OrgAdminFactory(organisation=organisation)
    return organisation


@pytest.fixture
def waiting(leeds):
    person = pending_person(leeds, full_name="Waiting Person")
    return AffiliationRequest.objects.get(user=person)


def page(name, **kwargs):
    return reverse(f"accounts:{name}", kwargs=kwargs)


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(LOGIN_URL):
        return "login"
    return str(response.status_code)


# --- Every role, every page -------------------------------------------------------------

# role -> expected outcome; anything else is refused as "not found" so that the pages do
# not confirm which organisations or requests exist.
MANAGER_PAGE = {
    "visitor": "login",
    "practitioner": "404",
    "pending": "404",
    "member": "404",
    "champion": "404",
    "org_admin": "200",
    "other_org_admin": "404",
    "host_admin": "200",
}
HOST_PAGE = {**MANAGER_PAGE, "org_admin": "404"}


@pytest.mark.parametrize("role", ROLES)
def test_organisation_requests_page(client, role, leeds, waiting):
    response = signed_in(client, person_for(role, leeds)).get(
        page("organisation_requests", slug=leeds.slug)
    )
    assert outcome(response) == MANAGER_PAGE[role]
    if response.status_code == 200:
        assert "Waiting Person" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_host_requests_page(client, role, leeds):
    newcomer = UserFactory(organisation=None, full_name="Founder Person")
    created = services.organisation_create(actor=newcomer, name="Powys Carers", kind="charity")
    services.affiliation_choose(
        actor=newcomer, user=newcomer, organisation=created, new_organisation=True
    )
    response = signed_in(client, person_for(role, leeds)).get(page("host_requests"))
    assert outcome(response) == HOST_PAGE[role]
    if response.status_code == 200:
        body = response.content.decode()
        assert "Founder Person" in body and "Powys Carers" in body


@pytest.mark.parametrize("role", ROLES)
def test_approve(client, role, leeds, waiting):
    response = signed_in(client, person_for(role, leeds)).post(
        page("affiliation_approve", request_id=waiting.pk),
        {"from_organisation": leeds.slug},
    )
    verified = OrganisationMembership.objects.filter(user=waiting.user, organisation=leeds)
    if MANAGER_PAGE[role] == "200":
        assert response.status_code == 302
        assert response["Location"] == page("organisation_requests", slug=leeds.slug)
        assert verified.get().verified_via == "admin_approval"
    else:
        assert outcome(response) == MANAGER_PAGE[role]
        assert not verified.exists()


@pytest.mark.parametrize("role", ROLES)
def test_decline(client, role, leeds, waiting, mailoutbox):
    actor = person_for(role, leeds)
    url = page("affiliation_decline", request_id=waiting.pk)
    shown = signed_in(client, actor).get(url)
    response = client.post(url, {"reason": "Use your leeds.gov.uk address, please."})
    waiting.refresh_from_db()
    if MANAGER_PAGE[role] == "200":
        assert shown.status_code == 200
        assert response.status_code == 302
        assert waiting.status == AffiliationRequest.Status.DECLINED
    else:
        assert outcome(shown) == outcome(response) == MANAGER_PAGE[role]
        assert waiting.is_pending


def test_decline_reason_is_guarded_on_the_page(client, leeds, waiting, host_admin):
    from practice_commons.confidentiality.testing import assert_form_view_guarded

    signed_in(client, host_admin)
    assert_form_view_guarded(
        client,
        page("affiliation_decline", request_id=waiting.pk),
        {},
        "reason",
        model=None,
    )
    waiting.refresh_from_db()
    assert waiting.is_pending


def test_decline_needs_a_reason_on_the_page(client, leeds, waiting, host_admin):
    response = signed_in(client, host_admin).post(
        page("affiliation_decline", request_id=waiting.pk), {"reason": ""}
    )
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_domains_page(client, role, leeds):
    actor = person_for(role, leeds)
    url = page("organisation_domains", slug=leeds.slug)
    shown = signed_in(client, actor).get(url)
    added = client.post(url, {"domain": "leedsnhs.example.org"})
    removed = client.post(
        page(
            "organisation_domain_remove",
            slug=leeds.slug,
            domain_id=OrganisationDomain.objects.get(domain="leeds.gov.uk").pk,
        )
    )
    domains = set(OrganisationDomain.objects.values_list("domain", flat=True))
    if HOST_PAGE[role] == "200":
        assert shown.status_code == 200 and "leeds.gov.uk" in shown.content.decode()
        assert added.status_code == removed.status_code == 302
        assert domains == {"leedsnhs.example.org"}
    else:
        assert outcome(shown) == outcome(added) == outcome(removed) == HOST_PAGE[role]
        assert domains == {"leeds.gov.uk"}


def test_a_refused_domain_is_shown_beside_the_field(client, leeds, host_admin):
    response = signed_in(client, host_admin).post(
        page("organisation_domains", slug=leeds.slug), {"domain": "gmail.com"}
    )
    assert response.status_code == 200
    assert "Anyone can have an address at gmail.com" in response.content.decode()


def test_unknown_request_and_organisation_are_404(client, host_admin):
    signed_in(client, host_admin)
    assert client.post(page("affiliation_approve", request_id=999999)).status_code == 404
    assert client.get(page("organisation_domains", slug="nowhere")).status_code == 404
    assert client.get(page("organisation_requests", slug="nowhere")).status_code == 404


# --- The confirmation link --------------------------------------------------------------


@pytest.fixture
def link(client, leeds, django_capture_on_commit_callbacks, mailoutbox):
    person = UserFactory(organisation=None, full_name="Nia Evans")
    with django_capture_on_commit_callbacks(execute=True):
        services.affiliation_choose(
            actor=person, user=person, organisation=leeds, work_email="nia@leeds.gov.uk"
        )
    token = LINK.search(mailoutbox[-1].body).group(1)
    return person, page("affiliation_confirm", token=token)


class TestConfirmationLinkPage:
    def test_get_changes_nothing_and_post_verifies(self, client, leeds, link):
        person, url = link
        shown = signed_in(client, person).get(url)
        assert shown.status_code == 200
        assert "nia@leeds.gov.uk" in shown.content.decode()
        assert not OrganisationMembership.objects.filter(user=person).exists()
        response = client.post(url)
        assert response.status_code == 302 and response["Location"] == page("profile")
        assert OrganisationMembership.objects.get(user=person).verified_via == "domain_email"
        profile = client.get(page("profile")).content.decode()
        assert "Leeds City Council" in profile and "Verified" in profile

    def test_used_link(self, client, link):
        person, url = link
        signed_in(client, person).post(url)
        again = client.post(url)
        assert again.status_code == 409
        assert "already been used" in again.content.decode()

    def test_expired_link(self, client, link):
        person, url = link
        AffiliationRequest.objects.update(token_expires_at=timezone.now() - timedelta(minutes=1))
        shown = signed_in(client, person).get(url)
        assert shown.status_code == 409 and "expired" in shown.content.decode()
        assert client.post(url).status_code == 409
        assert not OrganisationMembership.objects.filter(user=person).exists()

    def test_forged_link(self, client, link):
        person, _url = link
        signed_in(client, person)
        assert client.get(page("affiliation_confirm", token="forged-token")).status_code == 404
        assert client.post(page("affiliation_confirm", token="x" * 200)).status_code == 404

    @pytest.mark.parametrize("role", [r for r in ROLES if r != "visitor"])
    def test_another_persons_link(self, client, role, leeds, link):
        person, url = link
        signed_in(client, person_for(role, leeds))
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert not OrganisationMembership.objects.filter(user=person).exists()

    def test_visitor_is_sent_to_sign_in(self, client, link):
        _person, url = link
        assert outcome(client.get(url)) == "login"

    def test_resend_from_the_profile(
        self, client, link, mailoutbox, django_capture_on_commit_callbacks
    ):
        person, old_url = link
        signed_in(client, person)
        profile = client.get(page("profile")).content.decode()
        assert "Pending" in profile and "Send the link again" in profile
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(page("affiliation_resend"))
        assert response.status_code == 302
        assert len(mailoutbox) == 2
        assert client.get(old_url).status_code == 404


# --- The profile ------------------------------------------------------------------------


class TestProfile:
    def form_data(self, **overrides):
        data = {
            "full_name": "Nia Evans",
            "profession": str(Profession.objects.get(slug="social-worker").pk),
            "nation": "england",
            "regulator": "swe",
            "language": "en-gb",
            "organisation_choice": "",
            "expertise_text": "",
        }
        data.update(overrides)
        return data

    def test_domain_mismatch_is_pending_for_the_admins(self, client, leeds, mailoutbox):
        person = UserFactory(organisation=None)
        signed_in(client, person).post(
            page("profile_edit"),
            self.form_data(organisation_choice=str(leeds.pk), work_email="nia@gmail.com"),
        )
        request = AffiliationRequest.objects.get(user=person)
        assert request.route == AffiliationRequest.Route.ORGANISATION_ADMINS
        assert mailoutbox == []
        body = client.get(page("profile")).content.decode()
        assert "Pending" in body and "Leeds City Council's admins" in body
        edit = client.get(page("profile_edit")).content.decode()
        assert f'<option value="{leeds.pk}" selected>' in edit
        assert 'value="nia@gmail.com"' in edit

    def test_work_email_without_an_organisation_is_refused(self, client):
        person = UserFactory(organisation=None)
        response = signed_in(client, person).post(
            page("profile_edit"), self.form_data(work_email="nia@leeds.gov.uk")
        )
        assert response.status_code == 200
        assert "Choose the organisation this address is at." in response.content.decode()
        assert not AffiliationRequest.objects.exists()

    def test_declined_request_shows_the_reason(self, client, leeds, waiting, host_admin):
        services.affiliation_decline(
            actor=host_admin, request=waiting, reason="We have no record of you."
        )
        body = signed_in(client, waiting.user).get(page("profile")).content.decode()
        assert "was declined" in body and "We have no record of you." in body


# --- A pending person is on no organisation page ----------------------------------------


def test_pending_person_is_absent_from_the_people_page(client, leeds, waiting, host_admin):
    UserFactory(organisation=leeds, full_name="Verified Colleague")
    body = signed_in(client, host_admin).get(page("organisation_people", slug=leeds.slug))
    text = body.content.decode()
    assert "Verified Colleague" in text
    assert "Waiting Person" not in text


def test_pending_person_has_no_organisation_in_the_api(api_client_for, leeds, waiting):
    response = api_client_for(waiting.user).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["organisation"] is None


def test_pending_person_may_not_manage_the_organisation(client, leeds, waiting):
    signed_in(client, waiting.user)
    assert client.get(page("organisation_people", slug=leeds.slug)).status_code == 404
    assert client.get(page("onboarding_home", slug=leeds.slug)).status_code == 404


# --- Query budget -----------------------------------------------------------------------

# Session, user, organisation, admin check, count, the page of requests with their people
# and professions: the same whatever the number of requests.
REQUESTS_PAGE_QUERY_BUDGET = 10


@pytest.mark.parametrize("requests", [3, 80])
def test_requests_page_query_budget(client, leeds, requests, django_assert_max_num_queries):
    admin = OrganisationMembership.objects.get(organisation=leeds, role="admin").user
    for i in range(requests):
        pending_person(leeds, full_name=f"Person {i:03d}")
    signed_in(client, admin)
    with django_assert_max_num_queries(REQUESTS_PAGE_QUERY_BUDGET):
        response = client.get(page("organisation_requests", slug=leeds.slug))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == requests


@pytest.mark.parametrize("requests", [3, 80])
def test_host_requests_page_query_budget(
    client, host_admin, requests, django_assert_max_num_queries
):
    for i in range(requests):
        pending_person(OrganisationFactory(), full_name=f"Person {i:03d}")
    signed_in(client, host_admin)
    with django_assert_max_num_queries(REQUESTS_PAGE_QUERY_BUDGET):
        response = client.get(page("host_requests"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == requests


def test_the_django_admin_shows_verification_read_only(client, leeds, waiting, host_admin):
    signed_in(client, host_admin)
    request_page = client.get(
        reverse("admin:accounts_affiliationrequest_change", args=[waiting.pk])
    )
    assert request_page.status_code == 200
    assert "token_digest" not in request_page.content.decode()
    requests_page = client.get(reverse("admin:accounts_affiliationrequest_changelist"))
    assert requests_page.status_code == 200
    assert "Waiting Person" in requests_page.content.decode()
    assert client.get(reverse("admin:accounts_affiliationrequest_add")).status_code == 403
