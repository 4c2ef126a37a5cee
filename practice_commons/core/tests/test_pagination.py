from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory

from practice_commons.core.pagination import query_string_without_page


def test_query_string_without_page_keeps_the_filters():
    request = RequestFactory().get("/", {"q": "kinship care", "page": "3", "topic": "neglect"})
    assert query_string_without_page(request) == "q=kinship+care&topic=neglect"


def test_pagination_links_keep_the_query_string_when_given():
    page = Paginator(range(30), 10).get_page(2)
    plain = render_to_string("core/includes/pagination.html", {"page_obj": page})
    assert 'href="?page=1"' in plain and 'href="?page=3"' in plain
    filtered = render_to_string(
        "core/includes/pagination.html", {"page_obj": page, "query_string": "q=care"}
    )
    assert 'href="?q=care&amp;page=1"' in filtered and 'href="?q=care&amp;page=3"' in filtered
