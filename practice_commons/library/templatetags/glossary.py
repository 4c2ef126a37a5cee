"""``{% load glossary %}{{ html|glossary }}``: the first mention of each approved
glossary term (or one of its other names) in already-safe HTML becomes an accessible
disclosure: without JavaScript a link to the term in the glossary; with it
(``library/glossary.js``) a button with ``aria-expanded`` that shows the definition in
place. Text inside links, buttons, code and headings is left alone.

Templates of other apps may load this tag library (a template dependency, not a Python
import). Each process keeps the approved terms, with their names' pattern built once,
for as long as their version in the shared cache lasts (a minute, or until a term is
decided: ``selectors.approved_terms_version``): a post costs one look-up of a short token,
not the terms' unpickling and the pattern's building (3 ms of a 20-post thread page).
"""

import re
from dataclasses import dataclass
from itertools import count

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .. import selectors

register = template.Library()

SKIP_TAGS = {
    "a",
    "button",
    "code",
    "pre",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "summary",
    "script",
    "style",
    "textarea",
}
TAG_RE = re.compile(r"(<[^>]*>)")
_ids = count(1)


def _pattern(names: list[str]) -> re.Pattern | None:
    names = sorted({n for n in names if n}, key=len, reverse=True)
    if not names:
        return None
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def _disclosure(found: str, term) -> str:
    ident = f"glossary-{term.slug}-{next(_ids)}"
    return format_html(
        '<span class="pc-term"><a class="govuk-link pc-term__link" href="{href}">{text}</a>'
        '<button type="button" class="pc-term__button" aria-expanded="false" '
        'aria-controls="{id}" hidden>{text}'
        '<span class="govuk-visually-hidden"> {show}</span></button>'
        '<span class="pc-term__definition" id="{id}" hidden> ({term}: {definition})</span></span>',
        href=term.get_absolute_url(),
        text=found,
        show=_("(show what it means)"),
        id=ident,
        term=term.term,
        definition=term.definition,
    )


@dataclass(frozen=True)
class Glossary:
    """Approved terms by each of their names, and one pattern that finds any name."""

    by_name: dict
    pattern: re.Pattern | None

    @classmethod
    def of(cls, terms) -> "Glossary":
        by_name = {}
        for term in terms:
            for name in [term.term, *(term.also_known_as or [])]:
                by_name.setdefault(name, term)
        return cls(by_name, _pattern(list(by_name)))


_current: dict[str, Glossary] = {}  # version → the glossary; at most one entry


def current_glossary() -> Glossary:
    version = selectors.approved_terms_version()
    glossary = _current.get(version) if version else None
    if glossary is None:
        version, terms = selectors.approved_terms_read()
        glossary = Glossary.of(terms)
        _current.clear()
        _current[version] = glossary
    return glossary


def explain_terms(html: str, terms) -> SafeString:
    return _explain(html, Glossary.of(terms))


def _explain(html: str, glossary: Glossary) -> SafeString:
    by_name, pattern = glossary.by_name, glossary.pattern
    if pattern is None:
        return mark_safe(html)  # noqa: S308 - the input is already safe HTML
    done: set[int] = set()
    out = []
    skipping = 0
    for part in TAG_RE.split(str(html)):
        if part.startswith("<"):
            match = re.match(r"<\s*(/?)\s*([a-zA-Z0-9]+)", part)
            if match and match.group(2).lower() in SKIP_TAGS:
                skipping += -1 if match.group(1) else 1
                skipping = max(skipping, 0)
            out.append(part)
            continue
        if skipping or not part.strip():
            out.append(part)
            continue

        def replace(m):
            term = by_name[m.group(1)]
            if term.pk in done:
                return m.group(0)
            done.add(term.pk)
            return _disclosure(m.group(1), term)

        # ``part`` is text between tags of safe HTML (entities already escaped).
        out.append(pattern.sub(replace, part))
    return mark_safe("".join(out))  # noqa: S308 - built from safe HTML and format_html


@register.filter(name="glossary", is_safe=True)
def glossary_filter(value) -> SafeString:
    if not isinstance(value, SafeString):
        value = escape(value)
    return _explain(value, current_glossary())
