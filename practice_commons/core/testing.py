"""Helpers for tests of rendered pages."""

import re

from django.utils import translation
from django.utils.html import escape


def in_welsh(msgid: str) -> str:
    """The catalogue's Welsh for ``msgid`` (compare with the English to be sure a test
    of "shown in Welsh" cannot pass on untranslated text)."""
    with translation.override("cy"):
        return translation.gettext(msgid)


def html_contains(html: str, text: str) -> bool:
    """Does the page show ``text``? Names such as "Grace O'Brien" appear HTML-escaped, so a
    plain ``in`` would miss them — and make a "not shown" assertion pass vacuously."""
    return escape(text) in html or text in html


def breadcrumb_trail(html: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The page's breadcrumbs as ``([(label, href), ...], [current page label])``; fails
    when the page has none or more than one trail."""
    navs = re.findall(r'<nav class="govuk-breadcrumbs[^"]*"[^>]*>(.*?)</nav>', html, re.S)
    assert len(navs) == 1, f"expected one breadcrumb trail, found {len(navs)}"
    links = re.findall(r'<a class="govuk-breadcrumbs__link" href="([^"]*)">([^<]*)</a>', navs[0])
    current = re.findall(r'aria-current="page">([^<]*)</li>', navs[0])
    return [(label, href) for href, label in links], current


ATOM = "{http://www.w3.org/2005/Atom}"


def atom_entries(response) -> list[dict]:
    """An Atom feed response as a list of its entries (``title``, ``link``, ``id``,
    ``updated``, ``published``, ``summary`` as the feed's escaped text, ``author`` or
    ``None``), after
    checking that it is a well-formed Atom document with the feed's own elements."""
    from xml.etree import ElementTree

    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/atom+xml")
    # Our own feed, generated in the test: not untrusted input.
    root = ElementTree.fromstring(response.content)  # noqa: S314
    assert root.tag == f"{ATOM}feed", root.tag
    for name in ("title", "id", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, f"the feed has no <{name}>"
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        link = entry.find(f"{ATOM}link")
        author = entry.find(f"{ATOM}author/{ATOM}name")
        summary = entry.find(f"{ATOM}summary")
        published = entry.find(f"{ATOM}published")
        entries.append(
            {
                "title": entry.findtext(f"{ATOM}title"),
                "link": link.get("href") if link is not None else None,
                "id": entry.findtext(f"{ATOM}id"),
                "updated": entry.findtext(f"{ATOM}updated"),
                "published": published.text if published is not None else None,
                "summary": summary.text if summary is not None else "",
                "author": author.text if author is not None else None,
            }
        )
    for e in entries:
        assert e["title"] and e["id"] and e["updated"], e
        assert e["link"].startswith(("http://", "https://")), e["link"]
    return entries
