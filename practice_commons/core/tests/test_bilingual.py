"""``core.bilingual``: the Welsh version of a title for a Welsh reader, when there is one."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from practice_commons.core.bilingual import in_language, language_of

BOTH = SimpleNamespace(title="Recognising neglect", title_cy="Adnabod esgeulustod")
ENGLISH_ONLY = SimpleNamespace(title="Recognising neglect", title_cy="")


def test_a_welsh_reader_sees_the_welsh_title():
    with translation.override("cy"):
        assert in_language(BOTH, "title") == "Adnabod esgeulustod"
        assert language_of(BOTH, "title") == "cy"


def test_a_welsh_reader_sees_the_english_title_when_there_is_no_welsh_one():
    with translation.override("cy"):
        assert in_language(ENGLISH_ONLY, "title") == "Recognising neglect"
        assert language_of(ENGLISH_ONLY, "title") == "en-gb"


def test_an_english_reader_always_sees_the_english_title():
    with translation.override("en-gb"):
        assert in_language(BOTH, "title") == "Recognising neglect"
        assert language_of(BOTH, "title") == "en-gb"


def test_the_template_filters_escape_what_they_show():
    hostile = SimpleNamespace(title="x", title_cy="<script>alert(1)</script>")
    template = Template(
        "{% load bilingual %}"
        '<h1 lang="{{ o|language_of:"title" }}">{{ o|in_language:"title" }}</h1>'
    )
    with translation.override("cy"):
        html = template.render(Context({"o": hostile}))
    assert html == '<h1 lang="cy">&lt;script&gt;alert(1)&lt;/script&gt;</h1>'


def test_lazy_in_language_is_decided_when_read():
    from practice_commons.core.bilingual import lazy_in_language

    with translation.override("en-gb"):
        title = lazy_in_language(BOTH, "title")  # made by an English-speaking actor
        fallback = lazy_in_language(ENGLISH_ONLY, "title")
    with translation.override("cy"):
        assert str(title) == "Adnabod esgeulustod"
        assert str(fallback) == "Recognising neglect"
    with translation.override("en-gb"):
        assert str(title) == "Recognising neglect"
