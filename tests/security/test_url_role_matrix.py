"""Every URL pattern in the URLconf, visited as every role (see ``world.py``), answers
what ``expectations.py`` says. API paths (``api/v1/``) are visited with each role's API
token; the API's other methods on a path are fuzzed per role in tests/api.

The patterns are walked from ``get_resolver()``, so a new pattern without a line in
the table fails here, with the line to add."""

import pytest

from .expectations import EXPECTED, PREFIX_RULES
from .matrix import outcome, record
from .routes import all_routes
from .world import ROLES

ROUTES = all_routes()


def _rule_for(route: str):
    if route in EXPECTED:
        return EXPECTED[route]
    for prefix in sorted(PREFIX_RULES, key=len, reverse=True):
        if route.startswith(prefix):
            return PREFIX_RULES[prefix]
    return "missing"


def _observe(clients, method: str, path: str) -> list[str]:
    return [outcome(clients[role], method, path) for role in ROLES]


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.route)
def test_every_role_gets_what_the_table_says(route, role_world):
    world, clients, api_clients = role_world
    if route.route.startswith("api/v1/"):
        clients = api_clients
    rule = _rule_for(route.route)
    path = route.path(world)
    if rule == "missing":
        method = "GET"
        observed = _observe(clients, method, path)
        if observed[0] == "405":
            method = "POST"
            observed = _observe(clients, method, path)
        line = f'    "{route.route}": "{method} {" ".join(observed)}",'
        record(line)
        pytest.fail(
            f"URL pattern {route.route!r} ({route.name}) has no line in "
            f"tests/security/expectations.py. Check who must get what, then add to EXPECTED:\n"
            f"{line}\n(roles in order: {' '.join(ROLES)}; observed at {path})"
        )
    method, *expected = rule.split()
    observed = [
        "-" if want == "-" else outcome(clients[role], method, path)
        for role, want in zip(ROLES, expected, strict=True)
    ]
    record(f'    "{route.route}": "{method} {" ".join(observed)}",')
    wrong = [
        f"{role}: expected {want}, got {got}"
        for role, want, got in zip(ROLES, expected, observed, strict=True)
        if want != got
    ]
    assert not wrong, f"{method} {path} ({route.route}):\n  " + "\n  ".join(wrong)


def test_every_line_in_the_table_names_a_pattern():
    routes = {r.route for r in ROUTES}
    stale = sorted(set(EXPECTED) - routes)
    assert not stale, f"lines for patterns that no longer exist: {stale}"
