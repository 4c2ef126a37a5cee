from django.apps import AppConfig


class ConfidentialityConfig(AppConfig):
    name = "practice_commons.confidentiality"
    verbose_name = "Confidentiality guard"
