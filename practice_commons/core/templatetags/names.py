"""``{% load names %}{% if user|has_name %}``: whether a person may post, book and join
(see ``core.people``)."""

from django import template

from practice_commons.core.people import has_name

register = template.Library()


@register.filter(name="has_name")
def has_name_filter(person) -> bool:
    return has_name(person)
