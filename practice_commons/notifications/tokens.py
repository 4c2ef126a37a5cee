"""Unsubscribe tokens: signed (not stored), one per person and kind of email.

They never expire, because an unsubscribe link in an old email must keep working; a
token can only ever switch one kind of email off for one person, so a leaked token
does no more harm than that.
"""

from django.core import signing

_SALT = "practice_commons.notifications.unsubscribe"


def make_unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": int(user_id), "k": kind}, salt=_SALT, compress=False)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("u"), int)
        or not isinstance(data.get("k"), str)
    ):
        return None
    return data["u"], data["k"]
