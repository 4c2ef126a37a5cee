"""Answers kept apart from identity: a pseudonymous subject key and a sealed envelope.

``subject_key(user_id)`` is HMAC-SHA256 of the user id under a key derived from the
wellbeing secret (``settings.WELLBEING_PSEUDONYM_KEY``, or, when that is empty, the
``SECRET_KEY`` with its own salt). The same person always gets the same key, so their
own trends and "delete all my answers" work, but nobody can go from a key back to a
person, or from a person to their key, without the secret.

``seal``/``unseal`` encrypt (Fernet: AES-128-CBC with HMAC-SHA256) what could narrow a
response down to a person: the day it was given and the group slugs it counts in. A
database reader sees the month, the scores and an opaque token.

Rotating the secret orphans every stored answer (their keys no longer match anyone
and their envelopes no longer open); the README says so.
"""

import base64
import hashlib
import hmac
import json

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _secret() -> bytes:
    configured = getattr(settings, "WELLBEING_PSEUDONYM_KEY", "") or ""
    if configured:
        return configured.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"practice-commons.wellbeing.pseudonym", hashlib.sha256
    ).digest()


def _derived(purpose: bytes) -> bytes:
    return hmac.new(_secret(), purpose, hashlib.sha256).digest()


def subject_key(user_id: int) -> str:
    """The pseudonymous key of a person's answers (64 hex characters)."""
    return hmac.new(
        _derived(b"subject"), f"user:{int(user_id)}".encode(), hashlib.sha256
    ).hexdigest()


def link_token(user_id: int, answer_id) -> str:
    """What a page address carries instead of an answer's id. Access logs record
    addresses with times and IP addresses; an id there would tie a person to their row
    (and so to every answer under the same key). The token means nothing without the
    secret, and differs for each person."""
    return hmac.new(
        _derived(b"link"), f"{int(user_id)}:{answer_id}".encode(), hashlib.sha256
    ).hexdigest()[:32]


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derived(b"seal")))


def seal(data: dict) -> str:
    return _fernet().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict:
    """The envelope's contents; ``{}`` if it cannot be opened (the secret changed)."""
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except (InvalidToken, ValueError):
        return {}
