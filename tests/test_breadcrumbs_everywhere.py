"""Every page below the top level shows breadcrumbs.

A page is a template that extends ``base.html``. It passes when it fills the
``breadcrumbs`` block (normally with ``{% breadcrumbs ... %}`` from ``core``), or when it
is one of the top-level pages the main navigation leads to, listed here. A new page
without breadcrumbs fails this test.
"""

import re
from pathlib import Path

import pytest
from django.template import Context, Template

ROOT = Path(__file__).resolve().parent.parent / "practice_commons"

TOP_LEVEL = {
    "core/home.html",
    "core/dashboard.html",
    "communities/directory.html",
    "events/event_list.html",
    "library/home.html",
    "discussions/messages/inbox.html",
    "notifications/list.html",
    "search/results.html",
    # Error pages stand outside any section.
    "403.html",
    "403_csrf.html",
    "404.html",
    "409.html",
    "500.html",
}

# Pages made to be framed on other websites (the organisation embeds): a small document
# of their own, without the site's header, navigation or breadcrumbs.
STANDALONE_DIRS = ("api/templates/api/embed",)

EXTENDS_BASE = re.compile(r"{%\s*extends\s+[\"']base\.html[\"']\s*%}")
FILLS_BREADCRUMBS = re.compile(r"{%\s*block\s+breadcrumbs\s*%}")


def _page_templates():
    for path in sorted(ROOT.rglob("templates/**/*.html")):
        name = str(path).split("/templates/", 1)[1]
        if EXTENDS_BASE.search(path.read_text(encoding="utf-8")):
            app = path.relative_to(ROOT).parts[0]
            yield pytest.param(name, path, id=f"{app}:{name}")


@pytest.mark.parametrize(("name", "path"), list(_page_templates()))
def test_page_below_the_top_level_has_breadcrumbs(name, path):
    if name in TOP_LEVEL:
        return
    assert FILLS_BREADCRUMBS.search(path.read_text(encoding="utf-8")), (
        f"{name} has no breadcrumbs: fill {{% block breadcrumbs %}} with {{% breadcrumbs ... %}}"
    )


def test_top_level_names_exist():
    names = {p.values[0] for p in _page_templates()}
    assert names >= TOP_LEVEL


@pytest.mark.django_db
def test_breadcrumbs_tag_renders_home_links_and_current_page():
    html = Template(
        '{% load breadcrumbs %}{% breadcrumbs "Communities" "communities:directory" '
        '"Child protection" "/communities/cp/" "Members" %}'
    ).render(Context())
    assert html.count('class="govuk-breadcrumbs__link"') == 3
    assert 'href="/"' in html
    assert 'href="/communities/cp/"' in html
    assert '<li class="govuk-breadcrumbs__list-item" aria-current="page">Members</li>' in html


def test_breadcrumbs_tag_refuses_an_unpaired_trail():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError):
        Template(
            '{% load breadcrumbs %}{% breadcrumbs "Communities" "communities:directory" %}'
        ).render(Context())


@pytest.mark.parametrize(
    "path",
    [p for d in STANDALONE_DIRS for p in sorted((ROOT / d).glob("*.html"))],
    ids=lambda p: p.name,
)
def test_embeds_stand_alone_without_site_chrome(path):
    text = path.read_text(encoding="utf-8")
    assert not EXTENDS_BASE.search(text), f"{path.name} is framed elsewhere: no base.html"
    assert not FILLS_BREADCRUMBS.search(text)
    assert "breadcrumbs" not in text
