"""Helpers for tests of rendered pages."""

import re

from django.utils.html import escape


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
