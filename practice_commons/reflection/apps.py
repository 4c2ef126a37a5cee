from django.apps import AppConfig


class ReflectionConfig(AppConfig):
    name = "practice_commons.reflection"
    verbose_name = "Reflective peer sessions"

    def ready(self):
        # events sits below reflection: when it records someone's attendance (from this
        # app's live view or the event's own pages) it sends ``attendance_recorded``
        # after commit, and one thin handler here asks that attendee for feedback.
        from practice_commons.events.signals import attendance_recorded

        from . import registrations
        from .handlers import on_attendance_recorded

        attendance_recorded.connect(
            on_attendance_recorded, dispatch_uid="reflection.feedback_request"
        )
        registrations.register()
