"""Who must have two-factor sign-in (the one policy every page, the API and allauth's
MFA adapter ask).

Two rules, either is enough:

* host admins, while ``settings.MFA_REQUIRED_FOR_HOST_ADMINS`` is on (the default in
  production, read at call time);
* people whose affiliation with an organisation is verified (an
  ``OrganisationMembership`` row, whatever their role) when that organisation's admins
  switched on "require two-factor sign-in for our staff" (``Organisation.mfa_required``).

Only verified facts count, as for every privilege: choosing an organisation on one's
profile (a pending request) does not put anyone under its rule.

Every page asks, so the organisations' rule is remembered in the cache per person (read
at sign-in, then at most ``RECHECK_SECONDS`` old) and costs no query on an ordinary
request. Switching an organisation's rule changes the cache's rules token, so every
session asks afresh at its next request; a new verified affiliation counts at the next
sign-in or within ``RECHECK_SECONDS``.
"""

import secrets

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from .models import Organisation, OrganisationMembership, User

# The authenticators that are a second factor by themselves; recovery codes only back
# them up (allauth removes them with the last one).
SECOND_FACTOR_TYPES = ("totp", "webauthn")


def organisations_requiring_mfa(user: User) -> list[Organisation]:
    """The organisations whose rule covers ``user`` (verified affiliations only)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.filter(
            mfa_required=True,
            pk__in=OrganisationMembership.objects.filter(user=user).values("organisation_id"),
        ).order_by("name")
    )


def host_admin_rule_applies(user: User) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_host_admin
        and getattr(settings, "MFA_REQUIRED_FOR_HOST_ADMINS", False)
    )


RECHECK_SECONDS = 300
_RULES_TOKEN_KEY = "accounts:mfa-rules-token"  # noqa: S105 - a cache key


def _rules_token() -> str:
    token = cache.get(_RULES_TOKEN_KEY)
    if token is None:
        # Lost (evicted, restarted): a new token, so nothing remembered before counts.
        cache.add(_RULES_TOKEN_KEY, secrets.token_hex(8), timeout=None)
        token = cache.get(_RULES_TOKEN_KEY)
    return token


def _user_key(user: User) -> str:
    return f"accounts:mfa-org-rule:{user.pk}:{_rules_token()}"


def organisation_rules_changed() -> None:
    """Called after an organisation's rule changes: every person's answer is asked again."""
    cache.set(_RULES_TOKEN_KEY, secrets.token_hex(8), timeout=None)


def forget_organisation_rule(user: User) -> None:
    """Called after ``user``'s verified affiliations change."""
    cache.delete(_user_key(user))


def organisation_rule_applies(user: User) -> bool:
    """Whether an organisation's rule covers ``user`` (remembered, see the module)."""
    if not getattr(user, "is_authenticated", False):
        return False
    key = _user_key(user)
    applies = cache.get(key)
    if applies is None:
        applies = bool(organisations_requiring_mfa(user))
        cache.set(key, applies, timeout=RECHECK_SECONDS)
    return applies


def mfa_required(user: User) -> bool:
    """Whether ``user`` must have two-factor sign-in."""
    return host_admin_rule_applies(user) or organisation_rule_applies(user)


def has_second_factor(user: User) -> bool:
    return is_mfa_enabled(user, types=list(SECOND_FACTOR_TYPES))


def mfa_setup_required(user: User) -> bool:
    """Whether ``user`` must set up two-factor sign-in before doing anything else."""
    if not getattr(user, "is_authenticated", False):
        return False
    return mfa_required(user) and not has_second_factor(user)


def mfa_requirement_reason(user: User) -> str:
    """Why, in a sentence's words, for the message on the setup page."""
    names = [org.name for org in organisations_requiring_mfa(user)]
    if host_admin_rule_applies(user) and names:
        return _("you are a host admin and %(orgs)s require it for their staff") % {
            "orgs": ", ".join(names)
        }
    if host_admin_rule_applies(user):
        return _("you are a host admin")
    if len(names) == 1:
        return _("%(org)s requires it for its staff") % {"org": names[0]}
    return _("%(orgs)s require it for their staff") % {"orgs": ", ".join(names)}
