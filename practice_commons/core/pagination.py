"""Pagination links that keep a list page's filters.

``core/includes/pagination.html`` puts ``query_string`` (when the view gives one) in
front of ``page=`` on its previous and next links.
"""


def query_string_without_page(request) -> str:
    """The request's query string without ``page``, for links to other pages."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
