"""Organisation embeds in a real browser: a council's page on another origin frames the
events embed and shows its events, sized by the height the embed posts; a website the
organisation did not list is refused the frame; the embeds and the admin's "Embed on your
website" page pass axe-core's WCAG 2.2 AA rules.

The "council website" is a tiny ``http.server`` on 127.0.0.1 (another port, so another
origin than the live server's ``localhost``)."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

pytestmark = pytest.mark.browser

EVENT_TITLE = "Recognising neglect together"


class _HostPages(BaseHTTPRequestHandler):
    pages: dict = {}

    def do_GET(self):  # noqa: N802 - http.server's name
        body = self.pages.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def council_site():
    """``(origin, pages)``: a website on http://127.0.0.1:<port> serving ``pages``
    ({path: html}), set by the test."""
    handler = type("Pages", (_HostPages,), {"pages": {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.pages
    finally:
        server.shutdown()
        server.server_close()


def _host_page(embed_url: str, listener: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Leeds City Council: professionals</title></head>
<body><h1>Training for professionals</h1>
<iframe id="embed" src="{embed_url}" title="Upcoming events, Leeds City Council"
  width="100%" height="150" style="border: 0; display: block;"></iframe>
{listener}
</body></html>"""


@pytest.fixture
def council(db, council_site):
    from practice_commons.accounts.tests.factories import OrgAdminFactory, OrganisationFactory
    from practice_commons.events.models import Event, EventStatus

    origin, _pages = council_site
    org = OrganisationFactory(name="Leeds City Council", slug="leeds", embed_origins=[origin])
    start = (timezone.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    for i, title in enumerate((EVENT_TITLE, "Safeguarding forum", "Joint visits training")):
        Event.objects.create(
            title=title,
            description="Joint training.",
            kind="joint_training",
            status=EventStatus.PUBLISHED,
            organisation=org,
            starts_at=start + timedelta(days=i),
            ends_at=start + timedelta(days=i, hours=3),
            area="Leeds",
        )
    return org, OrgAdminFactory(organisation=org)


def _listener(live_server_url: str) -> str:
    from practice_commons.accounts.embed_selectors import embed_listener_snippet

    return embed_listener_snippet(live_server_url)


def test_a_listed_website_frames_the_events_and_sizes_the_frame(
    council, council_site, browser_page, live_server
):
    origin, pages = council_site
    embed_url = f"{live_server.url}/embed/organisations/leeds/events/"
    pages["/training.html"] = _host_page(embed_url, _listener(live_server.url))

    page = browser_page
    page.goto(f"{origin}/training.html")
    frame = page.frame_locator("#embed")
    heading = frame.get_by_role("heading", level=1)
    heading.wait_for()
    assert heading.inner_text() == "Upcoming events from Leeds City Council"
    assert frame.get_by_role("link", name=EVENT_TITLE).get_attribute("target") == "_top"
    assert frame.get_by_role("heading", level=2).count() == 3
    # The embed posted its height and the page's listener (the snippet admins paste)
    # sized the frame to it: taller than the 150 pixels it started at.
    page.wait_for_function(
        "parseInt(document.getElementById('embed').style.height || '0', 10) > 150"
    )
    height = page.evaluate("parseInt(document.getElementById('embed').style.height, 10)")
    content = frame.locator("html").evaluate("el => el.getBoundingClientRect().height")
    assert abs(height - content) <= 2

    # A click opens the event in the top window, on the site.
    frame.get_by_role("link", name=EVENT_TITLE).click()
    page.wait_for_url(f"{live_server.url}/events/*/")
    assert page.get_by_role("heading", level=1).inner_text() == EVENT_TITLE


def test_a_website_not_listed_is_refused_the_frame(council, council_site, new_page, live_server):
    from practice_commons.accounts.tests.factories import OrganisationFactory

    origin, pages = council_site
    OrganisationFactory(slug="elsewhere", embed_origins=["https://www.example.org"])
    pages["/elsewhere.html"] = _host_page(
        f"{live_server.url}/embed/organisations/elsewhere/events/", ""
    )
    page = new_page()
    page.goto(f"{origin}/elsewhere.html")
    page.wait_for_timeout(1500)
    frame = page.frame_locator("#embed")
    assert frame.get_by_role("heading", level=1).count() == 0
    refused = [e for e in page.console_csp_errors if "frame-ancestors" in e]
    assert refused, page.console_csp_errors
    # The refusal is the behaviour under test, not a fault of the page.
    page.console_csp_errors.clear()
    page.evaluate("window.__cspViolations = []")


@pytest.mark.parametrize("path", ["events", "jobs", "practice-examples"])
def test_embeds_are_accessible(council, browser_page, assert_accessible, path):
    page = browser_page
    response = page.goto(f"/embed/organisations/leeds/{path}/")
    assert response.status == 200
    assert "set-cookie" not in response.headers
    assert_accessible(page)
    # Mobile width too: an embed often sits in a narrow column.
    page.set_viewport_size({"width": 320, "height": 600})
    assert_accessible(page)


def test_embed_settings_page_is_accessible(council, signed_in_page, assert_accessible):
    _org, admin = council
    page = signed_in_page(admin)
    page.goto("/organisations/leeds/embed/")
    assert page.get_by_role("heading", level=1).inner_text() == "Embed on your website"
    assert_accessible(page)
    page.get_by_label("Websites that may show the embeds").fill("leeds.gov.uk")
    page.get_by_role("button", name="Save websites").click()
    page.wait_for_load_state()
    assert "must start with https://" in page.content()
    assert_accessible(page)
