"""Every role against every page and API operation: facilitators (and host admins) see
their community's health and report; members write stories; only consented stories
reach others; a private community's insights never leak; networkers for host admins
and champions only."""

import pytest
from django.urls import reverse

from practice_commons.insights import services
from practice_commons.insights.models import ValueStory

pytestmark = pytest.mark.django_db

FACILITATOR_PAGES = (
    "insights:health",
    "insights:health_csv",
    "insights:report",
    "insights:report_pdf",
)
ALLOWED = {"facilitator", "host admin"}


def _story(community, author, **kw):
    data = {
        "title": "Joint visits",
        "cycles": ["immediate", "applied"],
        "what_happened": "We compared notes in a thread.",
        "what_it_gave": "A contact in health.",
    }
    data.update(kw)
    return services.story_create(actor=author, community=community, **data)


@pytest.mark.parametrize("name", FACILITATOR_PAGES)
def test_facilitator_pages_by_role(client, community, roles, name):
    url = reverse(name, args=[community.slug])
    for role, user in roles.items():
        client.logout()
        if user:
            client.force_login(user)
        response = client.get(url)
        if role == "visitor":
            assert response.status_code == 302, role
        elif role in ALLOWED:
            assert response.status_code == 200, role
        else:
            assert response.status_code == 403, role


def test_private_community_insights_are_404_to_outsiders(client, private_community, roles):
    for name in (*FACILITATOR_PAGES, "insights:stories", "insights:story_new"):
        url = reverse(name, args=[private_community.slug])
        for role in ("member", "non-member", "facilitator", "champion", "org admin"):
            client.force_login(roles[role])
            assert client.get(url).status_code == 404, (role, name)


def test_stories_page_shows_consented_stories_and_own_only(client, community, roles, member):
    _story(community, member, title="Shared story", consent_to_publish=True)
    _story(community, roles["facilitator"], title="Private story")
    for role, user in roles.items():
        client.logout()
        if user:
            client.force_login(user)
        page = client.get(reverse("insights:stories", args=[community.slug])).content.decode()
        assert "Shared story" in page, role
        assert ("Private story" in page) == (role in {"facilitator", "host admin"}), role


def test_only_members_write_stories(client, community, roles):
    url = reverse("insights:story_new", args=[community.slug])
    for role, user in roles.items():
        client.logout()
        if user:
            client.force_login(user)
        status = client.get(url).status_code
        if role == "visitor":
            assert status == 302
        elif role in {"member", "facilitator"}:
            assert status == 200, role
        else:
            assert status == 403, role


def test_member_writes_a_story_through_the_page(client, community, member):
    client.force_login(member)
    response = client.post(
        reverse("insights:story_new", args=[community.slug]),
        {
            "title": "Reflective session",
            "cycles": ["immediate", "potential"],
            "what_happened": "A session.",
            "what_it_gave": "Words for uncertainty.",
            "consent_to_publish": "on",
        },
    )
    assert response.status_code == 302
    story = ValueStory.objects.get()
    assert story.author == member and story.consent_to_publish
    assert story.cycles == ["immediate", "potential"]


def test_bad_story_changes_nothing(client, community, member):
    client.force_login(member)
    response = client.post(
        reverse("insights:story_new", args=[community.slug]),
        {"title": "", "what_happened": "x", "what_it_gave": "y"},
    )
    assert response.status_code == 200
    assert "Choose" in response.content.decode() or "required" in response.content.decode()
    assert not ValueStory.objects.exists()


def test_facilitators_feature_only_consented_stories(client, community, roles, member):
    yes = _story(community, member, consent_to_publish=True)
    no = _story(community, member)
    url = reverse("insights:story_feature", args=[community.slug, yes.pk])
    client.force_login(member)
    assert client.post(url, {"featured": "1"}).status_code == 403
    client.force_login(roles["other facilitator"])
    assert client.post(url, {"featured": "1"}).status_code == 403
    client.force_login(roles["facilitator"])
    assert client.post(url, {"featured": "1"}).status_code == 302
    yes.refresh_from_db()
    assert yes.featured
    client.post(reverse("insights:story_feature", args=[community.slug, no.pk]), {"featured": "1"})
    no.refresh_from_db()
    assert not no.featured


