"""What every discussions page shares: resolving the community, thread and post from the
URL (``NotFound`` for anything the reader may not see, never 403), htmx-aware rendering,
and running a service for a form."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.forms import FormWrite, write_from_form

from .. import selectors


def community_for(request, slug):
    """The community, with the reader's membership fetched once for the page (no page of
    this app changes memberships)."""
    return community_selectors.community_for_reader(request.user, slug, prime=True)


def thread_for(request, community_slug, pk):
    """The community and the thread, which must belong to it (one query for both)."""
    thread = selectors.thread_for_reader(request.user, pk, community_slug=community_slug)
    return thread.community, thread


def post_for(request, community_slug, pk, post_pk):
    community, thread = thread_for(request, community_slug, pk)
    return community, thread, selectors.post_for_reader(request.user, thread, post_pk)


def int_or(value, default=None):
    """``value`` as an int, or ``default`` for anything a person could type that is not one."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def is_htmx(request) -> bool:
    return bool(getattr(request, "htmx", False))


def render_page(request, template, context, status=200):
    """Render; htmx swaps need a 200 to be applied, so an htmx partial is always 200."""
    response = render(request, template, context, status=200 if is_htmx(request) else status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def back_to(thread, anchor=""):
    return redirect(f"{thread.get_absolute_url()}{anchor}")


def write_or_refuse(form, service, /, **kwargs) -> tuple[FormWrite, int]:
    """``write_from_form``, and the status to show the form again with.

    A ``PermissionDenied`` from the service (muted, the group rules changed, the thread
    was locked meanwhile) is shown on the form too, with a 403, so the person reads why
    instead of a bare error page.
    """
    try:
        return write_from_form(form, service, **kwargs), 200
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("You cannot do that."))
        return FormWrite(ok=False), 403
