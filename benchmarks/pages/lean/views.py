from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .models import Post, Thread

POSTS_PER_PAGE = 20


def bare(request):
    return HttpResponse(b"ok", content_type="text/plain")


def thread(request, pk):
    """The same posts as the thread page, in two queries."""
    item = get_object_or_404(Thread.objects.only("title", "reply_count"), pk=pk)
    posts = (
        Post.objects.filter(thread_id=pk)
        .select_related("author")
        .only("number", "body", "created_at", "author__full_name")
        .order_by("number")[:POSTS_PER_PAGE]
    )
    return render(request, "lean/thread.html", {"thread": item, "posts": posts})
