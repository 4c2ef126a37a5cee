"""Pages usable on a slow connection: the home, community, thread and event pages each
weigh under 300 KB over the wire, and nothing on them comes from another origin (so no
third-party resource can block rendering).

Measured in Chromium as a signed-in member's first visit (a new browser context, nothing
cached) to a busy community: a thread of 30 posts with quotes, reactions and an accepted
answer, other threads, an upcoming event the member is registered for. Every response
the page receives until the network is idle counts (document, CSS, JS and the modules
it imports, images, fonts, icons).

"Over the wire" is each body gzip-compressed at level 6 (``page_weight.py`` explains the
model: WhiteNoise's pre-compressed static files, the reverse proxy's gzip for HTML; no
``GZipMiddleware``). ``make bench`` prints the same figures (``bench_page_weight.py``).
"""

import pytest

from tests.browser.page_weight import BUDGET_BYTES, build_world, measure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A page as a careless template would make it: a blocking script and a stylesheet from
# a CDN, a deferred script and an image from elsewhere (served by routes, not the network).
CARELESS_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Careless</title>
<link rel="stylesheet" href="https://fonts.example.net/css2?family=Any">
<script src="https://cdn.example.com/lib.js"></script>
<script src="https://cdn.example.com/later.js" defer></script>
</head><body><img src="https://images.example.org/a.png" alt="A"></body></html>"""


@pytest.fixture
def world(transactional_db):
    from practice_commons.accounts.models import User

    built = build_world()
    return User.objects.get(pk=built["member_id"]), built["pages"]


def test_pages_weigh_under_the_budget_with_nothing_from_another_origin(world, signed_in_page):
    member, pages = world
    weights = []
    for name, path in pages.items():
        page = signed_in_page(member)  # a new context each: a first visit, cold cache
        weight = measure(page, path, name)
        assert page.url.endswith(path), f"{name}: ended at {page.url}, not {path}"
        assert weight.resources[0].kind == "document" and weight.resources[0].status == 200
        weights.append(weight)

    # Every page really loads its stylesheet and scripts (a broken measurement is not light).
    for weight in weights:
        kinds = weight.by_kind()
        assert {"document", "stylesheet", "script"} <= set(kinds), (weight.name, kinds)

    for weight in weights:
        assert weight.within_budget, (
            f"{weight.name} ({weight.url}) weighs {weight.gzip_bytes:,} bytes gzipped "
            f"({weight.raw_bytes:,} raw) in {weight.requests} requests; the budget is "
            f"{BUDGET_BYTES:,}:\n{weight.breakdown()}"
        )
        assert not weight.other_origins(), (weight.name, weight.other_origins())
        assert not weight.blocking_third_party(), (weight.name, weight.blocking_third_party())
    print()
    for weight in weights:
        print(f"{weight.name:<10} {weight.requests:>3} requests {weight.gzip_bytes:>9,} bytes gz")


def test_the_measurement_sees_other_origins_and_render_blocking_ones(browser_page):
    """The checks above can fail: on a page that loads from CDNs, the measurement names
    every other origin and, of those, the blocking script and the stylesheet."""
    bodies = {
        "/careless/": ("text/html", CARELESS_PAGE),
        "/css2": ("text/css", "body { margin: 0 }"),
        "/lib.js": ("text/javascript", "window.lib = 1"),
        "/later.js": ("text/javascript", "window.later = 1"),
        "/a.png": ("image/png", ""),
    }

    def fulfil(route):
        path = route.request.url.split("://", 1)[1].split("/", 1)[1].split("?")[0]
        content_type, body = bodies["/" + path]
        route.fulfill(status=200, content_type=content_type, body=body)

    browser_page.route(lambda url: url.endswith("/careless/") or url.startswith("https:"), fulfil)
    weight = measure(browser_page, "/careless/", "careless")
    assert weight.other_origins() == [
        "https://cdn.example.com/later.js",
        "https://cdn.example.com/lib.js",
        "https://fonts.example.net/css2?family=Any",
        "https://images.example.org/a.png",
    ]
    assert weight.blocking_third_party() == [
        "https://cdn.example.com/lib.js",
        "https://fonts.example.net/css2?family=Any",
    ]
    assert weight.requests == 5 and weight.resources[0].url.endswith("/careless/")