def test_report_shows_featured_stories_and_consented_quotes_only(client, community, roles, member):
    featured = _story(community, member, title="Featured one", consent_to_publish=True)
    services.story_set_featured(actor=roles["facilitator"], story=featured, featured=True)
    _story(community, member, title="Not featured", consent_to_publish=True)
    from practice_commons.insights import selectors

    last = selectors.last_closed_quarter()
    ValueStory.objects.update(created_at=selectors.Period(last.start, last.start).until)
    client.force_login(roles["facilitator"])
    page = client.get(reverse("insights:report", args=[community.slug])).content.decode()
    assert "Featured one" in page and "Not featured" not in page
    pdf = client.get(reverse("insights:report_pdf", args=[community.slug]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_networkers_page_by_role(client, roles):
    url = reverse("insights:networkers")
    for role, user in roles.items():
        client.logout()
        if user:
            client.force_login(user)
        status = client.get(url).status_code
        if role == "visitor":
            assert status == 302
        elif role in {"champion", "host admin"}:
            assert status == 200, role
        else:
            assert status == 403, role
    client.force_login(roles["champion"])
    assert client.post(reverse("insights:network_refresh")).status_code == 403


def test_period_error_is_shown_and_default_used(client, community, roles):
    client.force_login(roles["facilitator"])
    response = client.get(
        reverse("insights:health", args=[community.slug]),
        {"start": "2026-05-01", "end": "2026-04-01"},
    )
    assert response.status_code == 200
    assert "The start date must be on or before the end date." in response.content.decode()


# --- API ---------------------------------------------------------------------------------


def test_api_health_by_role(api_client_for, community, roles):
    path = f"/api/v1/insights/communities/{community.slug}/health"
    for role, user in roles.items():
        if user is None:
            continue
        response = api_client_for(user).get(path)
        expected = 200 if role in ALLOWED else 403
        assert response.status_code == expected, role
    ok = api_client_for(roles["facilitator"]).get(path + "?from=2026-01-01&to=2026-03-31").json()
    assert ok["start"] == "2026-01-01" and ok["suppression_threshold"] == 10
    assert {f["key"]: f for f in ok["figures"]}["members"]["value"] == 0  # nobody had joined
    from practice_commons.communities.models import CommunityMembership
    from practice_commons.insights import selectors

    last = selectors.last_closed_quarter()
    CommunityMembership.objects.filter(community=community).update(
        joined_at=selectors.Period(last.start, last.start).until
    )
    now = api_client_for(roles["facilitator"]).get(path).json()
    assert now["start"] == f"{last.start:%Y-%m-%d}"  # the last closed quarter by default
    members = {f["key"]: f for f in now["figures"]}["members"]
    assert members["suppressed"] and members["value"] is None  # 3 people
    not_a_quarter = api_client_for(roles["facilitator"]).get(
        path + "?from=2026-01-01&to=2026-01-31"
    )
    assert not_a_quarter.status_code == 400
    assert "calendar quarter" in str(not_a_quarter.json()["detail"])
    bad = api_client_for(roles["facilitator"]).get(path + "?from=2026-05-01&to=2026-01-01")
    assert bad.status_code == 400
    assert "on or before" in str(bad.json()["detail"])


def test_api_private_community_is_404(api_client_for, private_community, roles):
    for path in ("health", "stories"):
        url = f"/api/v1/insights/communities/{private_community.slug}/{path}"
        assert api_client_for(roles["member"]).get(url).status_code == 404


def test_api_stories(api_client_for, community, roles, member):
    _story(community, member, title="Hidden", consent_to_publish=False)
    url = f"/api/v1/insights/communities/{community.slug}/stories"
    payload = {
        "title": "From the API",
        "cycles": ["applied"],
        "what_happened": "A thread.",
        "what_it_gave": "A checklist.",
        "consent_to_publish": True,
    }
    assert (
        api_client_for(roles["non-member"])
        .post(url, payload, content_type="application/json")
        .status_code
        == 403
    )
    created = api_client_for(member).post(url, payload, content_type="application/json")
    assert created.status_code == 201, created.content
    titles = [s["title"] for s in api_client_for(roles["non-member"]).get(url).json()["items"]]
    assert titles == ["From the API"]
    bad = api_client_for(member).post(
        url, {**payload, "cycles": ["nonsense"]}, content_type="application/json"
    )
    assert bad.status_code == 422
    assert ValueStory.objects.count() == 2


def test_api_networkers_by_role(api_client_for, roles):
    for role, user in roles.items():
        if user is None:
            continue
        status = api_client_for(user).get("/api/v1/insights/networkers").status_code
        assert status == (200 if role in {"champion", "host admin"} else 403), role


@pytest.mark.parametrize("count", [2, 12])
def test_story_lists_query_budget_at_two_sizes(
    count, client, api_client_for, community, roles, make_members, django_assert_max_num_queries
):
    for person in make_members(count):
        _story(community, person, consent_to_publish=True)
    client.force_login(roles["member"])
    with django_assert_max_num_queries(14):
        assert client.get(reverse("insights:stories", args=[community.slug])).status_code == 200
    api = api_client_for(roles["member"])
    url = f"/api/v1/insights/communities/{community.slug}/stories"
    with django_assert_max_num_queries(12):
        assert api.get(url).json()["count"] == count


@pytest.mark.parametrize("size", [3, 15])
def test_health_and_report_pages_query_budget_at_two_sizes(
    size, client, community, roles, make_members, django_assert_max_num_queries
):
    from .conftest import post_thread

    people = make_members(size)
    from practice_commons.insights import selectors

    when = selectors.Period(*[selectors.last_closed_quarter().start] * 2).until
    for person in people:
        post_thread(community, person, when=when, replies=[(people[0], 2)])
        _story(community, person, consent_to_publish=True)
    client.force_login(roles["facilitator"])
    for name, budget in (("insights:health", 12), ("insights:report", 14)):
        with django_assert_max_num_queries(budget):
            assert client.get(reverse(name, args=[community.slug])).status_code == 200


def test_community_page_links_to_the_stories_without_a_query(client, community, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from practice_commons.insights.registrations import render_stories_panel

    client.force_login(member)
    page = client.get(community.get_absolute_url()).content.decode()
    assert reverse("insights:stories", args=[community.slug]) in page
    with CaptureQueriesContext(connection) as ctx:
        render_stories_panel(None, community)
    assert len(ctx) == 0
