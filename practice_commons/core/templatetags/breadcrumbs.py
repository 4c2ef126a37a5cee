"""Breadcrumbs for a page below the top level::

    {% load breadcrumbs %}
    {% block breadcrumbs %}
    {% breadcrumbs "Communities" "communities:directory" c.name c.get_absolute_url "Members" %}
    {% endblock %}

Arguments come in pairs of a label and where it leads, then the current page's label
alone. "Where it leads" is a path (``/communities/x/``) or a URL name without
arguments (``communities:directory``). "Home" is always first, so a page never lists it.
"""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()


def _href(target) -> str:
    target = str(target)
    if target.startswith("/") or target.startswith("http"):
        return target
    try:
        return reverse(target)
    except NoReverseMatch as error:
        raise template.TemplateSyntaxError(f"breadcrumbs: no URL named {target!r}") from error


@register.inclusion_tag("core/includes/breadcrumbs.html")
def breadcrumbs(*crumbs):
    if len(crumbs) % 2 != 1:
        raise template.TemplateSyntaxError(
            "breadcrumbs takes label/URL pairs and then the current page's label"
        )
    links = [
        {"label": crumbs[i], "href": _href(crumbs[i + 1])} for i in range(0, len(crumbs) - 1, 2)
    ]
    return {"links": links, "current": crumbs[-1]}
