from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "practice_commons.library"
    verbose_name = "Library"
