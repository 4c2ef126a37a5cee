"""Domain errors from services become the right page, mapped in one place."""

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from practice_commons.core.errors import Conflict, NotFound, PermissionDenied
from practice_commons.core.middleware import DomainErrorMiddleware


def _through_middleware(exc):
    request = RequestFactory().get("/")
    middleware = DomainErrorMiddleware(lambda r: HttpResponse())
    return middleware.process_exception(request, exc)


def test_not_found_becomes_django_404_with_its_message():
    from django.http import Http404

    with pytest.raises(Http404, match="No such community"):
        _through_middleware(NotFound("No such community"))


def test_conflict_renders_a_409_page_that_says_what_happened(db):
    response = _through_middleware(Conflict("This newsletter has already been sent."))
    assert response.status_code == 409
    page = response.content.decode()
    assert "This newsletter has already been sent." in page
    assert "This cannot be done now" in page


def test_permission_denied_is_djangos_own_403():
    assert issubclass(PermissionDenied, DjangoPermissionDenied)
    assert _through_middleware(PermissionDenied()) is None
    assert str(PermissionDenied()) == "You do not have permission to do that."


def test_other_exceptions_are_left_alone():
    assert _through_middleware(ValueError("bug")) is None
