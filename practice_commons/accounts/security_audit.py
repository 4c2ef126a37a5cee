"""Security events in the audit trail: signing in and out, failed and refused sign-ins,
password and two-factor changes (Django's and allauth's signals; connected in
``apps.AccountsConfig.ready``).

What an entry may hold, and nothing more: who (the account, when known), what
(``account.*``), the sign-in method's name (``password``, ``mfa``, ``code``, ``sso``) and
the second factor's type (``totp``, ``recovery_codes``, ``webauthn``), and for a failed or
refused sign-in only the domain of the address typed (``riverside.example``). Never a
password, a code, a token, the full address typed or anything a person wrote.
"""

from allauth.account import signals as account_signals
from allauth.account.authentication import get_authentication_records
from allauth.mfa import signals as mfa_signals
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.dispatch import receiver

from .models import User
from .services import audit_record

# allauth's names for the steps of a sign-in, as the trail names them.
_METHODS = {"password": "password", "code": "code", "socialaccount": "sso", "mfa": "mfa"}
_MFA_TYPES = {"totp", "recovery_codes", "webauthn"}
_ADDRESS_KEYS = ("email", "username", "login")


def attempted_domain(credentials) -> str:
    """The domain of the address someone typed to sign in, or "" when what they typed is
    not an email address (it might be a password typed in the wrong box)."""
    for key in _ADDRESS_KEYS:
        value = (credentials or {}).get(key)
        if isinstance(value, str) and value.strip():
            address = value.strip()
            try:
                validate_email(address)
            except ValidationError:
                return ""
            return address.rsplit("@", 1)[1].lower()[:253]
    return ""


def sign_in_data(request, user) -> dict:
    """How this sign-in was made, from allauth's record of the session's authentication
    steps: ``method`` (``mfa`` when a second factor completed it), and the second factor's
    ``mfa_type``. Empty when unknown (the Django admin's form, a test's ``force_login``)."""
    session = getattr(request, "session", None)
    if session is None:
        return {}
    steps = [r.get("method") for r in get_authentication_records(request, user)]
    data: dict = {}
    if "mfa" in steps:
        data["method"] = "mfa"
        kinds = [
            r.get("type")
            for r in get_authentication_records(request, user)
            if r.get("method") == "mfa" and r.get("type") in _MFA_TYPES
        ]
        if kinds:
            data["mfa_type"] = kinds[-1]
    else:
        known = [_METHODS[s] for s in steps if s in _METHODS]
        if known:
            data["method"] = known[-1]
    return data


def _signed_in(request):
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None


@receiver(user_logged_in, dispatch_uid="accounts.audit_sign_in")
def record_sign_in(sender, request, user, **kwargs):
    audit_record(
        actor=user, action="account.sign_in", target=user, data=sign_in_data(request, user)
    )


@receiver(user_login_failed, dispatch_uid="accounts.audit_sign_in_failed")
def record_sign_in_failed(sender, credentials, request=None, **kwargs):
    # Signed in already: a wrong password when asked to confirm it again.
    actor = _signed_in(request)
    data = {"domain": attempted_domain(credentials)}
    if actor is not None:
        data["reauthentication"] = True
    audit_record(actor=actor, action="account.sign_in_failed", data=data)


def record_sign_in_locked(*, request, credentials) -> None:
    """A sign-in refused because of too many failed ones (allauth's ``login_failed`` rate
    limit); called by ``adapter.AccountAdapter.pre_authenticate``."""
    audit_record(
        actor=_signed_in(request),
        action="account.sign_in_locked",
        data={"domain": attempted_domain(credentials)},
    )


@receiver(user_logged_out, dispatch_uid="accounts.audit_sign_out")
def record_sign_out(sender, request, user, **kwargs):
    # Signing out straight after deleting one's account: nobody left to record.
    pk = getattr(user, "pk", None)
    if pk is None or not User.objects.filter(pk=pk).exists():
        return
    audit_record(actor=user, action="account.sign_out", target=user)


def _password(how):
    def record(sender, request, user, **kwargs):
        audit_record(actor=user, action="account.password_changed", target=user, data={"how": how})

    return record


_password_changed = _password("changed")
_password_set = _password("set")
_password_reset = _password("reset")
account_signals.password_changed.connect(_password_changed, dispatch_uid="accounts.audit_pw_c")
account_signals.password_set.connect(_password_set, dispatch_uid="accounts.audit_pw_s")
account_signals.password_reset.connect(_password_reset, dispatch_uid="accounts.audit_pw_r")


def _mfa_data(authenticator) -> dict:
    kind = getattr(authenticator, "type", "")
    return {"type": kind} if kind in _MFA_TYPES else {}


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts.audit_mfa_added")
def record_mfa_activated(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user, action="account.mfa_activated", target=user, data=_mfa_data(authenticator)
    )


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts.audit_mfa_removed")
def record_mfa_deactivated(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user, action="account.mfa_deactivated", target=user, data=_mfa_data(authenticator)
    )


@receiver(mfa_signals.authenticator_reset, dispatch_uid="accounts.audit_mfa_reset")
def record_recovery_codes_regenerated(sender, request, user, authenticator, **kwargs):
    audit_record(
        actor=user,
        action="account.mfa_recovery_codes_regenerated",
        target=user,
        data=_mfa_data(authenticator),
    )
