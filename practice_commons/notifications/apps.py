from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "practice_commons.notifications"
    verbose_name = "Notifications"

    def ready(self):
        # Imported here because models must be loaded first (Django's rule for ready()).
        # Importing tasks binds them to ``jobs``, through which services queue work.
        from . import registry, tasks  # noqa: F401

        # The organisation audience belongs to accounts, which sits below us, so we
        # register it here; higher apps register their own audiences and sections.
        registry.register_builtin_audiences()

        # accounts tells us when its membership register changes someone's membership.
        from . import host_membership

        host_membership.register()

        # ... and when a person's data archive is ready (and old ones must be deleted).
        from . import data_exports

        data_exports.register()

        # Signing out removes the push subscriptions made from that session.
        from . import sign_out

        sign_out.register()

        # The retention rules' daily jobs (accounts' rules too: it sits below us).
        from . import retention

        retention.register()
