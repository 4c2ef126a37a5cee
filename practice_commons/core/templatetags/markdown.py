"""``{% load markdown %}{{ post.body|markdown }}`` renders safe markdown."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from practice_commons.core.markdown import render_markdown, render_plain

register = template.Library()


@register.filter(name="markdown", is_safe=True)
def markdown_filter(value) -> SafeString:
    # Safe because render_markdown sanitises with an allow-list (see core.markdown).
    return mark_safe(render_markdown(str(value or "")))  # noqa: S308


@register.filter(name="markdown_plain")
def markdown_plain_filter(value, limit=200) -> str:
    return render_plain(str(value or ""), int(limit))
