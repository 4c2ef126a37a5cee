"""Helpers for tests of rendered pages."""

from django.utils.html import escape


def html_contains(html: str, text: str) -> bool:
    """Does the page show ``text``? Names such as "Grace O'Brien" appear HTML-escaped, so a
    plain ``in`` would miss them — and make a "not shown" assertion pass vacuously."""
    return escape(text) in html or text in html
