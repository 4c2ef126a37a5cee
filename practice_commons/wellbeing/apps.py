from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "practice_commons.wellbeing"
    verbose_name = "Wellbeing"
