"""Private messages, mounted under ``messages/``."""

from django.urls import path

from .views import messages as views

app_name = "messages"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.conversation_new, name="new"),
    path("blocked/", views.blocked_list, name="blocked"),
    path("people/<int:user_id>/block/", views.block, name="block"),
    path("<int:pk>/", views.conversation_detail, name="conversation"),
    path("<int:pk>/leave/", views.conversation_leave, name="leave"),
]
