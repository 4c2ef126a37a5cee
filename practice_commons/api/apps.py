from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "practice_commons.api"
    verbose_name = "JSON API"

    def ready(self):
        # Wires between apps of one layer that never import each other (see wiring.py).
        from . import wiring

        wiring.connect()
