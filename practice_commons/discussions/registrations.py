"""What discussions registers with the apps below it (run from ``AppConfig.ready()``):

* two panels on the community page: recent threads and solved threads;
* three digest sections (``digest.py``);
* ``Thread``, ``Post`` and ``Message`` as reportable content for safeguarding.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from practice_commons.communities.panels import register_panel
from practice_commons.notifications.digest import register_section
from practice_commons.safeguarding.services import register_reportable

from . import digest, selectors, services
from .models import Message, Post, Thread


def _render_threads_panel(request, community, *, solved: bool):
    """One query a panel. Rendered without the request: the panel needs only what it is
    given, and the page's context processors have run once already for the page."""
    threads = (
        selectors.solved_threads(request.user, community)
        if solved
        else selectors.recent_threads(request.user, community)
    )
    return render_to_string(
        "discussions/includes/community_panel.html",
        {"community": community, "threads": threads, "solved": solved, "user": request.user},
    )


def render_recent_threads(request, community):
    return _render_threads_panel(request, community, solved=False)


def render_solved_threads(request, community):
    return _render_threads_panel(request, community, solved=True)


def _opening_post(thread: Thread) -> Post | None:
    return thread.posts.filter(is_opening=True).first()


def _thread_texts(thread: Thread) -> dict[str, str]:
    opening = _opening_post(thread)
    texts = {"Title": thread.title, "Message": opening.body if opening else ""}
    texts.update({k: v for k, v in (thread.details or {}).items() if isinstance(v, str)})
    return texts


def _thread_redact(thread: Thread, *, actor) -> None:
    opening = _opening_post(thread)
    if opening is not None:
        services.post_redact_for_safeguarding(opening, actor=actor)


def _thread_remove(thread: Thread, *, actor) -> None:
    opening = _opening_post(thread)
    if opening is not None:
        services.post_remove_for_safeguarding(opening, actor=actor)


def _message_remove(message: Message, *, actor) -> None:
    """A reported message stays held (hidden for good); nothing else to do."""


def register() -> None:
    register_panel(
        "recent_threads", title=_("Recent threads"), render=render_recent_threads, order=10
    )
    register_panel(
        "solved_threads", title=_("Solved threads"), render=render_solved_threads, order=20
    )

    register_section(
        "discussions_new",
        title=_("New threads and answers in your communities"),
        builder=digest.new_threads_and_answers,
        order=20,
    )
    register_section(
        "discussions_solved", title=_("Solved threads"), builder=digest.solved_threads, order=25
    )
    register_section(
        "discussions_requests",
        title=_("Open requests for information you could answer"),
        builder=digest.open_requests,
        order=30,
    )

    register_reportable(
        Thread,
        label=_("Thread"),
        scope=lambda t: t.community,
        owner=lambda t: t.author,
        url=lambda t: t.get_absolute_url(),
        title=lambda t: t.title,
        texts=_thread_texts,
        redact=_thread_redact,
        remove=_thread_remove,
    )
    register_reportable(
        Post,
        label=_("Post"),
        scope=lambda p: p.thread.community,
        owner=lambda p: p.author,
        url=lambda p: p.get_absolute_url(),
        title=lambda p: _("Reply in “%(title)s”") % {"title": p.thread.title},
        texts=lambda p: {"Message": p.body},
        redact=lambda p, *, actor: services.post_redact_for_safeguarding(p, actor=actor),
        remove=lambda p, *, actor: services.post_remove_for_safeguarding(p, actor=actor),
    )
    register_reportable(
        Message,
        label=_("Private message"),
        scope=lambda m: None,
        owner=lambda m: m.sender,
        url=None,
        title=lambda m: _("Private message"),
        texts=lambda m: {"Message": m.body},
        redact=lambda m, *, actor: services.message_redact_for_safeguarding(m, actor=actor),
        remove=_message_remove,
    )


register()
