import pytest
from django.test import RequestFactory

from practice_commons.core.http import safe_next_url


@pytest.mark.parametrize(
    ("candidate", "secure", "expected"),
    [
        ("/communities/", False, "/communities/"),
        ("http://testserver/communities/", False, "http://testserver/communities/"),
        ("https://evil.example/", False, "/fallback/"),
        ("//evil.example/", False, "/fallback/"),
        ("http://testserver/communities/", True, "/fallback/"),  # no https -> http
        ("", False, "/fallback/"),
        ("community", False, "/fallback/"),  # redirect() would take it for a URL name
        ("\U0001f469\u200d\U0001f4bb", False, "/fallback/"),
        (None, False, "/fallback/"),
    ],
)
def test_safe_next_url_only_stays_on_this_site(candidate, secure, expected):
    request = RequestFactory().post("/", secure=secure)
    assert safe_next_url(request, candidate, "/fallback/") == expected
