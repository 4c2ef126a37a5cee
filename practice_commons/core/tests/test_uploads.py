"""The plain-text upload check and the size limits held as settings (core/uploads.py)."""

import pytest

from practice_commons.core.uploads import (
    UploadRejected,
    check_plain_text,
    check_size,
    max_upload_bytes,
)

CSV = "name,email\nZoë Adams,zoe@example.org\n".encode()


@pytest.mark.parametrize("content", [CSV, b"\xef\xbb\xbf" + CSV, b"a;b\r\n1;2\r\n"])
def test_plain_text_is_accepted(content):
    check_plain_text(content, "onboarding_csv")


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.7\n...",
        b"<html><script>alert(1)</script></html>",
        b'  <svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"<?xml version='1.0'?><a/>",
        b"MZ\x90\x00\x03\x00\x00\x00",
        b"\x7fELF\x02\x01\x01",
        b"PK\x03\x04\x14\x00",
        b"\x89PNG\r\n\x1a\n",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "name,email\n".encode("utf-16"),
    ],
)
def test_anything_else_is_refused_whatever_its_name(content):
    with pytest.raises(UploadRejected, match="must be a CSV file"):
        check_plain_text(content, "onboarding_csv")


def test_limits_come_from_settings(settings):
    assert max_upload_bytes("attachment") == 10 * 1024 * 1024
    settings.UPLOAD_MAX_BYTES = {"register_csv": 3000}
    assert max_upload_bytes("register_csv") == 3000
    assert max_upload_bytes("onboarding_csv") == 2 * 1024 * 1024  # default for a missing kind
    check_size(3000, "register_csv")
    with pytest.raises(UploadRejected, match="smaller than 2 KB"):
        check_size(3001, "register_csv")
    with pytest.raises(UploadRejected, match="smaller than 2 KB"):
        check_plain_text(b"a" * 3001, "register_csv")
