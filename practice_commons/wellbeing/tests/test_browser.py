"""In a real browser: a practitioner checks in, fills in their working conditions and
the ProQOL, sees their scores, trends and signposting; an organisation admin sees the
figures with hidden cells. Every page is axe-clean (WCAG 2.2 AA), has no CSP violation,
and nothing overflows a phone's width."""

import pytest
from playwright.sync_api import expect

from practice_commons.wellbeing.models import SupportService
from tests.browser import conftest as browser

from .conftest import JULY, Q2_DAY, answer, staff

chromium = browser.chromium
built_assets = browser.built_assets
new_page = browser.new_page
signed_in_page = browser.signed_in_page
axe_check = browser.axe_check
assert_accessible = browser.assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_phone(page):
    """Nothing in the page's own content (``main``) reaches past a phone's width; the
    site header and footer are the layout's, tested with it."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('#main-content *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
            .filter(e => !e.closest('.pc-table-scroll') || e.matches('.pc-table-scroll'))
            .slice(0, 5)
            .map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))"""
    )
    assert not wide, f"{page.url}: wider than the phone: {wide}"


@pytest.fixture
def people(org, admin_of):
    staff_members = staff(org, 12, team="duty")
    staff_members += staff(org, 3, profession="occupational-therapist", team="duty")
    for person in staff_members:
        answer(person, Q2_DAY, feeling=3)
        answer(person, JULY, feeling=4)
    return staff_members[0], admin_of


@pytest.fixture
def samaritans(db):
    """The default services come from a data migration, which a transactional test run
    earlier in the same process flushes away: make the one this test reads."""
    return SupportService.objects.get_or_create(
        name="Samaritans",
        defaults={"phone": "116 123", "description": "Someone to talk to.", "urgent": True},
    )[0]


def test_practitioner_journey(people, samaritans, signed_in_page, assert_accessible):
    person, _admin = people
    page = signed_in_page(person)
    page.goto("/wellbeing/")
    assert_accessible(page)
    assert page.get_by_role("button", name="Exit this page").count() >= 1
    page.get_by_role("link", name="Check in now").first.click()
    expect(page.get_by_role("button", name="Save my check-in")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save my check-in").click()  # nothing chosen
    expect(page.get_by_text("There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Quite well", exact=True).check()
    page.get_by_label("Hard to manage", exact=True).check()
    page.get_by_label("Well supported", exact=True).check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("heading", name="Thank you for checking in")).to_be_visible()
    assert page.get_by_text("116 123").first.is_visible()
    assert_accessible(page)

    page.goto("/wellbeing/working-conditions/")
    assert_accessible(page)
    page.get_by_label("Last week, how many hours did you work beyond your contract?").fill("8")
    page.get_by_label("on how many days did you work while you were unwell?").fill("3")
    page.get_by_label("Satisfied", exact=True).check()
    page.get_by_label("Not sure", exact=True).check()
    page.get_by_label("Caseload", exact=True).check()
    page.get_by_label("Supervision", exact=True).check()
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Caseload").first).to_be_visible()

    page.goto("/wellbeing/questionnaires/")
    assert_accessible(page)
    page.get_by_role("link", name="Start the ProQOL 5").click()
    assert_accessible(page)
    for i in range(1, 31):
        page.locator(f"input[name=item_{i}][value='3']").check()
    page.get_by_role("button", name="See my scores").click()
    expect(page.get_by_role("heading", name="Burnout: 30 (10 to 50)")).to_be_visible()
    assert_accessible(page)

    page.goto("/wellbeing/check-in/")
    page.get_by_label("Very badly", exact=True).check()
    page.get_by_label("Not at all manageable", exact=True).check()
    page.get_by_label("Not at all supported", exact=True).check()
    page.get_by_role("button", name="Save my check-in").click()
    expect(page.get_by_role("region", name="Help is there if you need it")).to_be_visible()
    assert_accessible(page)

    page.goto("/wellbeing/mine/")
    assert page.locator("svg[role=img]").count() == 1
    assert_accessible(page)
    page.goto("/wellbeing/delete/")
    assert_accessible(page)


def test_pages_fit_a_phone(people, signed_in_page, assert_accessible):
    person, admin = people
    page = signed_in_page(person, viewport=browser.MOBILE)
    for url in (
        "/wellbeing/",
        "/wellbeing/check-in/",
        "/wellbeing/mine/",
        "/wellbeing/questionnaires/hse/",
    ):
        page.goto(url)
        _fits_phone(page)
    admin_page = signed_in_page(admin, viewport=browser.MOBILE)
    admin_page.goto("/wellbeing/aggregates/?group=organisation&period=month")
    _fits_phone(admin_page)
    assert_accessible(admin_page)


def test_organisation_admin_sees_figures_with_hidden_cells(
    people, signed_in_page, assert_accessible
):
    _person, admin = people
    page = signed_in_page(admin)
    page.goto("/wellbeing/aggregates/")
    assert page.get_by_role("heading", name="Wellbeing figures").is_visible()
    assert page.get_by_text("Hidden").first.is_visible()
    assert page.get_by_text("(n 15)").first.is_visible()
    assert page.get_by_role("heading", name="What is changing").is_visible()
    assert_accessible(page)
    page.get_by_label("Measure").select_option("workload")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="Workload manageable (1–5)")).to_be_visible()
    assert_accessible(page)
