from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors


@login_required
def record_list(request):
    page = Paginator(selectors.records_for(request.user), 25).get_page(request.GET.get("page"))
    return render(request, "cpd/record_list.html", {"page_obj": page})
