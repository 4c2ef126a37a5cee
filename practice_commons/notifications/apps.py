from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "practice_commons.notifications"
    verbose_name = "Notifications"

    def ready(self):
        # The organisation audience belongs to accounts, which sits below us, so we
        # register it here; higher apps register their own audiences and sections.
        from . import registry

        registry.register_builtin_audiences()
