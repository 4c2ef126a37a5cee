"""In a real browser: a facilitator's health page, impact report and stories page (with
the curation buttons), a member's story form, an author's stories page, change form and
delete confirmation, and a host admin's networkers page (with profession pairs and
community introductions) are axe-clean (WCAG 2.2 AA)
without a CSP violation, and nothing in the health page's content overflows a phone (its
tables scroll inside their own region)."""

from datetime import timedelta

import pytest

from practice_commons.accounts.tests.factories import (
    ExpertiseTagFactory,
    HostAdminFactory,
    UserFactory,
)
from practice_commons.communities.models import CommunityMembership, Role
from practice_commons.communities.tests.factories import add_member, make_community
from practice_commons.insights import selectors, services
from tests.browser import conftest as browser

from .conftest import post_thread

chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setting():
    community = make_community(name="Neglect practice network")
    facilitator = add_member(
        community, UserFactory(full_name="Fay Facilitator"), role=Role.FACILITATOR
    )
    members = [add_member(community, UserFactory()) for _ in range(12)]
    last = selectors.last_closed_quarter()
    for i, person in enumerate(members):
        when = selectors.Period(last.start, last.start + timedelta(days=i * 7)).until
        post_thread(community, person, when=when, replies=[(members[0], 3)])
    CommunityMembership.objects.filter(community=community).update(
        joined_at=selectors.Period(last.previous.start, last.previous.start).until
    )
    tag = ExpertiseTagFactory(name="Neglect")
    community.topics.add(tag)
    sister = make_community(name="Neglect practice, North")
    sister.topics.add(tag)
    for _ in range(3):
        add_member(sister, UserFactory())
    story = services.story_create(
        actor=members[1],
        community=community,
        title="Joint visits with the school nurse",
        cycles=["immediate", "applied"],
        what_happened="A thread about missed appointments.",
        what_it_gave="A contact in health.",
        consent_to_publish=True,
    )
    services.story_set_featured(actor=facilitator, story=story, featured=True)
    services.network_snapshot_compute()
    return {
        "community": community,
        "facilitator": facilitator,
        "member": members[2],
        "author": members[1],
        "story": story,
    }


def test_insight_pages_are_accessible(setting, signed_in_page, live_server, assert_accessible):
    slug = setting["community"].slug
    page = signed_in_page(setting["facilitator"])
    for path in (
        f"/insights/communities/{slug}/health/",
        f"/insights/communities/{slug}/report/",
        f"/insights/communities/{slug}/stories/",
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    page = signed_in_page(setting["member"])
    page.goto(live_server.url + f"/insights/communities/{slug}/stories/new/")
    assert_accessible(page)
    page.get_by_role("button", name="Save the story").click()
    assert_accessible(page)  # the form with its errors
    author = signed_in_page(setting["author"])
    story_id = setting["story"].pk
    for path in (
        f"/insights/communities/{slug}/stories/",
        f"/insights/communities/{slug}/stories/{story_id}/edit/",
        f"/insights/communities/{slug}/stories/{story_id}/delete/",
    ):
        author.goto(live_server.url + path)
        assert_accessible(author)
    admin = signed_in_page(HostAdminFactory(full_name="Hana Host"))
    admin.goto(live_server.url + "/insights/networkers/")
    assert admin.get_by_text("Introduce these communities").count() == 1
    assert_accessible(admin)


def test_health_page_fits_a_phone(setting, signed_in_page, live_server):
    page = signed_in_page(setting["facilitator"], viewport={"width": 320, "height": 640})
    page.goto(live_server.url + f"/insights/communities/{setting['community'].slug}/health/")
    wide = page.evaluate(
        """() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                && !e.closest('.pc-table-scroll'))
            .map(e => e.tagName + '.' + e.className)
            .slice(0, 10)"""
    )
    # The page's own content (the shared header is not this app's).
    assert not wide
