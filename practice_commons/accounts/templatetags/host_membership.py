"""``{% load host_membership %}{% host_membership_section person %}``: the profile's host
membership section (what the register says, and the claim form for non-members)."""

from django import template

from .. import register_selectors
from ..register_forms import ClaimForm

register = template.Library()


@register.inclusion_tag("accounts/includes/host_membership.html", takes_context=True)
def host_membership_section(context, person):
    member = person.is_host_member
    return {
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "person": person,
        "membership_record": register_selectors.current_record(person) if member else None,
        "membership_claim": None if member else register_selectors.latest_claim(person),
        "claim_form": ClaimForm(),
    }
