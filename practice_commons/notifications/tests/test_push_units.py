"""Device names from User-Agents, and the VAPID key command."""

import base64
import io

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.management import call_command

from practice_commons.notifications.devices import device_label


def _decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.mark.parametrize(
    ("user_agent", "label"),
    [
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Mac",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        ("", ""),
        ("curl/8.5.0", ""),
    ],
)
def test_device_labels(user_agent, label):
    assert device_label(user_agent) == label


def test_generate_vapid_keys_prints_a_working_pair(settings):
    settings.DEFAULT_FROM_EMAIL = "Riverside Practice <hello@riverside.example>"
    out = io.StringIO()
    call_command("generate_vapid_keys", stdout=out)
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert set(lines) == {
        "WEB_PUSH_VAPID_PUBLIC_KEY",
        "WEB_PUSH_VAPID_PRIVATE_KEY",
        "WEB_PUSH_VAPID_SUBJECT",
    }
    assert lines["WEB_PUSH_VAPID_SUBJECT"] == "mailto:hello@riverside.example"
    number = int.from_bytes(_decode(lines["WEB_PUSH_VAPID_PRIVATE_KEY"]), "big")
    derived = ec.derive_private_key(number, ec.SECP256R1()).public_key()
    point = derived.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    assert _decode(lines["WEB_PUSH_VAPID_PUBLIC_KEY"]) == point
    assert len(point) == 65
