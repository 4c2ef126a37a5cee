"""``{% load safeguarding %}{% report_link obj %}``: a "Report" link for any registered
model, so each capability's templates offer reporting the same way."""

from django import template

from .. import selectors
from ..registry import reportable_for
from ..selectors import report_url

register = template.Library()


@register.inclusion_tag("safeguarding/includes/report_link.html")
def report_link(obj, label=""):
    registration = reportable_for(obj) if obj is not None and obj.pk else None
    return {
        "url": report_url(obj) if registration else "",
        "what": label or (str(registration.label).lower() if registration else ""),
    }


@register.filter
def is_moderator(user) -> bool:
    """For navigation: does this person have a moderation queue to look at?"""
    return selectors.is_moderator(user)
