"""Pages: the results page (``/search/?q=``) and the thread form's suggestions
(``/search/suggest/``, an htmx fragment). Thin: the form, one selector, a template."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .forms import SearchForm
from .models import Kind


@require_GET
def results(request):
    form = SearchForm(request.GET or None)
    page = None
    community = selectors.community_filter(request.user, request.GET.get("community", ""))
    cursor_error = ""
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.Filters(
            kind=data["kind"],
            community=community,
            profession=data["profession"],
            nation=data["nation"],
            since=data["since"],
        )
        try:
            page = selectors.search(
                request.user, data["q"], filters=filters, cursor=request.GET.get("cursor")
            )
        except ValueError:
            # The only refusal: a cursor this search did not give (the API says it in English).
            cursor_error = _("That cursor is not one this search gave.")
    return render(
        request,
        "search/results.html",
        {
            "form": form,
            "page": page,
            "community": community,
            "cursor_error": cursor_error,
            "kinds": [(value, label) for value, label in Kind.choices],
            "base_query": _without(request, "cursor", "kind"),
            "paging_query": _without(request, "cursor"),
        },
        status=400 if cursor_error else 200,
    )


def _without(request, *names) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@require_GET
def suggest(request):
    """Solutions and threads that may already answer the title being typed."""
    text = request.GET.get("title") or request.GET.get("q") or ""
    found = selectors.suggestions(request.user, text[:200])
    return render(request, "search/includes/suggestions.html", {"suggestions": found, "text": text})
