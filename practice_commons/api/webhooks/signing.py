"""The delivery signature: ``X-Practice-Commons-Signature: t=<unix time>,v1=<hex>``, where
the hex is HMAC-SHA256, keyed with the endpoint's secret, of the decimal unix time, a dot,
and the exact bytes of the request body. Receivers recompute it and compare in constant
time, and refuse old timestamps to defeat replays by a third party."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Practice-Commons-Signature"


def signature(*, secret: str, timestamp: int, body: bytes) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(*, secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret=secret, timestamp=timestamp, body=body)}"


def verify(*, secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does (used by the tests and shown in the README)."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, parts.get("v1", ""))
