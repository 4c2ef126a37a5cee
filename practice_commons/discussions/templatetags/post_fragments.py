"""``{% posts_html posts %}``: a thread page's posts, each drawn once and kept, keyed by
everything it shows.

Drawing a post with ``discussions/includes/post.html`` (its reactions, actions and report
link) was 9 of the thread page's 28 ms for 20 posts. Each post's HTML is now kept in the
``fragments`` cache, which lives in each worker's memory (``config/settings.py``), under a
digest of every value the three templates read: the post's own fields and what
``decorate_posts`` added (author shown, placeholder, reaction counts and the reader's own
reactions, action links), the page's flags (signed in, may reply, may post, moderator,
may mark the answer) and the language. Two readers get the same HTML only when all of
those are equal, so a cached post can never show one reader what another may see, and
an edit, a reaction, hiding or deleting changes the digest: nothing is invalidated by
hand. **A new value read by those templates must be added to ``_shown`` (or to
``_page``, for a value of the page).**

Two things are left out of the kept HTML and filled in on every view:

- the CSRF token, drawn as a placeholder (it is the reader's own);
- the post's text, drawn by the glossary filter on every view, so a newly approved term
  shows at once and each disclosure's id is unique on the page.

The placeholders are random for each process, so no text a person writes can be taken
for one.
"""

import hashlib
import secrets

from django import template
from django.core.cache import caches
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

POST_TEMPLATE = "discussions/includes/post.html"
CSRF_SLOT = f"csrf{secrets.token_hex(12)}"
BODY_SLOT = f"body{secrets.token_hex(12)}"


def _name(obj) -> str:
    return str(obj) if obj is not None else ""


def _page(context) -> tuple:
    """What the three templates read of the page, the same for every post on it."""
    return (
        get_language(),
        context["user"].is_authenticated,
        context.get("can_reply"),
        context.get("can_post"),
        context.get("is_moderator"),
        context.get("can_mark_answer"),
    )


def _shown(page: tuple, post) -> tuple:
    """Every value ``post.html``, ``reactions.html`` and ``report_link.html`` read, but
    the CSRF token and the post's text (filled in on each view). ``swap_focus`` and
    ``reaction_error`` are set only where a post is drawn on its own, never here."""
    author = post.shown_author
    return (
        *page,
        post.pk,
        post.is_opening,
        post.is_answer,
        getattr(post, "is_new", False),  # not set on "load more"
        post.author_label,
        post.viewer_is_author,
        post.is_anonymous,
        _name(author.profession) if author else "",
        _name(author.organisation) if author else "",
        post.created_at,
        post.edited_at,
        post.deleted_at,
        post.hidden_at,
        post.hidden_reason,
        post.placeholder,
        post.show_body,
        tuple((a.pk, a.original_name, a.size) for a in post.attachment_list),
        post.action_base,
        post.attachment_base,
        post.message_url,
        post.report_url,
        tuple((r.kind, r.label, r.count, r.mine) for r in post.reaction_summary),
    )


def fragment_key(page: tuple, post) -> str:
    digest = hashlib.blake2b(repr(_shown(page, post)).encode(), digest_size=20)
    return f"post:{digest.hexdigest()}"


def _draw(context, posts_by_key: dict) -> dict[str, str]:
    """The HTML of each post, with the two placeholders in it."""
    post_template = context.template.engine.get_template(POST_TEMPLATE)
    drawn = {}
    with context.push(csrf_token=CSRF_SLOT, body_slot=BODY_SLOT):
        for key, post in posts_by_key.items():
            with context.push(post=post):
                drawn[key] = str(post_template.render(context))
    return drawn


@register.simple_tag(takes_context=True)
def posts_html(context, posts) -> SafeString:
    cache = caches["fragments"]
    page = _page(context)
    by_key = {fragment_key(page, post): post for post in posts}
    kept = cache.get_many(list(by_key))
    missing = {key: post for key, post in by_key.items() if key not in kept}
    if missing:
        drawn = _draw(context, missing)
        cache.set_many(drawn)
        kept.update(drawn)
    token = conditional_escape(str(context.get("csrf_token", "")))
    # A template dependency on the library app's filter, not a Python import of it.
    glossary = context.template.engine.template_libraries["glossary"].filters["glossary"]
    out = []
    for key, post in by_key.items():
        html = kept[key].replace(CSRF_SLOT, token)
        if post.show_body:
            html = html.replace(BODY_SLOT, glossary(post.body_as_html), 1)
        out.append(html)
    return mark_safe("".join(out))  # noqa: S308 - drawn by our templates, text escaped there
