from django.core.paginator import Paginator

from practice_commons.core.pagination import query_string_without_page

PAGE_SIZE = 20


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def paging_context(request, queryset, size: int = PAGE_SIZE) -> dict:
    return {
        "page_obj": page_of(request, queryset, size),
        "query_string": query_string_without_page(request),
    }
