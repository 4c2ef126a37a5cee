"""Embed on your website: the websites an organisation lets frame its embeds (checked
one by one, at most ten) and the page where its admins set them and copy the code."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from practice_commons.accounts.models import AuditEvent
from practice_commons.accounts.services.embeds import (
    normalise_embed_origin,
    organisation_embed_origins_set,
)
from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrgAdminFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- Checking an origin -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("https://www.leeds.gov.uk", "https://www.leeds.gov.uk"),
        ("  HTTPS://WWW.Leeds.gov.uk/  ", "https://www.leeds.gov.uk"),
        ("https://www.leeds.gov.uk:443", "https://www.leeds.gov.uk"),
        ("https://intranet.leeds.gov.uk:8443", "https://intranet.leeds.gov.uk:8443"),
        ("https://203.0.113.7", "https://203.0.113.7"),
    ],
)
def test_an_origin_is_stored_in_one_spelling(given, stored):
    assert normalise_embed_origin(given) == stored


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("www.leeds.gov.uk", "“www.leeds.gov.uk” must start with https://"),
        ("http://www.leeds.gov.uk", "must start with https:// (embeds are shown only on secure"),
        ("ftp://www.leeds.gov.uk", "must start with https://"),
        ("https://www.leeds.gov.uk/news", "must be only the website's address, without a page"),
        ("https://www.leeds.gov.uk/?a=1", "must be only the website's address"),
        ("https://www.leeds.gov.uk#top", "must be only the website's address"),
        ("https://*.leeds.gov.uk", "wildcards are not accepted"),
        ("https://user:pw@www.leeds.gov.uk", "must not contain a user name or password"),
        ("https://leeds_council.gov.uk", "is not a website address"),
        ("https://www.leeds.gov.uk:99999", "is not a website address"),
        ("https://", "is not a website address"),
        ("https://" + "a" * 200 + ".uk", "is too long for a website address"),
    ],
)
def test_a_bad_origin_is_refused_saying_what_to_change(given, message):
    with pytest.raises(ValidationError) as refused:
        normalise_embed_origin(given)
    assert message in refused.value.messages[0]


def test_local_origins_only_when_the_setting_allows():
    with override_settings(EMBED_ALLOW_LOCAL_ORIGINS=True):
        assert normalise_embed_origin("http://127.0.0.1:8000") == "http://127.0.0.1:8000"
        assert normalise_embed_origin("http://localhost:5173/") == "http://localhost:5173"
        with pytest.raises(ValidationError):
            normalise_embed_origin("http://intranet.example.org")
    with override_settings(EMBED_ALLOW_LOCAL_ORIGINS=False):
        with pytest.raises(ValidationError) as refused:
            normalise_embed_origin("http://127.0.0.1:8000")
        assert "must start with https://" in refused.value.messages[0]
        with pytest.raises(ValidationError) as refused:
            normalise_embed_origin("https://localhost")
        assert "is this computer, not a website" in refused.value.messages[0]


# --- The service --------------------------------------------------------------------------


def test_admin_sets_origins_deduplicated_and_audited():
    org = OrganisationFactory()
    admin = OrgAdminFactory(organisation=org)
    organisation_embed_origins_set(
        actor=admin,
        organisation=org,
        origins=["https://www.leeds.gov.uk", "", "https://WWW.leeds.gov.uk/", "https://a.org"],
    )
    org.refresh_from_db()
    assert org.embed_origins == ["https://www.leeds.gov.uk", "https://a.org"]
    event = AuditEvent.objects.get(action="organisation.embed_origins_set")
    assert event.actor == admin
    assert event.data == {"origins": ["https://www.leeds.gov.uk", "https://a.org"]}


def test_every_problem_is_listed_and_nothing_changes():
    org = OrganisationFactory(embed_origins=["https://kept.example.org"])
    admin = OrgAdminFactory(organisation=org)
    with pytest.raises(ValidationError) as refused:
        organisation_embed_origins_set(
            actor=admin,
            organisation=org,
            origins=["https://ok.example.org", "http://a.org", "https://b.org/page"],
        )
    messages = refused.value.message_dict["origins"]
    assert len(messages) == 2
    assert "“http://a.org”" in messages[0]
    assert "“https://b.org/page”" in messages[1]
    org.refresh_from_db()
    assert org.embed_origins == ["https://kept.example.org"]
    assert not AuditEvent.objects.filter(action="organisation.embed_origins_set").exists()


def test_at_most_ten():
    org = OrganisationFactory()
    admin = OrgAdminFactory(organisation=org)
    origins = [f"https://site{i}.example.org" for i in range(11)]
    with pytest.raises(ValidationError) as refused:
        organisation_embed_origins_set(actor=admin, organisation=org, origins=origins)
    assert refused.value.message_dict["origins"] == ["List at most 10 websites; you listed 11."]
    organisation_embed_origins_set(actor=admin, organisation=org, origins=origins[:10])
    org.refresh_from_db()
    assert len(org.embed_origins) == 10


def test_only_the_organisations_admins_and_host_admins():
    org = OrganisationFactory()
    for outsider in (UserFactory(organisation=org), OrgAdminFactory()):
        with pytest.raises(PermissionDenied):
            organisation_embed_origins_set(
                actor=outsider, organisation=org, origins=["https://a.org"]
            )
    organisation_embed_origins_set(
        actor=HostAdminFactory(), organisation=org, origins=["https://a.org"]
    )
    org.refresh_from_db()
    assert org.embed_origins == ["https://a.org"]


# --- The page -----------------------------------------------------------------------------


def _url(org):
    return f"/organisations/{org.slug}/embed/"


@pytest.fixture
def org():
    return OrganisationFactory(name="Leeds City Council", slug="leeds")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("visitor", 302),
        ("member", 404),
        ("champion", 404),
        ("other_admin", 404),
        ("admin", 200),
        ("host_admin", 200),
    ],
)
def test_page_per_role(client, org, role, status):
    people = {
        "visitor": None,
        "member": lambda: UserFactory(organisation=org),
        "champion": lambda: UserFactory(organisation=org, org_role="champion"),
        "other_admin": lambda: OrgAdminFactory(),
        "admin": lambda: OrgAdminFactory(organisation=org),
        "host_admin": lambda: HostAdminFactory(),
    }
    if people[role]:
        client.force_login(people[role]())
    response = client.get(_url(org))
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/account/login/")
    answer = client.post(_url(org), {"origins": "https://evil.example.org"})
    assert answer.status_code == (302 if status in (302, 200) else status)
    org.refresh_from_db()
    assert org.embed_origins == (["https://evil.example.org"] if status == 200 else [])


def test_page_shows_the_snippets_and_saves(client, org):
    admin = OrgAdminFactory(organisation=org)
    client.force_login(admin)
    html = client.get(_url(org)).content.decode()
    assert '<h1 class="govuk-heading-l">Embed on your website</h1>' in html
    for path in ("events", "jobs", "practice-examples"):
        embed = f"http://testserver/embed/organisations/leeds/{path}/"
        assert f"&lt;iframe src=&quot;{embed}&quot;" in html
        assert f'href="{embed}?format=json"' in html
    assert "practice-commons:embed-height" in html
    assert "event.origin !== &quot;http://testserver&quot;" in html
    assert "No website is listed yet" in html

    response = client.post(
        _url(org), {"origins": "https://www.leeds.gov.uk\r\nhttps://intranet.leeds.gov.uk/\r\n"}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(org)
    org.refresh_from_db()
    assert org.embed_origins == ["https://www.leeds.gov.uk", "https://intranet.leeds.gov.uk"]
    html = client.get(_url(org)).content.decode()
    assert "The list of websites is saved." in html
    assert "https://www.leeds.gov.uk\nhttps://intranet.leeds.gov.uk</textarea>" in html


def test_page_shows_each_refusal_and_keeps_what_was_typed(client, org):
    client.force_login(OrgAdminFactory(organisation=org))
    response = client.post(_url(org), {"origins": "leeds.gov.uk\nhttps://ok.example.org"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Embed on your website" in html
    assert "“leeds.gov.uk” must start with https://" in html
    assert "leeds.gov.uk\nhttps://ok.example.org</textarea>" in html
    org.refresh_from_db()
    assert org.embed_origins == []


def test_emptying_the_list_stops_every_website(client, org):
    org.embed_origins = ["https://www.leeds.gov.uk"]
    org.save()
    client.force_login(OrgAdminFactory(organisation=org))
    response = client.post(_url(org), {"origins": ""}, follow=True)
    assert "No website may show the embeds now." in response.content.decode()
    org.refresh_from_db()
    assert org.embed_origins == []


def test_people_page_links_to_it(client, org):
    client.force_login(OrgAdminFactory(organisation=org))
    html = client.get(f"/organisations/{org.slug}/people/").content.decode()
    assert f'href="{_url(org)}">Embed on your website</a>' in html
