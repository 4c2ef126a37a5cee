"""What discussions registers with the apps below it (run from ``AppConfig.ready()``):

* three panels on the community page: open questions, recent threads and solved threads
  (each thread in one of them only);
* three digest sections (``digest.py``);
* ``Thread``, ``Post`` and ``Message`` as reportable content for safeguarding.
"""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.panels import register_panel
from practice_commons.core.errors import NotFound
from practice_commons.notifications.digest import register_section
from practice_commons.safeguarding.services import register_reportable

from . import digest, selectors, services
from .models import Message, Post, Thread

# The community page's thread panels, in the order people read them: open questions
# first (what is happening), then other recent threads, then what was solved. A thread
# appears in one panel only; the three lists cost one query for the whole page.
OPEN_QUESTIONS, RECENT, SOLVED = "open_questions", "recent_threads", "solved_threads"
PANEL_SIZE = 5


def _community_threads(request, community) -> dict:
    """The three panels' threads, worked out once a request (the panels render one after
    another from the same request)."""
    cache = request.__dict__.setdefault("_community_thread_panels", {})
    if community.pk not in cache:
        cache[community.pk] = _split_threads(request.user, community)
    return cache[community.pk]


def _split_threads(user, community) -> dict:
    membership = community_selectors.membership_of(user, community)
    last_visit = membership.last_visited_at if membership else None
    latest, solved = selectors.latest_and_solved(
        user, community, latest=PANEL_SIZE * 3, solved=PANEL_SIZE
    )
    open_questions = [t for t in latest if not t.is_solved and t.kind in selectors.QUESTION_KINDS][
        :PANEL_SIZE
    ]
    shown = {t.pk for t in open_questions}
    # Solved threads have their own panel, so "recent" is the other live conversations.
    recent = [t for t in latest if t.pk not in shown and not t.is_solved][:PANEL_SIZE]
    lists = {OPEN_QUESTIONS: open_questions, RECENT: recent, SOLVED: solved}
    for threads in lists.values():
        selectors.decorate_threads(user, threads, last_visit=last_visit)
    lists["any"] = bool(latest)
    return lists


def _render_threads_panel(request, community, *, which: str):
    """Rendered without the request: the panel needs only what it is given, and the
    page's context processors have run once already for the page."""
    lists = _community_threads(request, community)
    threads = lists[which]
    if which == OPEN_QUESTIONS and not threads:
        return ""
    return render_to_string(
        "discussions/includes/community_panel.html",
        {
            "community": community,
            "threads": threads,
            "which": which,
            "any_threads": lists["any"],
            "user": request.user,
        },
    )


def render_open_questions(request, community):
    return _render_threads_panel(request, community, which=OPEN_QUESTIONS)


def render_recent_threads(request, community):
    return _render_threads_panel(request, community, which=RECENT)


def render_solved_threads(request, community):
    return _render_threads_panel(request, community, which=SOLVED)


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


def _can_read_thread(user, thread_id: int) -> bool:
    """The thread's own read rule (community policy, hiding, holds), as its page asks."""
    try:
        selectors.thread_for_reader(user, thread_id)
    except NotFound:
        return False
    return True


def _in_conversation(user, conversation_id: int) -> bool:
    try:
        selectors.conversation_for(user, conversation_id)
    except NotFound:
        return False
    return True


def register() -> None:
    register_panel(
        OPEN_QUESTIONS, title=_("Open questions"), render=render_open_questions, order=12
    )
    register_panel(RECENT, title=_("Recent threads"), render=render_recent_threads, order=15)
    register_panel(SOLVED, title=_("Solved threads"), render=render_solved_threads, order=20)

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
        visible_to=lambda user, t: _can_read_thread(user, t.pk),
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
        visible_to=lambda user, p: _can_read_thread(user, p.thread_id),
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
        visible_to=lambda user, m: _in_conversation(user, m.conversation_id),
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
