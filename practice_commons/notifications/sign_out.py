"""Signing out removes the push subscriptions made from that signed-in session, so a
shared or handed-back phone stops receiving the person's notifications; their other
devices keep theirs. ``user_logged_out`` is sent before the session is flushed, so its
key still names the session here."""

from django.contrib.auth.signals import user_logged_out

from . import services


def on_sign_out(sender, request, user, **kwargs) -> None:
    session = getattr(request, "session", None)
    services.push_unsubscribe_session(user=user, session_key=getattr(session, "session_key", None))


def register() -> None:
    user_logged_out.connect(on_sign_out, dispatch_uid="notifications.push_sign_out")
