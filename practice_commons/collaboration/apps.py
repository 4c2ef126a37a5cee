from django.apps import AppConfig


class CollaborationConfig(AppConfig):
    name = "practice_commons.collaboration"
    verbose_name = "Collaboration"
