"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures for test writers:

``browser_page``
    A fresh Playwright page (own context, signed out) whose ``base_url`` is the live
    server, so ``browser_page.goto("/account/login/")`` works.
``signed_in_page(user)``
    A fresh page already signed in as ``user`` (session cookie from
    ``django.test.Client.force_login``; this skips the two-factor step).
``programme``
    A published joint training event, its organiser and a practitioner (``programme["event"]``…).
``demo_world``
    The demo data (``seed_demo --scale small``) in the live server's database.
``axe_check(page)``
    Runs axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page; returns the list of
    violations, ``[]`` when clean. ``assert_accessible(page)`` fails with a readable list.
``csp_violations(page)``
    Content-Security-Policy violations the page has reported so far.

Every page made by these fixtures fails its test at teardown if the browser reported a
Content-Security-Policy violation, so no test can pass while an inline script or style
is being blocked.

Chromium is Debian's (``/usr/bin/chromium``; override with ``CHROMIUM_PATH``); never run
``playwright install``. Without it the browser tests are skipped with the reason.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in this thread; Django refuses ORM calls
# from a thread with a running loop unless told this is safe (it is: tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_JS = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
BUILT_CSS = ROOT / "practice_commons" / "core" / "static" / "dist" / "application.css"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}
# WCAG 1.4.10 Reflow: content must work at 320 CSS pixels wide without scrolling sideways.
NARROW = {"width": 320, "height": 720}

# Records every securitypolicyviolation event; runs before any page script. Scripts
# Playwright adds this way are not subject to the page's CSP.
_CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  const where = `${e.sourceFile || e.documentURI}:${e.lineNumber}`;
  const what = `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`;
  window.__cspViolations.push(`${what} at ${where}`);
});
"""


def pytest_collection_modifyitems(config, items):
    """Everything under tests/browser/ carries the ``browser`` marker (-m "not browser")."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def built_assets():
    """The stylesheet axe needs for colour contrast. Built once if missing (fast no-op
    when up to date); the Makefile normally builds it before the tests."""
    if not BUILT_CSS.exists() or not AXE_JS.exists():
        script = ROOT / "scripts" / "build_assets.sh"
        result = subprocess.run(  # noqa: S603 - our own script, no user input
            [shutil.which("bash") or "/bin/bash", str(script)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            pytest.fail(f"scripts/build_assets.sh failed:\n{result.stdout}\n{result.stderr}")
    return BUILT_CSS


@pytest.fixture(scope="session")
def chromium(request):
    """One headless Chromium for the whole session. App test modules that import these
    fixtures get their own copy of this fixture, and two Playwright instances cannot run
    in one thread, so the browser is shared through the session's config."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        print(f"\nSKIPPING browser tests: {reason}")
        pytest.skip(reason)
    shared = getattr(request.config, "_practice_commons_chromium", None)
    if shared is not None:
        yield shared
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        request.config._practice_commons_chromium = browser
        try:
            yield browser
        finally:
            request.config._practice_commons_chromium = None
            browser.close()


@pytest.fixture
def new_page(chromium, live_server, built_assets):
    """Factory for fresh pages, each in its own context (cookies, storage), all closed
    and checked for CSP violations when the test ends."""
    contexts = []
    pages = []

    def make(*, viewport=None, cookies=()):
        context = chromium.new_context(
            base_url=live_server.url, viewport=viewport or DESKTOP, locale="en-GB"
        )
        context.set_default_timeout(15_000)
        context.add_init_script(_CSP_RECORDER)
        if cookies:
            context.add_cookies(list(cookies))
        page = context.new_page()
        page.console_csp_errors = []

        def on_console(message, page=page):
            if message.type == "error" and "Content Security Policy" in message.text:
                page.console_csp_errors.append(message.text)

        page.on("console", on_console)
        contexts.append(context)
        pages.append(page)
        return page

    yield make

    problems = []
    for page in pages:
        if not page.is_closed():
            problems.extend(csp_violations(page))
        else:
            problems.extend(page.console_csp_errors)
    for context in contexts:
        context.close()
    assert not problems, "Content-Security-Policy violations:\n" + "\n".join(
        dict.fromkeys(problems)
    )


@pytest.fixture
def browser_page(new_page):
    """A fresh, signed-out page at desktop width."""
    return new_page()


@pytest.fixture
def signed_in_page(new_page, live_server):
    """``signed_in_page(user, viewport=None)``: a fresh page signed in as ``user``."""
    from django.test import Client

    def make(user, *, viewport=None):
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        return new_page(
            viewport=viewport,
            cookies=[
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": cookie.value,
                    "url": live_server.url,
                    "httpOnly": True,
                    "sameSite": "Lax",
                }
            ],
        )

    return make


def csp_violations(page):
    """CSP violations reported on the page so far: DOM events plus console errors."""
    try:
        events = page.evaluate("window.__cspViolations || []")
    except Exception:  # noqa: BLE001 - page navigating or closed: console is enough
        events = []
    return [*events, *page.console_csp_errors]


AXE_RUN = """async (tags) => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        targets: v.nodes.map(n => n.target.join(' ')),
    }));
}"""

# What Chromium says when the document axe was reading is replaced by the next one.
NAVIGATION_UNDER_WAY = (
    "Execution context was destroyed",
    "reading 'documentElement'",
    "Cannot find context",
)


def run_axe(page, attempts=3):
    """axe-core violations on the page as it is now: [{id, impact, help, targets}].

    A click that follows a link returns before the next page has loaded, so axe waits for
    the page to load and starts again if the document changes while it reads it: it must
    judge the page the person ends up on, never a page half torn down.
    """
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(1, attempts + 1):
        page.wait_for_load_state("load")
        try:
            return _axe_on_current_document(page)
        except PlaywrightError as error:
            if attempt == attempts or not any(s in str(error) for s in NAVIGATION_UNDER_WAY):
                raise
    return []  # attempts < 1: nothing was checked


def _axe_on_current_document(page):
    # evaluate() runs through the DevTools protocol, so the page's script-src 'self'
    # does not block it (an injected <script> tag would be blocked, correctly).
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN, AXE_TAGS)


def format_violations(url, violations):
    lines = [f"{url}:"]
    for v in violations:
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']}")
        lines.extend(f"      {target}" for target in v["targets"][:10])
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_check():
    """``axe_check(page)`` → list of violations (``[]`` when the page passes)."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS} missing: run scripts/build_assets.sh (npm ci installs axe-core)")
    return run_axe


