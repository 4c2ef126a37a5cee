"""Telling a person that their account's sign-in has been paused.

When the failed sign-ins for one account pass allauth's per-account limit
(``ACCOUNT_RATE_LIMITS["login_failed"]``, the ``key`` part), allauth refuses further
attempts for a while. The account holder gets one email about it (at most one per
``LOCKOUT_NOTICE_SECONDS``, however many attempts follow), so a person whose password
is being guessed hears of it. The page the attacker sees is the same whether or not the
address has an account: nothing here changes the response.
"""

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

TEMPLATE = "account/email/sign_in_locked"


def notify_locked_account(*, request, credentials) -> bool:
    """Email the holder of the account ``credentials`` name, once per notice window;
    True if an email went."""
    address = _verified_address(credentials)
    if address is None:
        return False
    key = f"accounts:lockout-notice:{address.user_id}"
    if not cache.add(key, True, settings.LOCKOUT_NOTICE_SECONDS):
        return False
    adapter = get_adapter(request)
    context = {
        "timestamp": timezone.now(),
        "ip": adapter.get_client_ip(request),
    }
    adapter.send_mail(TEMPLATE, address.email, context)
    return True


def _verified_address(credentials) -> EmailAddress | None:
    email = (credentials.get("email") or credentials.get("login") or "").strip()
    if not email:
        return None
    return (
        EmailAddress.objects.filter(email__iexact=email, verified=True)
        .select_related("user")
        .filter(user__is_active=True)
        .first()
    )
