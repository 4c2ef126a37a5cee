"""``{% load bilingual %}{{ community|in_language:"name" }}``: the Welsh version of a title
or summary for someone reading in Welsh, when there is one (see ``core.bilingual``)."""

from django import template

from practice_commons.core.bilingual import in_language, language_of

register = template.Library()


@register.filter(name="in_language")
def in_language_filter(obj, field: str) -> str:
    return in_language(obj, field)


@register.filter(name="language_of")
def language_of_filter(obj, field: str) -> str:
    return language_of(obj, field)
