"""Stored private files leave only as downloads that no browser renders as this site."""

import io

from practice_commons.core.http import private_file_response


def test_a_private_file_is_a_sandboxed_download_with_its_name_encoded():
    response = private_file_response(
        io.BytesIO(b"<svg onload=alert(1)>"),
        filename="plan “final”.svg",
        content_type="image/svg+xml",
    )
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''plan%20%E2%80%9Cfinal%E2%80%9D.svg" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert b"".join(response.streaming_content) == b"<svg onload=alert(1)>"
