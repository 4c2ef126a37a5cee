import importlib.util

from django.apps import AppConfig


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


class CpdConfig(AppConfig):
    name = "practice_commons.cpd"
    verbose_name = "CPD"

    def ready(self):
        # Lower apps never import cpd: they send a signal after commit, and one thin
        # handler here makes the draft record. events (and reflective sessions, through
        # events) send ``attendance_recorded``; library and collaboration send theirs
        # once they exist (see the README for each payload).
        from practice_commons.events.signals import attendance_recorded
        from practice_commons.notifications.scheduler import register_job

        from . import handlers, tasks

        attendance_recorded.connect(
            handlers.on_attendance_recorded, dispatch_uid="cpd.draft_from_attendance"
        )
        if _module_exists("practice_commons.library.signals"):
            library_signals = importlib.import_module("practice_commons.library.signals")
            signal = getattr(library_signals, "item_reflected", None)
            if signal is not None:
                signal.connect(
                    handlers.on_library_item_reflected, dispatch_uid="cpd.draft_from_library"
                )
        if _module_exists("practice_commons.collaboration.signals"):
            collaboration_signals = importlib.import_module(
                "practice_commons.collaboration.signals"
            )
            signal = getattr(collaboration_signals, "shadowing_completed", None)
            if signal is not None:
                signal.connect(
                    handlers.on_shadowing_completed, dispatch_uid="cpd.draft_from_shadowing"
                )
        register_job("cpd-reminders", tasks.send_cpd_reminders.enqueue, hour=8, minute=0)
