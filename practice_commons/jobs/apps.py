from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "practice_commons.jobs"
    verbose_name = "Jobs"

    def ready(self):
        from . import seeding  # noqa: F401 - registers the seeder
