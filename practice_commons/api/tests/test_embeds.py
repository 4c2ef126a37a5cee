"""The organisation embeds at /embed/organisations/<slug>/...: public data only, the same
for everyone, no cookies, framed only by the websites the organisation listed, within a
fixed query budget."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from practice_commons.accounts.tests.factories import (
    HostAdminFactory,
    OrgAdminFactory,
    OrganisationFactory,
    UserFactory,
)
from practice_commons.communities.models import Visibility
from practice_commons.communities.tests.factories import make_community
from practice_commons.events.models import Audience, Event, EventStatus
from practice_commons.jobs.models import Job
from practice_commons.library.models import ItemKind, ItemStatus, LibraryItem

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def _event(org=None, *, days=7, **extra):
    start = timezone.now() + dt.timedelta(days=days)
    values = {
        "title": "Recognising neglect together",
        "description": "Joint training.",
        "kind": "joint_training",
        "status": EventStatus.PUBLISHED,
        "organisation": org,
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "area": "Leeds",
        "audience": Audience.SIGNED_IN,
    }
    values.update(extra)
    return Event.objects.create(**values)


def _job(org, *, days=10, **extra):
    admin = UserFactory(organisation=org)
    values = {
        "title": "Senior social worker",
        "organisation": org,
        "location": "Leeds",
        "contract_type": "permanent",
        "profession": admin.profession,
        "closes_on": timezone.localdate() + dt.timedelta(days=days),
        "apply_url": "https://jobs.example.org/",
        "description": "D",
        "salary_min": 40000,
        "salary_max": 45000,
    }
    values.update(extra)
    return Job.objects.create(**values)


def _example(org, **extra):
    values = {
        "kind": ItemKind.PRACTICE_EXAMPLE,
        "status": ItemStatus.PUBLISHED,
        "title": "Joint visits with health visitors",
        "summary": "How two teams planned first visits together.",
        "published_at": timezone.now(),
    }
    values.update(extra)
    item = LibraryItem.objects.create(**values)
    item.organisations.add(org)
    return item


@pytest.fixture
def org():
    return OrganisationFactory(
        name="Leeds City Council",
        slug="leeds",
        embed_origins=["https://www.leeds.gov.uk", "https://intranet.leeds.gov.uk:8443"],
    )


# --- JSON shape and what is listed --------------------------------------------------------


def test_events_json_lists_upcoming_public_events_of_the_org_and_its_communities(org):
    hosted = _event(org, title="Hosted by the council", days=3)
    community = make_community(host_organisation=org, visibility=Visibility.PUBLIC)
    in_community = _event(None, community=community, title="In its community", days=5)
    cohosted = _event(OrganisationFactory(), title="Co-hosted", days=6)
    cohosted.co_hosts.add(org)
    # Not listed: other organisations', drafts, cancelled, past, members-only,
    # community-only, by invitation, and a private community's events.
    _event(OrganisationFactory(), title="Someone else's")
    _event(org, title="Draft", status=EventStatus.DRAFT)
    _event(org, title="Cancelled", status=EventStatus.CANCELLED)
    _event(org, title="Past", days=-3)
    _event(org, title="Members only", audience=Audience.MEMBERS)
    _event(org, title="By invitation", audience=Audience.INVITATION)
    _event(None, community=community, title="Community only", audience=Audience.COMMUNITY)
    private = make_community(host_organisation=org, visibility=Visibility.PRIVATE)
    _event(org, community=private, title="Private community's")
    members_only = make_community(host_organisation=org, visibility=Visibility.MEMBERS_ONLY)
    _event(None, community=members_only, title="Members-only community's")

    response = Client().get("/embed/organisations/leeds/events/", {"format": "json"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    body = json.loads(response.content)
    assert body["organisation"] == {"name": "Leeds City Council", "slug": "leeds"}
    assert body["kind"] == "events"
    assert body["more_url"] == f"{BASE}/events/"
    assert [item["title"] for item in body["items"]] == [
        "Hosted by the council",
        "In its community",
        "Co-hosted",
    ]
    first = body["items"][0]
    assert set(first) == {
        "title",
        "url",
        "starts_at",
        "ends_at",
        "format",
        "format_display",
        "where",
        "host",
    }
    assert first["url"] == f"{BASE}/events/{hosted.pk}/"
    assert dt.datetime.fromisoformat(first["starts_at"]) == hosted.starts_at
    assert body["items"][1]["url"] == f"{BASE}/events/{in_community.pk}/"


def test_jobs_json_lists_open_jobs_only(org):
    job = _job(org, title="Open post", days=3)
    _job(org, title="Closed yesterday", days=-1)
    _job(org, title="Withdrawn", status=Job.Status.WITHDRAWN)
    _job(OrganisationFactory(), title="Another employer's")

    body = json.loads(Client().get("/embed/organisations/leeds/jobs/?format=json").content)

    assert body["organisation"]["slug"] == "leeds"
    assert body["more_url"] == f"{BASE}/jobs/?organisation=leeds"
    assert body["items"] == [
        {
            "title": "Open post",
            "url": f"{BASE}/jobs/{job.pk}/",
            "closing_date": job.closes_on.isoformat(),
            "location": "Leeds",
            "contract_type": "permanent",
            "contract_type_display": "Permanent",
            "salary": "£40,000 to £45,000",
        }
    ]


def test_practice_examples_json_lists_published_public_examples_naming_the_org(org):
    shown = _example(org, title="Shown")
    _example(org, title="Draft", status=ItemStatus.DRAFT)
    _example(org, title="A resource", kind=ItemKind.RESOURCE)
    private = make_community(visibility=Visibility.PRIVATE)
    _example(org, title="In a private community", community=private)
    _example(OrganisationFactory(), title="Another organisation's")

    body = json.loads(
        Client().get("/embed/organisations/leeds/practice-examples/?format=json").content
    )

    assert [i["title"] for i in body["items"]] == ["Shown"]
    assert body["items"][0]["url"] == f"{BASE}{shown.get_absolute_url()}"
    assert set(body["items"][0]) == {"title", "url", "summary", "published_at"}


def test_at_most_ten_items(org):
    for i in range(12):
        _event(org, title=f"Event {i}", days=i + 1)
    body = json.loads(Client().get("/embed/organisations/leeds/events/?format=json").content)
    assert len(body["items"]) == 10


# --- The page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("events", "Upcoming events from Leeds City Council"),
        ("jobs", "Jobs at Leeds City Council"),
        ("practice-examples", "Practice examples from Leeds City Council"),
    ],
)
def test_page_is_a_small_standalone_document(org, path, heading):
    _event(org, title="Hosted by the council")
    _job(org, title="Open post")
    _example(org, title="Shown")
    response = Client().get(f"/embed/organisations/leeds/{path}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en-gb">' in html
    assert f"<title>{heading} — Practice Commons</title>" in html
    assert f'<h1 class="pc-embed__heading">{heading}</h1>' in html
    assert '<script src="/static/api/embed.js">' in html
    # Every link opens in the top window, with an absolute address.
    assert html.count("<a ") == html.count('target="_top"') == 2
    assert html.count(f'href="{BASE}/') == 2
    # None of the site's chrome: no navigation, forms or CSRF token.
    assert "govuk-header" not in html
    assert "<form" not in html
    assert "csrfmiddlewaretoken" not in html


def test_page_says_when_there_is_nothing(org):
    html = Client().get("/embed/organisations/leeds/events/").content.decode()
    assert "There are no upcoming public events at the moment." in html


def test_height_script_posts_the_documented_message():
    from django.contrib.staticfiles import finders

    with open(finders.find("api/embed.js"), encoding="utf-8") as handle:
        script = handle.read()
    assert 'type: "practice-commons:embed-height"' in script
    assert "window.parent.postMessage(" in script


# --- Cookies and who is asking ------------------------------------------------------------


@pytest.mark.parametrize("path", ["events", "jobs", "practice-examples"])
@pytest.mark.parametrize("fmt", ["", "json"])
def test_no_cookie_and_the_same_answer_for_everyone(org, path, fmt):
    _event(org, title="Hosted by the council")
    _event(org, title="Members only", audience=Audience.MEMBERS)
    _job(org)
    _example(org)
    url = f"/embed/organisations/leeds/{path}/" + ("?format=json" if fmt else "")
    anonymous = Client().get(url)
    answers = [anonymous]
    for person in (OrgAdminFactory(organisation=org), HostAdminFactory(), UserFactory()):
        client = Client(enforce_csrf_checks=True)
        client.force_login(person)
        answers.append(client.get(url))
    for response in answers:
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert not response.cookies
        assert response.content == anonymous.content


def test_no_cookie_when_the_organisation_is_unknown():
    client = Client()
    client.force_login(UserFactory())
    for url in ("/embed/organisations/nobody/events/", "/embed/organisations/nobody/jobs/"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Set-Cookie" not in response.headers
        assert "<html" in response.content.decode()


# --- Framing ------------------------------------------------------------------------------


def _frame_ancestors(response) -> str:
    policy = response["Content-Security-Policy"]
    [directive] = [d.strip() for d in policy.split(";") if d.strip().startswith("frame-ancestors")]
    return directive


@pytest.mark.parametrize("path", ["events", "jobs", "practice-examples"])
def test_framed_only_by_the_listed_websites(org, path):
    response = Client().get(f"/embed/organisations/leeds/{path}/")
    assert _frame_ancestors(response) == (
        "frame-ancestors https://www.leeds.gov.uk https://intranet.leeds.gov.uk:8443"
    )
    assert "X-Frame-Options" not in response.headers
    # The rest of the site's policy still applies.
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_framed_by_nobody_without_a_list():
    OrganisationFactory(slug="quiet", embed_origins=[])
    response = Client().get("/embed/organisations/quiet/events/")
    assert _frame_ancestors(response) == "frame-ancestors 'none'"


def test_the_rest_of_the_site_still_refuses_framing(org):
    response = Client().get("/events/")
    assert response["X-Frame-Options"] == "DENY"
    assert _frame_ancestors(response) == "frame-ancestors 'none'"


# --- Bad requests -------------------------------------------------------------------------


def test_unknown_organisation_is_404_in_both_formats():
    page = Client().get("/embed/organisations/nobody/events/")
    assert page.status_code == 404
    assert "There is no organisation at this address" in page.content.decode()
    data = Client().get("/embed/organisations/nobody/jobs/?format=json")
    assert data.status_code == 404
    assert json.loads(data.content) == {"detail": "Not found."}


def test_unknown_format_is_400(org):
    response = Client().get("/embed/organisations/leeds/events/?format=xml")
    assert response.status_code == 400
    assert "format=json" in response.content.decode()


def test_only_get_and_head(org):
    assert Client().post("/embed/organisations/leeds/events/").status_code == 405
    assert Client().head("/embed/organisations/leeds/events/").status_code == 200


# --- Query budgets ------------------------------------------------------------------------


def _count(url):
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("size", [2, 30])
def test_query_budget_at_two_sizes(org, size):
    community = make_community(host_organisation=org, visibility=Visibility.PUBLIC)
    for i in range(size):
        _event(org if i % 2 else None, community=None if i % 2 else community, days=i + 1)
        _job(org, days=i + 1)
        _example(org, title=f"Example {i}")
    counts = {}
    for path in ("events", "jobs", "practice-examples"):
        for fmt in ("", "?format=json"):
            counts[path + fmt] = _count(f"/embed/organisations/leeds/{path}/{fmt}")
    assert counts["events"] <= 3, counts
    assert counts["jobs"] <= 2, counts
    assert counts["practice-examples"] <= 5, counts
    for path in ("events", "jobs", "practice-examples"):
        assert counts[path] == counts[path + "?format=json"]
