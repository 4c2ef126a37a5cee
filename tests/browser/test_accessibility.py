"""Every page reachable from the navigation passes axe-core's WCAG 2.2 AA rules, for
every role, without a Content-Security-Policy violation.

The crawler starts from the home page (and the dashboard, and the account settings
pages, when signed in), follows same-origin links found in the header, navigation,
footer and main content, breadth first up to ``MAX_DEPTH`` clicks and ``MAX_PAGES``
pages per role, and runs axe on each. New pages are covered as soon as something links
to them. It never follows sign-out, Django admin, the JSON API, static files or
downloads. Failures list every violation (rule id, impact, target) for every URL.
"""

import os
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import DESKTOP, MOBILE, ROOT, csp_violations, format_violations

pytestmark = pytest.mark.browser

MAX_DEPTH = 3
MAX_PAGES = 60

LINK_SELECTOR = "header a[href], nav a[href], footer a[href], main a[href]"
SKIP_PREFIXES = (
    "/admin/",
    "/api/v1/",
    "/static/",
    "/media/",
    "/account/logout/",
    "/healthz",
)
SKIP_SUFFIXES = (
    ".json",
    ".ics",
    ".atom",  # the Atom feeds (XML; each app's tests/test_feeds.py parses them)
    ".csv",
    ".pdf",
    ".txt",
    ".zip",
    ".xlsx",
    ".png",
    ".svg",
)
SKIP_CONTAINS = ("/download", "export", "logout", "format=")

# Pages worth checking even if nothing links to them yet.
SIGNED_OUT_SEEDS = ["/", "/account/login/", "/account/signup/", "/account/password/reset/"]
SIGNED_IN_SEEDS = [
    "/dashboard/",
    "/",
    "/account/email/",
    "/account/password/change/",
    "/account/2fa/",
    "/account/2fa/totp/activate/",
    "/offline/",
]


def crawlable(path_and_query: str) -> bool:
    path = urlsplit(path_and_query).path
    return not (
        path.startswith(SKIP_PREFIXES)
        or path.endswith(SKIP_SUFFIXES)
        or any(part in path_and_query for part in SKIP_CONTAINS)
    )


def crawl(page, seeds, axe_check):
    """Breadth-first crawl from ``seeds``; returns ({url: violations}, {url: csp}, visited)."""
    queue = deque((seed, 0) for seed in seeds)
    seen = set(seeds)
    failures, csp_failures, visited = {}, {}, []
    while queue and len(visited) < MAX_PAGES:
        path, depth = queue.popleft()
        response = page.goto(path, wait_until="load")
        if response is None:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        landed = urlsplit(page.url)
        landed_path = landed.path + (f"?{landed.query}" if landed.query else "")
        visited.append(f"{path} -> {landed_path} ({response.status})")
        violations = axe_check(page)
        if violations:
            failures[landed_path] = violations
        csp = csp_violations(page)
        if csp:
            csp_failures[landed_path] = csp
        page.console_csp_errors.clear()  # so the next URL reports only its own
        if depth >= MAX_DEPTH:
            continue
        origin = urlsplit(page.url)
        for href in page.eval_on_selector_all(LINK_SELECTOR, "els => els.map(e => e.href)"):
            url, _fragment = urldefrag(href)
            parts = urlsplit(url)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if link not in seen and crawlable(link):
                seen.add(link)
                queue.append((link, depth + 1))
    return failures, csp_failures, visited


def report(role, failures, csp_failures, visited):
    lines = [f"Accessibility problems for {role} ({len(visited)} pages crawled):"]
    lines.extend(format_violations(url, v) for url, v in failures.items())
    for url, problems in csp_failures.items():
        lines.append(f"{url}: Content-Security-Policy violations")
        lines.extend(f"      {p}" for p in dict.fromkeys(problems))
    return "\n".join(lines)


@pytest.mark.parametrize("role", ["visitor", "practitioner", "org_admin", "host_admin"])
def test_every_navigable_page_is_accessible(
    role, browser_page, signed_in_page, make_user, axe_check
):
    if role == "visitor":
        page, seeds = browser_page, SIGNED_OUT_SEEDS
    else:
        page, seeds = signed_in_page(make_user(role)), SIGNED_IN_SEEDS
    failures, csp_failures, visited = crawl(page, seeds, axe_check)
    print(f"\n{role} crawled {len(visited)} pages:\n  " + "\n  ".join(visited))
    assert len(visited) >= len(seeds) - 2, f"crawler reached too few pages: {visited}"
    assert not failures and not csp_failures, report(role, failures, csp_failures, visited)


