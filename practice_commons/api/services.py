"""Creating, using and revoking personal access tokens."""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts

from .models import ApiToken, hash_token

TOKEN_PREFIX = "pc_"  # noqa: S105 - a public marker on every token, not a secret
MAX_TOKENS_PER_USER = 20
# Every token expires: a leaked token that never expires is a standing risk.
MAX_TOKEN_DAYS = 365


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once, never stored


@transaction.atomic
def api_token_create(
    *,
    actor,
    user,
    name: str,
    days_valid: int = 90,
    scope: str = ApiToken.Scope.READ,
    confidentiality_acknowledged: bool = False,
) -> IssuedToken:
    if actor.pk != user.pk and not actor.is_host_admin:
        raise PermissionDenied(_("You can only create tokens for yourself."))
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Enter a name for the token.")})
    if not isinstance(days_valid, int) or not 1 <= days_valid <= MAX_TOKEN_DAYS:
        raise ValidationError(
            {
                "days_valid": _("A token must expire: choose between 1 and %(max)s days.")
                % {"max": MAX_TOKEN_DAYS}
            }
        )
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("Choose what the token may do: read, write or admin.")})
    if len(name) > 100:
        raise ValidationError({"name": _("The name must be 100 characters or fewer.")})
    guard_texts(texts={"name": name}, acknowledged=confidentiality_acknowledged)
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_TOKENS_PER_USER:
        raise ValidationError(
            _("You have %(n)s active tokens: revoke one before creating another.")
            % {"n": MAX_TOKENS_PER_USER}
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:10],
        digest=hash_token(raw),
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days_valid),
    )
    audit_record(actor=actor, action="api_token.create", target=token, data={"scope": scope})
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if actor.pk != token.user_id and not actor.is_host_admin:
        raise PermissionDenied(_("You can only revoke your own tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(actor=actor, action="api_token.revoke", target=token)
    return token


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The token (its ``user`` loaded) if it is valid and the account active, else None."""
    if not raw or not raw.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(digest=hash_token(raw)).first()
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
