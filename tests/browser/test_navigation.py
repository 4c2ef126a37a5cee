"""The main navigation in a real browser: one line on a desktop, nothing wider than a
320 px phone, the account menu usable with the keyboard alone. Screenshots of each
state go to test-artifacts/screenshots/ for people to look at."""

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, ROOT

PHONE = {"width": 320, "height": 640}
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

# Every item of the navigation list that is a direct child: links, the search box, the
# bell and the account menu.
ITEM_TOPS = """() => Array.from(
  document.querySelectorAll('#navigation > li')
).map(li => Math.round(li.getBoundingClientRect().top))"""

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const wide = Array.from(document.querySelectorAll('body *'))
    .filter(el => el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


def _shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"navigation-{name}.png", full_page=False)


def _assert_one_line(page):
    tops = page.evaluate(ITEM_TOPS)
    assert len(tops) >= 7, tops
    assert len(set(tops)) == 1, f"navigation items wrap onto more than one line: {tops}"


def _assert_no_horizontal_overflow(page):
    result = page.evaluate(OVERFLOW)
    assert result["scroll"] <= result["width"], f"wider than the screen: {result}"
    assert not result["wide"], f"elements past the right edge: {result['wide']}"


@pytest.fixture
def member(make_user):
    """A person with a long name, an organisation to manage and 100 unread notifications:
    the widest navigation a person gets."""
    from practice_commons.notifications import services
    from practice_commons.notifications.kinds import NotificationKind

    person = make_user("org_admin", full_name="Alexandra Montgomery-Whitfield")
    for i in range(100):
        services.notify(recipient=person, kind=NotificationKind.REPLY, title=f"Reply {i}", url="/")
    return person


def test_signed_in_navigation_is_one_line_on_a_desktop(signed_in_page, member):
    page = signed_in_page(member, viewport=DESKTOP)
    page.goto("/communities/")
    _assert_one_line(page)
    nav = page.get_by_role("navigation", name="Menu")
    for name in ["Home", "Communities", "Events", "Library", "Messages"]:
        assert nav.get_by_role("link", name=name, exact=True).is_visible(), name
    assert nav.get_by_role("link", name="Notifications 99+ unread").is_visible()
    assert nav.get_by_role("searchbox").is_visible()
    assert nav.get_by_role("link", name="Communities").get_attribute("aria-current") == "page"
    _shot(page, "signed-in-desktop")
    page.locator(".app-nav-menu__summary").click()
    _shot(page, "signed-in-desktop-menu")


def test_signed_out_navigation_is_one_line_on_a_desktop(browser_page):
    page = browser_page
    page.goto("/")
    _assert_one_line(page)
    nav = page.get_by_role("navigation", name="Menu")
    for name in ["Home", "Communities", "Events", "Library", "Jobs", "Sign in"]:
        assert nav.get_by_role("link", name=name, exact=True).is_visible(), name
    assert nav.get_by_role("link", name="Create an account").is_visible()
    assert nav.get_by_role("link", name="Messages").count() == 0
    _shot(page, "signed-out-desktop")


@pytest.mark.parametrize("signed_in", [True, False], ids=["signed-in", "signed-out"])
def test_nothing_overflows_a_320_px_phone(signed_in, signed_in_page, new_page, member):
    page = signed_in_page(member, viewport=PHONE) if signed_in else new_page(viewport=PHONE)
    page.goto("/")
    _assert_no_horizontal_overflow(page)
    state = "signed-in" if signed_in else "signed-out"
    _shot(page, f"{state}-phone")
    page.get_by_role("button", name="Menu").click()
    expect(page.locator("#navigation")).to_be_visible()
    if signed_in:
        page.locator(".app-nav-menu__summary").click()
        expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    _assert_no_horizontal_overflow(page)
    page.screenshot(path=SCREENSHOTS / f"navigation-{state}-phone-open.png", full_page=True)


def test_account_menu_works_with_the_keyboard(signed_in_page, member):
    page = signed_in_page(member, viewport=DESKTOP)
    page.goto("/")
    summary = page.locator(".app-nav-menu__summary")
    profile = page.get_by_role("link", name="Profile", exact=True)
    assert not profile.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    expect(profile).to_be_visible()
    # Tab moves into the menu: the first link is the profile.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Profile"
    # Escape closes the menu and puts focus back on its summary.
    page.keyboard.press("Escape")
    expect(profile).to_be_hidden()
    assert page.evaluate("document.activeElement.classList.contains('app-nav-menu__summary')")
    # Space opens it again; every section is reachable from it.
    page.keyboard.press(" ")
    menu = page.locator(".app-nav-menu__panel")
    for name in ["Reflective sessions", "CPD records", "Wellbeing", "Collaboration", "Jobs"]:
        assert menu.get_by_role("link", name=name, exact=True).is_visible(), name
    # Sign out is a button in a POST form, reached and pressed by keyboard.
    page.get_by_role("button", name="Sign out").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    nav = page.get_by_role("navigation", name="Menu")
    assert nav.get_by_role("link", name="Sign in", exact=True).is_visible()
