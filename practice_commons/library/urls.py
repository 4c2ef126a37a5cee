from django.urls import path

from . import views
from .feeds import LibraryFeed

app_name = "library"

urlpatterns = [
    path("", views.home, name="home"),
    path("feed.atom", LibraryFeed(), name="feed"),
    path("new/<slug:kind>/", views.item_new, name="new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/edit/", views.item_edit, name="edit"),
    path("items/<int:pk>/submit/", views.item_submit, name="submit"),
    path("items/<int:pk>/review/", views.item_review, name="review"),
    path("items/<int:pk>/endorse/", views.item_endorse, name="endorse"),
    path("items/<int:pk>/reflect/", views.item_reflect, name="reflect"),
    path("items/<int:pk>/versions/", views.item_versions, name="versions"),
    path(
        "items/<int:pk>/files/<int:attachment>/",
        views.attachment_download,
        name="attachment",
    ),
    path("review/", views.review_queue, name="review_queue"),
    path("drafts/", views.drafts, name="drafts"),
    path(
        "solutions/from-thread/<int:thread_id>/",
        views.solution_for_thread,
        name="solution_for_thread",
    ),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/suggest/", views.glossary_suggest, name="glossary_suggest"),
    path("glossary/<int:pk>/decide/", views.glossary_decide, name="glossary_decide"),
    path("map/", views.knowledge_map, name="map"),
    path("map.csv", views.knowledge_map_csv, name="map_csv"),
    path("communities/<slug:slug>/map/", views.knowledge_map, name="community_map"),
]
