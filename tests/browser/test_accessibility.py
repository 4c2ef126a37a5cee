"""Every page reachable from the navigation passes axe-core's WCAG 2.2 AA rules, for
every role, without a Content-Security-Policy violation, at desktop width and at 320 px.

The crawler starts from the home page (and the dashboard, and the account settings
pages, when signed in), follows same-origin links found in the header, navigation,
footer and main content, breadth first up to ``MAX_DEPTH`` clicks, and runs axe on each
page. New pages are covered as soon as something links to them. It never follows
sign-out, Django admin, the JSON API, static files or downloads. Failures list every
violation (rule id, impact, target) for every URL.

- In the demo world (``seed_demo --scale small``), signed out and as each demo login:
  one page of every kind (URL pattern and filter), checked at 1280 px, with its text at
  200% (WCAG 1.4.4), and again at 320 px, where it must not scroll sideways (WCAG 1.4.10).
- On every page, each chart has a title, a description and its data in a table.
- In Welsh, in an empty world (so the empty states are checked too), signed out and as
  a practitioner, at desktop width.
"""

import os
from collections import deque
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from django.urls import Resolver404, resolve
from playwright.sync_api import expect

from practice_commons.accounts.seeding.demo import DEMO_LOGINS

from .conftest import DESKTOP, MOBILE, NARROW, ROOT, csp_violations, format_violations

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
SKIP_CONTAINS = ("/download", "export", "logout", "format=", "/pdf/")

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


def page_kind(path_and_query: str) -> str:
    """Pages of one kind share a URL pattern (every thread is ``…/threads/<int:pk>/``):
    the route and the names of its query parameters, so a filter is a kind of its own
    (but page 2 of a list is not)."""
    parts = urlsplit(path_and_query)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    return route + "?" + ",".join(sorted({name for name, _ in parse_qsl(parts.query)} - {"page"}))


def crawl(page, seeds, axe_check, *, narrow=False, max_pages=MAX_PAGES, one_of_each_kind=False):
    """Breadth-first crawl from ``seeds``; returns ({url: violations}, {url: csp}, visited).

    Every page: axe, and every chart has a title, a description and a data table. With
    ``narrow``, each page is also checked with its text at 200% (nothing cut off, no
    sideways scrolling), and at 320 px wide: axe again, and no sideways scrolling. With
    ``one_of_each_kind``, only the first page of each URL pattern is checked (a demo
    world has hundreds of threads built from one template).
    """
    queue = deque((seed, 0) for seed in seeds)
    seen = set(seeds)
    kinds_seen = set()
    failures, csp_failures, visited = {}, {}, []
    while queue and len(visited) < max_pages:
        path, depth = queue.popleft()
        if one_of_each_kind:
            kind = page_kind(path)
            if kind in kinds_seen:
                continue
            kinds_seen.add(kind)
        page.set_viewport_size(DESKTOP)
        response = visit(page, path)
        if response is None:
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        landed = urlsplit(page.url)
        landed_path = landed.path + (f"?{landed.query}" if landed.query else "")
        visited.append(f"{path} -> {landed_path} ({response.status})")
        violations = axe_check(page) + check_charts(page)
        if violations:
            failures[landed_path] = violations
        if narrow:
            large_text_problems = check_large_text(page)
            if large_text_problems:
                failures[f"{landed_path} with text at 200%"] = large_text_problems
            narrow_problems = check_narrow(page, axe_check)
            if narrow_problems:
                failures[f"{landed_path} at 320 px"] = narrow_problems
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
    if one_of_each_kind:
        left = {page_kind(path) for path, _depth in queue} - kinds_seen
        print(f"\nkinds of page left unchecked at the limit of {max_pages}: {len(left)}")
        print("\n".join(f"  {kind}" for kind in sorted(left)))
    return failures, csp_failures, visited


