"""Motion respects the reduced-motion preference (WCAG 2.3.3): with the system asking for
less motion, nothing on the page transitions, animates or scrolls smoothly.

What we ship has no motion today: GOV.UK Frontend 5's stylesheet and ours declare no
transition, animation or smooth scrolling, htmx's indicator styles (an opacity
transition) are turned off (``htmx-config`` in base.html, for the CSP), htmx scrolls
"instant" and no script of ours scrolls smoothly. So no element moves of itself to test
against; instead the test gives real components of a real page the motion a future
stylesheet would (GOV.UK's button and navigation links get transitions, a spinner-like
animation, smooth scrolling on the root, an inline transition as a script would set),
checks they move without the preference and that, with ``prefers-reduced-motion:
reduce`` emulated, the site-wide rule (``frontend/scss/application.scss``, "Motion")
brings every computed duration and delay on every element to 0 and scrolling to auto.
"""

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]

# Added to the page's own stylesheet through the CSSOM (which the CSP allows, unlike an
# injected <style>): motion on components that are really on the page.
PROBE_RULES = [
    "@keyframes pc-probe-spin { to { transform: rotate(360deg); } }",
    ".govuk-button { transition: background-color 0.3s ease 0.1s, box-shadow 0.3s; }",
    ".govuk-service-navigation__link { transition: color 0.2s ease-in; }",
    ".govuk-header__link::after { content: ''; animation: pc-probe-spin 1s linear infinite; }",
    ".govuk-footer { animation: pc-probe-spin 2s ease 0.5s 3; }",
    "html { scroll-behavior: smooth; }",
]
PROBES = {
    "button": (".govuk-button", None),
    "service navigation link": (".govuk-service-navigation__link", None),
    "spinner (::after)": (".govuk-header__link", "::after"),
    "footer animation": (".govuk-footer", None),
    "inline transition": ("main a.govuk-link", None),
}

ADD_MOTION = """(rules) => {
  const sheet = [...document.styleSheets].find((s) => (s.href || '').includes('/dist/application'));
  rules.forEach((rule) => sheet.insertRule(rule, sheet.cssRules.length));
  document.querySelector('main a.govuk-link').style.transition = 'opacity 0.5s linear';
}"""

MOTION_OF = """(probes) => {
  const out = {};
  for (const [name, [selector, pseudo]] of Object.entries(probes)) {
    const el = document.querySelector(selector);
    if (!el) { out[name] = null; continue; }
    const s = getComputedStyle(el, pseudo);
    out[name] = [s.transitionDuration, s.transitionDelay, s.animationDuration, s.animationDelay]
      .join(', ');
  }
  out.scroll = getComputedStyle(document.documentElement).scrollBehavior;
  return out;
}"""

# Every element and its ::before/::after whose transition or animation would take time.
STILL_MOVING = """() => {
  const zero = (v) => v.split(',').every((d) => parseFloat(d) === 0);
  const moving = [];
  for (const el of document.querySelectorAll('*')) {
    for (const pseudo of [null, '::before', '::after']) {
      const s = getComputedStyle(el, pseudo);
      const times = [
        s.transitionDuration, s.transitionDelay, s.animationDuration, s.animationDelay,
      ];
      if (!times.every(zero)) {
        moving.push(`${el.tagName.toLowerCase()}.${el.className}${pseudo || ''}: ${times}`);
      }
    }
  }
  return moving;
}"""


def _seconds(values: str) -> float:
    return sum(float(v.strip().removesuffix("s")) for v in values.split(","))


@pytest.fixture
def thread_page_path(db):
    from practice_commons.accounts.tests.factories import UserFactory
    from practice_commons.communities.tests.factories import add_member, make_community
    from practice_commons.discussions import services

    owner = UserFactory(full_name="Farah Facilitator")
    community = make_community(owner=owner, name="Transfer meetings")
    member = add_member(community, UserFactory(full_name="Morgan Member"))
    thread = services.thread_create(
        actor=member,
        community=community,
        kind="problem_solving",
        title="How do your teams run transfer meetings?",
        body="Agendas, who chairs, what you send beforehand: what has worked?",
    )
    services.thread_reply(
        actor=owner,
        thread=thread,
        body="See the [partnership guidance](https://example.org/guidance) first.",
    )
    return member, thread.get_absolute_url()


def test_reduced_motion_stops_every_transition_animation_and_smooth_scroll(
    thread_page_path, signed_in_page
):
    member, path = thread_page_path
    page = signed_in_page(member)
    for where in ("/", path):
        page.emulate_media(reduced_motion="reduce")
        page.goto(where)
        assert page.evaluate(STILL_MOVING) == [], where  # what we ship, as shipped
        assert page.evaluate("getComputedStyle(document.documentElement).scrollBehavior") == "auto"
        assert page.evaluate("htmx.config.scrollBehavior") != "smooth"

    # Real components given motion: it shows without the preference...
    page.emulate_media(reduced_motion="no-preference")
    page.evaluate(ADD_MOTION, PROBE_RULES)
    moving = page.evaluate(MOTION_OF, PROBES)
    assert None not in moving.values(), moving  # every component is on the page
    assert moving["scroll"] == "smooth"
    for name in PROBES:
        assert _seconds(moving[name]) > 0, (name, moving[name])

    # ...and stops with it: every duration and delay is 0, scrolling is instant.
    page.emulate_media(reduced_motion="reduce")
    still = page.evaluate(MOTION_OF, PROBES)
    assert still["scroll"] == "auto"
    for name in PROBES:
        assert _seconds(still[name]) == 0, (name, still[name])
    assert page.evaluate(STILL_MOVING) == []


def test_no_script_scrolls_smoothly():
    """``scrollIntoView({behavior: 'smooth'})`` and ``scrollTo`` with it ignore CSS, so our
    scripts must not ask for it (GOV.UK Frontend's and htmx's do not)."""
    sources = [*(ROOT / "frontend" / "js").glob("*.js")]
    sources += (ROOT / "practice_commons").glob("*/static/*/*.js")
    smooth = re.compile(r"""behavior\s*:\s*['"]smooth['"]|scroll-behavior\s*:\s*smooth""")
    found = [str(p.relative_to(ROOT)) for p in sources if smooth.search(p.read_text("utf-8"))]
    assert sources and not found, found
