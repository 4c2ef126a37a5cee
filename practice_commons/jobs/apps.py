from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "practice_commons.jobs"
    verbose_name = "Jobs"
