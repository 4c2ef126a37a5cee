"""The demo-world accessibility crawl (``test_accessibility.py``) for the staff roles:
facilitator, safeguarding lead, organisation admin and host admin, each at 1280 px, with
text at 200%, and at 320 px."""

import pytest

from .test_accessibility import STAFF_ROLES, check_the_demo_world_as

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_every_kind_of_staff_page_in_the_demo_world_passes_at_desktop_and_320px(
    role, demo_world, browser_page, signed_in_page, axe_check
):
    check_the_demo_world_as(role, browser_page, signed_in_page, axe_check)
