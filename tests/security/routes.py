"""Every URL pattern in the project's URLconf, walked from ``get_resolver()``, and a
concrete path for each one built from the world's objects."""

import re
from dataclasses import dataclass

from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse

GROUP = re.compile(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)")
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


@dataclass(frozen=True)
class Route:
    route: str  # the full pattern, as written in the URLconf: the key in the table
    name: str | None  # "namespace:name", when it has one
    params: tuple

    def path(self, world) -> str:
        values = {p: world.path_value(self.route, p) for p in self.params}
        if self.name:
            try:
                return reverse(self.name, kwargs=values)
            except NoReverseMatch:
                pass
        path = GROUP.sub(lambda m: str(values[m.group(1)]), self.route)
        path = CONVERTER.sub(lambda m: str(values[m.group(1)]), path)
        return "/" + path.replace("^", "").replace("$", "")


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if namespace and inner:
                inner = f"{namespace}:{inner}"
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), inner or namespace
            )
        else:
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            route = prefix + str(pattern.pattern)
            params = tuple(GROUP.findall(route)) + tuple(CONVERTER.findall(GROUP.sub("", route)))
            yield Route(route=route, name=name, params=params)


def all_routes() -> list[Route]:
    """One ``Route`` per distinct pattern (the API registers one path per method; the
    first name stands for all of them)."""
    seen = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.route, route)
    return list(seen.values())