def visit(page, path):
    """The page's response, or None for a link that turned out to be a download (an
    attachment, say): a file is not a page to check."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        return page.goto(path, wait_until="load")
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise


# How the checks below name an element in their reports: tag#id.classes.
DESCRIBE_ELEMENT = """const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
    + (e.className && typeof e.className === 'string'
       ? '.' + e.className.trim().split(/\\s+/).join('.') : '');"""

# Elements wider than the viewport that push the page sideways. Data tables may scroll
# inside their own wrapper (WCAG 1.4.10 exempts two-dimensional tables), so only the
# document's own width counts.
OVERFLOWING = """() => {
    DESCRIBE
    const limit = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= limit) return [];
    return [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > limit + 1)
        .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > limit + 1))
        .slice(0, 10)
        .map(describe);
}""".replace("DESCRIBE", DESCRIBE_ELEMENT)


# The page's charts: server-drawn SVGs, role="img", named as a chart or heat map.
CHARTS = "'main svg[role=img][class*=chart], main svg[role=img][class*=heatmap]'"

# A chart (server-drawn SVG, role="img", its class naming it a chart or heat map) needs a
# name and a description, and its data in a table on the same page, for people who cannot
# see it. (A picture such as a ticket's QR code is not a chart.)
CHARTS_WITHOUT_ALTERNATIVES = """() => [...document.querySelectorAll(CHARTS)]
    .filter(svg => {
        const ids = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
        const texts = ids.map(id => (document.getElementById(id) || {}).textContent || '');
        const described = texts.length >= 2 && texts.every(t => t.trim());
        return !described || !document.querySelector('main table');
    })
    .map(svg => 'svg.' + svg.getAttribute('class'))""".replace("CHARTS", CHARTS)


def problems_found(rule, help_text, targets):
    """Our own checks report as axe does: one serious violation listing its targets."""
    if not targets:
        return []
    return [{"id": rule, "impact": "serious", "help": help_text, "targets": targets}]


# Colour is never the only signal (WCAG 1.4.1). In a chart, each series (the marks whose
# class ends ``--<series>``) must differ from every other in something besides colour:
# shape, dash pattern, solid or outlined. Each heat-map cell shows its value as text.
CHARTS_IN_COLOUR_ONLY = """() => [...document.querySelectorAll(CHARTS)]
    .flatMap(svg => {
        const name = 'svg.' + svg.getAttribute('class');
        const series = {};
        for (const mark of svg.querySelectorAll('[class*="--"]:not(text)')) {
            const key = [...mark.classList].map(c => c.split('--')[1]).find(Boolean);
            const s = getComputedStyle(mark);
            const looks = [mark.tagName, s.strokeDasharray, s.strokeWidth,
                           s.fill === 'none' || s.fill === 'rgb(255, 255, 255)',
                           s.stroke === 'none'].join('|');
            (series[key] = series[key] || new Set()).add(looks);
        }
        const looks = Object.entries(series).map(([k, v]) => [k, [...v].sort().join(';')]);
        const clashes = looks.flatMap(([a, x], i) => looks.slice(i + 1)
            .filter(([, y]) => x === y).map(([b]) => `${name}: ${a} and ${b}`));
        if (svg.getAttribute('class').includes('heatmap')) {
            const bare = [...svg.querySelectorAll('rect')].filter(r => {
                const next = r.nextElementSibling;
                return !(next && next.tagName.toLowerCase() === 'text' && next.textContent.trim());
            });
            if (bare.length) clashes.push(`${name}: ${bare.length} cells without their value`);
        }
        return clashes;
    })""".replace("CHARTS", CHARTS)


def check_charts(page):
    return problems_found(
        "chart-alternatives",
        "A chart needs a title, a description and a data table (WCAG 1.1.1)",
        page.evaluate(CHARTS_WITHOUT_ALTERNATIVES),
    ) + problems_found(
        "chart-colour-only",
        "Chart series told apart by colour alone (WCAG 1.4.1)",
        page.evaluate(CHARTS_IN_COLOUR_ONLY),
    )


# Text at twice its size (WCAG 1.4.4): GOV.UK Frontend sizes text in rem, so doubling the
# root font size is what a person's browser setting does. No element may reach past the
# window's right edge, and no text may be cut off by a box that hides its overflow.
LARGE_TEXT_LOSSES = """() => {
    DESCRIBE
    const root = document.documentElement;
    root.style.fontSize = '200%';
    const losses = [];
    const limit = root.clientWidth + 1;
    const scrollsInside = e => {
        for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
            if (['auto', 'scroll'].includes(getComputedStyle(a).overflowX)) return true;
        }
        return false;
    };
    if (root.scrollWidth > root.clientWidth) {
        // An element past the edge, or one whose own text runs out of it (a long word).
        const past = x => x.getBoundingClientRect().right > limit;
        const spills = x => getComputedStyle(x).overflowX === 'visible'
            && x.scrollWidth > x.clientWidth + 1 && x.getBoundingClientRect().right
               + x.scrollWidth - x.clientWidth > limit;
        const culprit = x => past(x) || spills(x);
        for (const e of document.querySelectorAll('body *')) {
            if (!culprit(e) || [...e.children].some(culprit) || scrollsInside(e)) continue;
            losses.push('too wide: ' + describe(e));
            if (losses.length >= 5) break;
        }
    }
    for (const e of document.querySelectorAll('body *')) {
        // Hidden on purpose, or a form control that scrolls its own options and lines.
        if (e.closest('.govuk-visually-hidden, [hidden], template, select, textarea')) continue;
        const style = getComputedStyle(e);
        const hides = [style.overflowX, style.overflowY].some(o => o === 'hidden' || o === 'clip');
        if (!hides || !e.textContent.trim() || e.clientWidth <= 1) continue;
        if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) {
            losses.push('text cut off in ' + describe(e));
        }
        if (losses.length >= 10) break;
    }
    root.style.fontSize = '';
    return losses;
}""".replace("DESCRIBE", DESCRIBE_ELEMENT)


def check_large_text(page):
    return problems_found(
        "resize-text",
        "Something is lost with text at 200% (WCAG 1.4.4)",
        page.evaluate(LARGE_TEXT_LOSSES),
    )


def check_narrow(page, axe_check):
    """axe violations at 320 px wide, plus one for any sideways scrolling."""
    page.set_viewport_size(NARROW)
    return axe_check(page) + problems_found(
        "reflow",
        "The page scrolls sideways at 320 px (WCAG 1.4.10)",
        page.evaluate(OVERFLOWING),
    )


def report(role, failures, csp_failures, visited):
    lines = [f"Accessibility problems for {role} ({len(visited)} pages crawled):"]
    lines.extend(format_violations(url, v) for url, v in failures.items())
    for url, problems in csp_failures.items():
        lines.append(f"{url}: Content-Security-Policy violations")
        lines.extend(f"      {p}" for p in dict.fromkeys(problems))
    return "\n".join(lines)


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


# The demo logins whose pages are mostly everyone's; the staff roles (facilitator,
# safeguarding lead, organisation and host admins) are crawled in
# test_accessibility_staff.py, so the two halves run side by side (pytest-xdist hands
# out whole files).
STAFF_ROLES = ["facilitator", "safeguarding_lead", "org_admin", "host_admin"]
PRACTITIONER_ROLES = [login.key for login in DEMO_LOGINS if login.key not in STAFF_ROLES]
DEMO_MAX_PAGES = 150


def check_the_demo_world_as(role, browser_page, signed_in_page, axe_check):
    """Signed out (``visitor``) or as a demo login, one page of every kind the person can
    reach (every URL pattern and filter), with the demo data in it, checked by axe at
    1280 px, with text at 200%, and again at 320 px, where it must not scroll sideways."""
    from practice_commons.accounts.models import User

    if role == "visitor":
        page, seeds = browser_page, SIGNED_OUT_SEEDS
    else:
        email = next(login.email for login in DEMO_LOGINS if login.key == role)
        page, seeds = signed_in_page(User.objects.get(email=email)), SIGNED_IN_SEEDS
    failures, csp_failures, visited = crawl(
        page, seeds, axe_check, narrow=True, max_pages=DEMO_MAX_PAGES, one_of_each_kind=True
    )
    print(f"\n{role} (demo world) checked {len(visited)} kinds of page:\n  " + "\n  ".join(visited))
    assert len(visited) >= len(seeds), f"crawler reached too few pages: {visited}"
    assert not failures and not csp_failures, report(role, failures, csp_failures, visited)


@pytest.mark.parametrize("role", ["visitor", *PRACTITIONER_ROLES])
def test_every_kind_of_page_in_the_demo_world_passes_at_desktop_and_320px(
    role, demo_world, browser_page, signed_in_page, axe_check
):
    check_the_demo_world_as(role, browser_page, signed_in_page, axe_check)


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
        "/collaboration/agreements/9/pdf/",
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
    # A chart with no description or data table, its two series told apart by colour
    # alone; a box too wide for a phone; text in a
    # box of fixed height that hides what does not fit; a word longer than its line.
    page.evaluate(
        """() => {
        const main = document.querySelector('main');
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('role', 'img');
        svg.setAttribute('class', 'pc-bare-chart');
        main.appendChild(svg);
        for (const [series, colour] of [['this', '#1d70b8'], ['that', '#d4351c']]) {
            const bar = svg.appendChild(
                document.createElementNS('http://www.w3.org/2000/svg', 'rect'));
            bar.setAttribute('class', 'pc-bare-chart__bar--' + series);
            bar.setAttribute('fill', colour);
        }
        const wide = main.appendChild(document.createElement('div'));
        wide.className = 'too-wide';
        wide.style.width = '600px';
        wide.textContent = 'A box wider than a phone';
        const boxed = main.appendChild(document.createElement('p'));
        boxed.className = 'fixed-box';
        boxed.textContent = 'Words that grow with the text size';
        Object.assign(boxed.style, {height: '20px', width: '300px', overflow: 'hidden'});
        const word = main.appendChild(document.createElement('p'));
        word.className = 'long-word';
        Object.assign(word.style, {width: '300px', overflowWrap: 'normal'});
        word.textContent = 'x'.repeat(150);
    }"""
    )
    charts = {v["id"]: v["targets"] for v in check_charts(page)}
    assert charts["chart-colour-only"] == ["svg.pc-bare-chart: this and that"]
    assert set(charts) == {"chart-alternatives", "chart-colour-only"}
    large_text = check_large_text(page)[0]["targets"]
    assert "text cut off in p.fixed-box" in large_text
    assert "too wide: p.long-word" in large_text
    narrow = check_narrow(page, axe_check)
    assert "div.too-wide" in next(v["targets"] for v in narrow if v["id"] == "reflow")
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
