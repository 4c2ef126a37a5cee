from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "practice_commons.search"
    verbose_name = "Search"
