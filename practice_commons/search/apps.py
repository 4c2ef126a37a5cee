from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "practice_commons.search"
    verbose_name = "Search"

    def ready(self):
        from . import handlers, registrations

        handlers.connect()
        registrations.register()
