"""Safe markdown for everything people write (posts, messages, descriptions).

CommonMark via markdown-it-py with raw HTML switched off, then nh3 (ammonia) keeps
only the tags and attributes listed below. Two layers on purpose: the parser never
emits HTML from the input, and the sanitiser would remove it if a future plugin did.

What must stay true:

* Only ``http``, ``https`` and ``mailto`` links survive; every link carries
  ``rel="nofollow noopener noreferrer"`` and the GOV.UK link class.
* No images: an external image would tell its host who read the post and when, and the
  content security policy would block it anyway. ``![alt](url)`` becomes a plain link.
* Headings written in a post start at ``<h3>`` so a post never breaks the page outline
  (the page has its own ``<h1>`` and ``<h2>``).
* Bare URLs become links only when ``linkify-it-py`` is installed; nothing else depends
  on it.
"""

import html as html_lib
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

ALLOWED_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "strong",
        "em",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }
)
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow noopener noreferrer"
# GOV.UK Frontend classes, added after cleaning so input can never choose a class.
GOVUK_CLASSES = {
    "a": "govuk-link",
    "p": "govuk-body",
    "ul": "govuk-list govuk-list--bullet",
    "ol": "govuk-list govuk-list--number",
    "h3": "govuk-heading-s",
    "h4": "govuk-heading-s",
    "h5": "govuk-heading-s",
    "h6": "govuk-heading-s",
    "table": "govuk-table",
    "tr": "govuk-table__row",
    "th": "govuk-table__header",
    "td": "govuk-table__cell",
    "blockquote": "pc-quote",
}
HEADING_SHIFT = 2  # "# Title" in a post renders as <h3>


def _shift_headings(state) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close"):
            level = min(int(token.tag[1]) + HEADING_SHIFT, 6)
            token.tag = f"h{level}"


def _image_as_link(self, tokens, idx, options, env) -> str:
    token = tokens[idx]
    src = escapeHtml(token.attrGet("src") or "")
    alt = escapeHtml(self.renderInlineAsText(token.children or [], options, env) or src)
    return f'<a href="{src}">{alt}</a>'


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.add_render_rule("image", _image_as_link)
    try:
        import linkify_it  # noqa: F401  (optional)
    except ImportError:
        pass
    else:
        md.options["linkify"] = True
        md.enable("linkify")
    md.core.ruler.push("pc_shift_headings", _shift_headings)
    return md


@cache
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        clean_content_tags={"script", "style"},
        set_tag_attribute_values={tag: {"class": css} for tag, css in GOVUK_CLASSES.items()},
    )


def render_markdown(text: str) -> str:
    """Markdown source to sanitised HTML. The result is safe to mark safe."""
    if not text:
        return ""
    html = _parser().render(text)
    return _cleaner().clean(html)


def render_plain(text: str, limit: int | None = None) -> str:
    """The text a person wrote with markdown syntax removed, for summaries and emails."""
    html = _parser().render(text or "")
    plain = nh3.clean(html, tags=set()).strip()
    plain = " ".join(plain.split())
    plain = html_lib.unescape(plain)
    if limit and len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    return plain
