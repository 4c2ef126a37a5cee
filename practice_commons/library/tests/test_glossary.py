"""Suggest → approve; only approved terms are shown and explained inline."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.safestring import mark_safe

from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.library import selectors, services
from practice_commons.library.models import TermStatus
from practice_commons.library.templatetags.glossary import explain_terms, glossary_filter

pytestmark = pytest.mark.django_db


@pytest.fixture
def cin(facilitator):
    return services.term_suggest(
        actor=facilitator,
        term="CIN",
        definition="Child in need (section 17 of the Children Act 1989).",
        also_known_as="",
    )


def test_suggest_then_approve(member, facilitator, outsider):
    term = services.term_suggest(
        actor=member, term="LAC", definition="Looked-after child.", also_known_as="CLA"
    )
    assert term.status == TermStatus.SUGGESTED and term.also_known_as == ["CLA"]
    with pytest.raises(PermissionDenied):
        services.term_decide(actor=outsider, term=term, approve=True)
    services.term_decide(actor=facilitator, term=term, approve=True)
    assert term.status == TermStatus.APPROVED
    with pytest.raises(Conflict):
        services.term_decide(actor=facilitator, term=term, approve=False)
    with pytest.raises(ValidationError):
        services.term_suggest(actor=member, term="", definition="", links=["not a url"])


def test_inline_definition_wraps_first_mention_outside_links(cin, settings):
    html = mark_safe('<p>A CIN plan. Another CIN.</p><p><a href="/x">CIN</a> <code>CIN</code></p>')
    out = str(explain_terms(html, [cin]))
    assert out.count('class="pc-term"') == 1
    assert 'aria-expanded="false"' in out and "Child in need" in out
    assert '<a href="/x">CIN</a>' in out and "<code>CIN</code>" in out
    assert "CINDERELLA" in str(glossary_filter("CINDERELLA and CIN"))  # whole words only


def test_unapproved_terms_are_not_explained(member):
    services.term_suggest(actor=member, term="MASH", definition="Multi-Agency Safeguarding Hub.")
    assert "pc-term" not in str(glossary_filter(mark_safe("<p>Call the MASH.</p>")))


def test_terms_explain_themselves_on_item_pages(client, cin, published, member):
    services.item_update(actor=member, item=published, what_was_done="We held a CIN review.")
    page = client.get(published.get_absolute_url()).content.decode()
    assert 'class="pc-term"' in page and "Child in need" in page


def test_glossary_pages(client_for, member, facilitator):
    client = client_for(member)
    response = client.post(
        reverse("library:glossary_suggest"),
        {"term": "EHCP", "definition": "Education, Health and Care Plan."},
    )
    assert response.status_code == 302
    assert "EHCP" not in client_for(None).get(reverse("library:glossary")).content.decode()
    page = client_for(facilitator).get(reverse("library:glossary")).content.decode()
    assert "EHCP" in page and "Approve" in page
    from practice_commons.library.models import GlossaryTerm

    term = GlossaryTerm.objects.get(term="EHCP")
    assert (
        client_for(member)
        .post(reverse("library:glossary_decide", args=[term.pk]), {"decision": "approve"})
        .status_code
        == 404
    )
    client_for(facilitator).post(
        reverse("library:glossary_decide", args=[term.pk]), {"decision": "approve"}
    )
    assert "EHCP" in client_for(None).get(reverse("library:glossary")).content.decode()


def test_pages_read_the_terms_once_until_a_term_is_decided(
    member, facilitator, django_assert_num_queries, django_capture_on_commit_callbacks
):
    selectors.forget_approved_terms()
    term = services.term_suggest(
        actor=member, term="MARAC", definition="Multi-agency risk assessment conference."
    )
    text = mark_safe("<p>Book the MARAC.</p>")
    assert "pc-term" not in str(glossary_filter(text))  # reads the terms: one query
    with django_assert_num_queries(0):
        assert "pc-term" not in str(glossary_filter(text))
    with django_capture_on_commit_callbacks(execute=True):
        services.term_decide(actor=facilitator, term=term, approve=True)
    assert "pc-term" in str(glossary_filter(text))  # decided: read again at once
    with django_assert_num_queries(0):
        assert "pc-term" in str(glossary_filter(text))
