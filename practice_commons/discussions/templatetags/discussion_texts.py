"""The fixed texts of a post on the thread page, translated once per language and process.

A thread page shows up to 30 posts, each with the same labels (Quote, Edit, Delete, the
reaction counts…). A ``{% translate %}`` in ``post.html`` would look the language up and
translate every label again for every post, so the page that loops over the posts asks
for them once::

    {% load discussion_texts %}{% post_texts as post_text %}
    {% for post in posts %}{% include "discussions/includes/post.html" %}{% endfor %}

and ``post.html`` reads ``{{ post_text.quote }}``, ``{{ post_text.reply_by|by:post.author_label }}``
and ``{{ r.count|people:post_text }}`` (it asks for the texts itself only when rendered on
its own). The texts are this app's own translations, so they are marked safe; the names
put into them are escaped.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

register = template.Library()

_TEXTS: dict[str, dict] = {}


def _translated() -> dict:
    texts = {
        "question_by": _("Question by %(author)s"),
        "reply_by": _("Reply by %(author)s"),
        "message_author": _('Message<span class="govuk-visually-hidden"> %(author)s</span>'),
        "you_anonymously": _("(you, posted anonymously)"),
        "edited": pgettext("post state", "Edited"),
        "new": _("New"),
        "answer": _("Answer"),
        "attachments": _("Attachments"),
        "quote": _('Quote<span class="govuk-visually-hidden"> this post</span>'),
        "edit": _('Edit<span class="govuk-visually-hidden"> your post</span>'),
        "delete": _('Delete<span class="govuk-visually-hidden"> this post</span>'),
        "hide": _('Hide<span class="govuk-visually-hidden"> this post</span>'),
        "unmark_answer": _("Unmark as the answer"),
        "mark_answer": _("Mark as the answer"),
        "edit_history": _("Edit history"),
        "show_again": _("Show again"),
        "post": _("post"),
    }
    texts = {key: mark_safe(value) for key, value in texts.items()}  # noqa: S308
    texts["people"] = {}  # "3 people", filled as counts are shown
    return texts


@register.simple_tag
def post_texts() -> dict:
    language = get_language() or ""
    texts = _TEXTS.get(language)
    if texts is None:
        texts = _TEXTS[language] = _translated()
    return texts


@register.filter
def by(text: str, author) -> SafeString:
    """``text`` (one of the texts above, with ``%(author)s``) naming ``author``."""
    return mark_safe(text % {"author": conditional_escape(author)})  # noqa: S308


@register.filter
def people(count: int, texts: dict) -> str:
    """The count of people (1 person, 3 people) in the language of ``texts``, the
    page's ``post_texts``."""
    known = texts["people"]
    label = known.get(count)
    if label is None:
        label = known[count] = ngettext("%(counter)s person", "%(counter)s people", count) % {
            "counter": count
        }
    return label