@pytest.fixture(scope="session")
def assert_accessible(axe_check):
    """``assert_accessible(page)``: fail listing every axe violation on the page."""

    def check(page):
        violations = axe_check(page)
        assert not violations, format_violations(page.url, violations)

    return check


@pytest.fixture
def programme(db):
    """A published joint training event five days ahead (hybrid, 20 places) organised by
    an organisation admin of Leeds City Council, and a practitioner who can register."""
    from datetime import timedelta

    from django.utils import timezone

    from practice_commons.accounts.models import OrganisationMembership
    from practice_commons.accounts.tests.factories import OrganisationFactory, UserFactory
    from practice_commons.events import services

    organisation = OrganisationFactory(name="Leeds City Council", slug="leeds-city-council")
    organiser = UserFactory(organisation=organisation, org_role=OrganisationMembership.Role.ADMIN)
    start = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    event = services.event_create(
        actor=organiser,
        publish=True,
        data={
            "title": "Recognising neglect together",
            "kind": "joint_training",
            "description": "Joint training for social workers, teachers and health visitors.",
            "starts_at": start,
            "ends_at": start + timedelta(hours=3),
            "format": "hybrid",
            "venue": "Civic Hall",
            "address": "Calverley Street, Leeds",
            "online_url": "https://meet.example.org/neglect",
            "capacity": 20,
            "cpd_hours": 3,
            "organisation": organisation,
            "nation": "england",
        },
    )
    return {"organiser": organiser, "event": event, "practitioner": UserFactory()}


@pytest.fixture
def demo_world(transactional_db):
    """The world ``make run`` shows: ``seed_demo --scale small`` (150 people, 20
    organisations, communities, threads, events, sessions, CPD, wellbeing, jobs)."""
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", "--scale", "small", stdout=StringIO())