@pytest.mark.parametrize("role", ["visitor", "practitioner"])
def test_every_navigable_page_is_accessible_in_welsh(
    role, browser_page, signed_in_page, make_user, axe_check
):
    """The same crawl with the interface in Welsh: the visitor chooses Cymraeg with the
    switcher in the header; the practitioner has chosen it on their account."""
    if role == "visitor":
        page, seeds = browser_page, SIGNED_OUT_SEEDS
        page.goto("/")
        page.locator(".pc-language-switcher button[value=cy]").click()
        expect(page.locator("html")).to_have_attribute("lang", "cy")
    else:
        page, seeds = signed_in_page(make_user(role, language="cy")), SIGNED_IN_SEEDS
    failures, csp_failures, visited = crawl(page, seeds, axe_check)
    print(f"\n{role} (Welsh) crawled {len(visited)} pages:\n  " + "\n  ".join(visited))
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    assert len(visited) >= len(seeds) - 2, f"crawler reached too few pages: {visited}"
    assert not failures and not csp_failures, report(role, failures, csp_failures, visited)


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_forms_with_errors_are_accessible(viewport, new_page, assert_accessible):
    """Error states: error summary, messages beside fields, focus moved to the summary."""
    page = new_page(viewport=viewport)
    for path, button in [
        ("/account/login/", "form[action='/account/login/'] button[type=submit]"),
        ("/account/signup/", "form[action='/account/signup/'] button[type=submit]"),
    ]:
        page.goto(path)
        page.click(button)
        page.wait_for_selector(".govuk-error-summary")
        assert page.title().startswith("Error:")
        # GOV.UK Frontend focuses the summary so screen readers announce it.
        assert page.evaluate("document.activeElement.classList.contains('govuk-error-summary')")
        # Every summary link points at a field that exists.
        for href in page.eval_on_selector_all(
            ".govuk-error-summary__list a", "els => els.map(e => e.getAttribute('href'))"
        ):
            assert page.locator(href).count() == 1, f"{path}: summary link {href} has no target"
        assert page.locator(".govuk-error-message").count() >= 1
        assert_accessible(page)


def test_mobile_navigation_is_accessible(new_page, assert_accessible):
    page = new_page(viewport=MOBILE)
    page.goto("/")
    toggle = page.locator(".govuk-service-navigation__toggle")
    assert toggle.is_visible(), "the service navigation collapses behind a Menu button"
    toggle.click()
    expect(page.locator(".govuk-service-navigation__list")).to_be_visible()
    assert_accessible(page)


def test_crawler_skips_dangerous_and_non_html_links():
    assert crawlable("/dashboard/")
    assert crawlable("/organisations/acme/people/?page=2")
    for path in [
        "/account/logout/",
        "/admin/",
        "/api/v1/openapi.json",
        "/account/2fa/recovery-codes/download/",
        "/cpd/export.csv",
        "/static/dist/application.css",
    ]:
        assert not crawlable(path), path


def test_checks_catch_problems(browser_page, axe_check):
    """The checks above would fail if there were something to find."""
    page = browser_page
    page.goto("/")
    page.evaluate(
        "document.querySelector('main').appendChild(document.createElement('img')).src ="
        " '/static/dist/images/favicon.svg'"
    )
    assert "image-alt" in {v["id"] for v in axe_check(page)}
    # An inline style attribute is refused by the CSP and reported.
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        " '<p style=\"color: red\">inline</p>')"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert any("style-src" in v for v in csp_violations(page))
    # Clear what we caused on purpose, so the fixture's own CSP check passes.
    page.evaluate("window.__cspViolations = []")
    page.console_csp_errors.clear()


SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def test_screenshots(new_page, signed_in_page, make_user):
    """Full-page screenshots at desktop and mobile width into test-artifacts/screenshots/
    for people to look at (CI keeps them). With UPDATE_DOCS_SCREENSHOTS=1 the home page
    is also written to docs/screenshots/home.png for the README."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    user = make_user("org_admin", full_name="Alex Morgan")
    for viewport, size in [(DESKTOP, "desktop"), (MOBILE, "mobile")]:
        page = new_page(viewport=viewport)
        page.goto("/")
        page.screenshot(path=SCREENSHOTS / f"home-{size}.png", full_page=True)
        page.goto("/account/login/")
        page.screenshot(path=SCREENSHOTS / f"sign-in-{size}.png", full_page=True)
        page.locator("form[action='/account/login/'] button[type=submit]").click()
        page.wait_for_selector(".govuk-error-summary")
        page.screenshot(path=SCREENSHOTS / f"sign-in-errors-{size}.png", full_page=True)
        page.goto("/account/signup/")
        page.get_by_label("Email").fill("not-an-email")
        page.locator("form[action='/account/signup/'] button[type=submit]").click()
        page.wait_for_selector(".govuk-error-summary")
        page.screenshot(path=SCREENSHOTS / f"sign-up-errors-{size}.png", full_page=True)
        signed_in = signed_in_page(user, viewport=viewport)
        signed_in.goto("/dashboard/")
        signed_in.screenshot(path=SCREENSHOTS / f"dashboard-{size}.png", full_page=True)
        signed_in.goto("/profile/edit/")
        signed_in.get_by_label("Full name").fill("")
        signed_in.locator("main form button[type=submit]").click()
        signed_in.wait_for_load_state()
        signed_in.screenshot(path=SCREENSHOTS / f"profile-errors-{size}.png", full_page=True)
        signed_in.goto("/account/2fa/")
        signed_in.screenshot(path=SCREENSHOTS / f"two-factor-{size}.png", full_page=True)
    if os.environ.get("UPDATE_DOCS_SCREENSHOTS"):
        docs = ROOT / "docs" / "screenshots"
        docs.mkdir(parents=True, exist_ok=True)
        page = new_page(viewport=DESKTOP)
        page.goto("/")
        page.screenshot(path=docs / "home.png", full_page=True)
