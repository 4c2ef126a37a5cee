"""Safe markdown: CommonMark in, allow-listed HTML out, whatever the input tries."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from practice_commons.core.markdown import ALLOWED_TAGS, render_markdown, render_plain


class _Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML."""

    def __init__(self):
        super().__init__()
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_comment(self, data):
        self.elements.append(("!--", {}))


def elements(html):
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def test_renders_commonmark_with_govuk_classes():
    html = render_markdown("Some **bold** and *italic*.\n\n- one\n- two\n\n1. first\n2. second")
    assert '<p class="govuk-body">Some <strong>bold</strong> and <em>italic</em>.</p>' in html
    assert '<ul class="govuk-list govuk-list--bullet">' in html
    assert '<ol class="govuk-list govuk-list--number">' in html


def test_links_get_rel_and_class():
    html = render_markdown("[guidance](https://www.gov.uk/guidance)")
    assert 'href="https://www.gov.uk/guidance"' in html
    assert 'rel="nofollow noopener noreferrer"' in html
    assert 'class="govuk-link"' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        "[x](javascript:alert(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](vbscript:msgbox(1))",
        '<iframe src="https://evil.example"></iframe>',
        '<div style="position:fixed">x</div>',
        "<!-- comment --><style>body{}</style>",
    ],
)
def test_no_executable_or_raw_html_survives(source):
    for tag, attrs in elements(render_markdown(source)):
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") or name == "style" for name in attrs)
        href = attrs.get("href", "https://")
        assert href.startswith(("https://", "http://", "mailto:")), href


def test_raw_html_is_shown_as_text_not_markup():
    assert "&lt;b&gt;hello&lt;/b&gt;" in render_markdown("<b>hello</b>")


def test_images_become_links_never_embedded():
    html = render_markdown("![a chart](https://example.org/chart.png)")
    assert "<img" not in html
    assert '<a href="https://example.org/chart.png"' in html
    assert ">a chart</a>" in html


def test_headings_start_below_the_page_outline():
    html = render_markdown("# Title\n\n## Sub\n\n###### Deep")
    assert "<h1" not in html and "<h2" not in html
    assert '<h3 class="govuk-heading-s">Title</h3>' in html
    assert "<h4" in html and "<h6" in html


def test_tables_code_and_quotes():
    html = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n> quoted\n\n```\n<b>x</b>\n```")
    assert '<table class="govuk-table">' in html
    assert '<blockquote class="pc-quote">' in html
    assert "<pre><code>&lt;b&gt;x&lt;/b&gt;" in html


def test_classes_cannot_be_injected():
    html = render_markdown('<p class="evil">x</p> [y](https://e.org "t")')
    assert all("evil" not in attrs.get("class", "") for _tag, attrs in elements(html))


def test_empty_input():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_plain_text_summary():
    assert render_plain("# Hi **there** & <b>you</b>") == "Hi there & <b>you</b>"
    assert render_plain("word " * 100, limit=20).endswith("…")
    assert len(render_plain("word " * 100, limit=20)) == 20


def test_template_filter_marks_output_safe():
    out = Template("{% load markdown %}{{ body|markdown }}").render(
        Context({"body": "**hi** <script>x</script>"})
    )
    assert "<strong>hi</strong>" in out
    assert "<script>" not in out and "&lt;script&gt;" in out
    plain = Template("{% load markdown %}{{ body|markdown_plain:10 }}").render(
        Context({"body": "**hello** there friend"})
    )
    assert plain == "hello the…"
