from django.apps import AppConfig


class CpdConfig(AppConfig):
    name = "practice_commons.cpd"
    verbose_name = "CPD"

    def ready(self):
        # events sits below cpd and never imports it: it sends ``attendance_recorded``
        # after commit, and this one handler makes the draft record.
        from practice_commons.events.signals import attendance_recorded

        from .handlers import on_attendance_recorded

        attendance_recorded.connect(
            on_attendance_recorded, dispatch_uid="cpd.draft_from_attendance"
        )
