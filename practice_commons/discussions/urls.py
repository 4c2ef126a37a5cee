"""Thread pages, mounted under ``communities/<slug:community_slug>/threads/``."""

from django.urls import path

from . import views

app_name = "discussions"

post = "<int:pk>/posts/<int:post_pk>/"

urlpatterns = [
    path("", views.thread_list, name="list"),
    path("new/", views.thread_new, name="new"),
    path("follow/", views.community_follow, name="community_follow"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("<int:pk>/", views.thread_detail, name="thread"),
    path("<int:pk>/reply/", views.thread_reply, name="reply"),
    path("<int:pk>/follow/", views.thread_follow, name="follow"),
    path("<int:pk>/moderate/", views.thread_moderate, name="moderate"),
    path("<int:pk>/move/", views.thread_move, name="move"),
    path("<int:pk>/reveal/", views.thread_reveal, name="reveal"),
    path("<int:pk>/library/", views.thread_library, name="library"),
    path("<int:pk>/poll/new/", views.poll_new, name="poll_new"),
    path("<int:pk>/poll/vote/", views.poll_vote, name="poll_vote"),
    path(post + "edit/", views.post_edit, name="post_edit"),
    path(post + "delete/", views.post_delete, name="post_delete"),
    path(post + "react/", views.post_react, name="post_react"),
    path(post + "answer/", views.post_answer, name="post_answer"),
    path(post + "history/", views.post_history, name="post_history"),
    path(post + "hide/", views.post_hide, name="post_hide"),
    path(post + "unhide/", views.post_unhide, name="post_unhide"),
]
