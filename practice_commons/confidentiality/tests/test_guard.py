"""The guard's entry point and its presentation layer (forms, highlight, feedback include),
and the promise that a blocked text is stored nowhere: no row, no audit entry, no log line,
no error report."""

import sys

import pytest
from django import forms
from django.http import QueryDict
from django.template.loader import render_to_string
from django.test import RequestFactory

from practice_commons.confidentiality import guard
from practice_commons.confidentiality.forms import (
    ACK_FIELD,
    GuardedFormMixin,
    attach_confidentiality_errors,
    describe_kinds,
    guard_message,
    highlight,
    write_from_form,
)
from practice_commons.confidentiality.guard import (
    ConfidentialityBlocked,
    ConfidentialityError,
    ConfidentialityWarning,
    FieldFindings,
    guard_texts,
    redact_texts,
)
from practice_commons.confidentiality.reporting import ConfidentialExceptionReporterFilter
from practice_commons.confidentiality.scanner import Finding
from practice_commons.confidentiality.testing import IDENTIFYING_TEXT, NHS_NUMBER, SECRETS

CLEAN = "I lead the neglect pathway and like learning from health visitors."
MAYBE = "Ask Robin about the Wenger reading group."


def _low_name_scanner(text):
    """A stand-in scanner with one low-confidence finding, so the warning path does not
    depend on how sure the real name detector is about a given sentence."""
    start = text.find("Robin")
    return [Finding("person_name", start, start + 5, "Robin", "low")] if start >= 0 else []


@pytest.fixture
def low_confidence_only(monkeypatch):
    monkeypatch.setattr(guard, "scan", _low_name_scanner)
    monkeypatch.setattr(guard, "redact", lambda text: text.replace("Robin", "[name]"))


# --- guard_texts --------------------------------------------------------------------


def test_clean_text_passes():
    guard_texts(texts={"bio": CLEAN, "area": "", "pronouns": None})


def test_nhs_number_blocks_and_exception_holds_no_text():
    with pytest.raises(ConfidentialityBlocked) as caught:
        guard_texts(texts={"bio": IDENTIFYING_TEXT, "area": CLEAN})
    exc = caught.value
    assert [f.field for f in exc.fields] == ["bio"]
    assert "nhs_number" in exc.fields[0].kinds
    assert exc.blocking
    for secret in SECRETS:
        assert secret not in str(exc)
        assert secret not in repr(exc)


def test_acknowledgement_never_overrides_a_block():
    with pytest.raises(ConfidentialityBlocked):
        guard_texts(texts={"bio": f"NHS {NHS_NUMBER}"}, acknowledged=True)


def test_low_confidence_warns_until_acknowledged(low_confidence_only):
    with pytest.raises(ConfidentialityWarning) as caught:
        guard_texts(texts={"bio": MAYBE})
    assert not caught.value.blocking
    guard_texts(texts={"bio": MAYBE}, acknowledged=True)


def test_api_errors_carry_kinds_and_offsets_only():
    with pytest.raises(ConfidentialityError) as caught:
        guard_texts(texts={"details": IDENTIFYING_TEXT})
    errors = caught.value.as_api_errors()
    assert errors
    for error in errors:
        assert set(error) == {"field", "kind", "start", "end", "confidence"}
    nhs = next(e for e in errors if e["kind"] == "nhs_number")
    assert IDENTIFYING_TEXT[nhs["start"] : nhs["end"]] == NHS_NUMBER


def test_redact_texts_labels_each_finding():
    redacted = redact_texts({"bio": IDENTIFYING_TEXT, "area": ""})
    assert "[NHS number]" in redacted["bio"]
    assert NHS_NUMBER not in redacted["bio"]
    assert redacted["area"] == ""
    guard_texts(texts=redacted)  # what redaction leaves is storable


# --- Highlight and messages -------------------------------------------------------------


def test_highlight_escapes_the_text_and_marks_findings():
    text = '<script>alert(1)</script> Robin & "co"\nline two'
    html = str(highlight(text, _low_name_scanner(text)))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<mark class="pc-guard-mark">Robin<span class="govuk-visually-hidden"> (name)' in html
    assert "&amp; &quot;co&quot;<br>line two" in html


def test_highlight_escapes_the_finding_itself():
    text = "x <b>Robin</b>"
    finding = Finding("person_name", 2, 14, "<b>Robin</b>", "high")
    html = str(highlight(text, [finding]))
    assert "<b>" not in html and "&lt;b&gt;Robin&lt;/b&gt;" in html


def test_highlight_finds_a_finding_whose_offsets_moved():
    finding = Finding("person_name", 0, 5, "Robin", "low")
    html = str(highlight("  Ask Robin", [finding]))
    assert "Ask <mark" in html


def test_describe_kinds_in_written_order_each_once():
    assert describe_kinds(["nhs_number", "person_name", "nhs_number"]) == (
        "an NHS number and a name"
    )
    assert describe_kinds(["postcode", "email", "phone"]) == (
        "a postcode, an email address and a phone number"
    )
    assert describe_kinds(["mystery"]) == "an identifying detail"


def test_guard_message_for_blocks_and_warnings():
    ff = FieldFindings(
        "bio",
        (
            Finding("nhs_number", 0, 10, "9434765919", "high"),
            Finding("person_name", 12, 17, "Robin", "high"),
        ),
    )
    assert guard_message(ff, blocking=True) == (
        "This contains details that could identify someone you work with: an NHS number "
        "and a name. Remove them or use Redact and continue."
    )
    assert "confirm they are not details" in guard_message(ff, blocking=False)


# --- GuardedFormMixin ---------------------------------------------------------------


class NoteForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("body",)
    guard_field_map = {"text": "body"}

    title = forms.CharField(required=False)
    body = forms.CharField(widget=forms.Textarea)


def _post(**data):
    query = QueryDict(mutable=True)
    query.update(data)
    return query


def test_redact_and_continue_redacts_before_validation():
    form = NoteForm(
        _post(title=f"NHS {NHS_NUMBER}", body=IDENTIFYING_TEXT, confidentiality_action="redact")
    )
    assert form.is_valid()
    assert form.confidentiality_redacted
    assert "[NHS number]" in form.cleaned_data["body"]
    assert NHS_NUMBER not in form.cleaned_data["body"]
    # Only guarded fields are touched.
    assert form.cleaned_data["title"] == f"NHS {NHS_NUMBER}"


def test_acknowledgement_is_read_from_the_submission():
    assert not NoteForm().confidentiality_acknowledged
    assert not NoteForm(_post(body="x")).confidentiality_acknowledged
    assert NoteForm(_post(body="x", confidentiality_acknowledged="on")).confidentiality_acknowledged


def test_acknowledgement_field_is_not_drawn_by_the_form():
    html = str(NoteForm())
    assert ACK_FIELD not in html


def test_attach_errors_on_block(rf_request):
    form = NoteForm(_post(body=IDENTIFYING_TEXT))
    assert form.is_valid()
    with pytest.raises(ConfidentialityBlocked) as caught:
        guard_texts(texts={"text": form.cleaned_data["body"]})
    attach_confidentiality_errors(form, caught.value)
    assert form.errors["body"][0].startswith(
        "This contains details that could identify someone you work with: "
    )
    feedback = form.confidentiality
    assert feedback.blocking and feedback.ack_field is None
    assert feedback.items[0].field == "body" and feedback.items[0].anchor == "id_body"
    assert "<mark" in str(feedback.items[0].html)
    page = render_to_string(
        "confidentiality/includes/guard_feedback.html", {"form": form}, request=rf_request
    )
    assert "We cannot save this yet" in page
    assert 'name="confidentiality_action" value="redact"' in page
    assert f'{NHS_NUMBER}<span class="govuk-visually-hidden"> (NHS number)</span></mark>' in page
    assert 'type="checkbox"' not in page


def test_attach_errors_on_warning_offers_the_acknowledgement(rf_request, low_confidence_only):
    form = NoteForm(_post(body=MAYBE))
    assert form.is_valid()
    with pytest.raises(ConfidentialityWarning) as caught:
        guard_texts(texts={"body": MAYBE})
    attach_confidentiality_errors(form, caught.value)
    page = render_to_string(
        "confidentiality/includes/guard_feedback.html", {"form": form}, request=rf_request
    )
    assert "may contain details" in page
    assert f'name="{ACK_FIELD}"' in page and 'type="checkbox"' in page
    assert "I have checked: these are not details of people I work with" in page


def test_errors_for_fields_the_form_lacks_become_form_errors():
    form = NoteForm(_post(body="fine"))
    assert form.is_valid()
    with pytest.raises(ConfidentialityBlocked) as caught:
        guard_texts(texts={"elsewhere": IDENTIFYING_TEXT})
    attach_confidentiality_errors(form, caught.value)
    assert form.non_field_errors()
    assert form.confidentiality.items[0].html == ""


def test_feedback_include_renders_nothing_without_findings(rf_request):
    assert (
        render_to_string(
            "confidentiality/includes/guard_feedback.html", {"form": NoteForm()}, request=rf_request
        ).strip()
        == ""
    )


@pytest.fixture
def rf_request():
    return RequestFactory().get("/")


# --- Nothing blocked is stored anywhere -------------------------------------------------


def test_error_reports_hide_post_values_and_local_variables(settings):
    settings.DEBUG = False
    request = RequestFactory().post("/profile/edit/", {"bio": IDENTIFYING_TEXT})
    reporter_filter = ConfidentialExceptionReporterFilter()
    assert IDENTIFYING_TEXT not in str(dict(reporter_filter.get_post_parameters(request)))

    def fails(bio):
        raise RuntimeError("boom")

    try:
        fails(IDENTIFYING_TEXT)
    except RuntimeError:
        tb = sys.exc_info()[2]
    frame = tb.tb_next.tb_frame
    variables = dict(reporter_filter.get_traceback_frame_variables(request, frame))
    assert variables["bio"] == reporter_filter.cleansed_substitute


def test_settings_use_the_confidential_filter(settings):
    from django.views.debug import get_default_exception_reporter_filter

    get_default_exception_reporter_filter.cache_clear()
    try:
        assert isinstance(
            get_default_exception_reporter_filter(), ConfidentialExceptionReporterFilter
        )
    finally:
        get_default_exception_reporter_filter.cache_clear()


def test_attach_write_errors_shows_guard_findings_and_validation_errors():
    from django.core.exceptions import ValidationError

    from practice_commons.confidentiality.forms import attach_write_errors

    blocked = NoteForm(_post(body=IDENTIFYING_TEXT))
    assert blocked.is_valid()
    with pytest.raises(ConfidentialityBlocked) as caught:
        guard_texts(texts={"body": blocked.cleaned_data["body"]})
    attach_write_errors(blocked, caught.value)
    assert blocked.confidentiality is not None and blocked.confidentiality.blocking
    assert blocked.errors["body"][0].startswith("This contains details that could identify")

    invalid = NoteForm(_post(body="fine"))
    assert invalid.is_valid()
    attach_write_errors(invalid, ValidationError({"body": "Too late to change this."}))
    assert invalid.errors["body"] == ["Too late to change this."]
    assert invalid.confidentiality is None


# --- write_from_form ----------------------------------------------------------------------


def _note_service(**kwargs):
    guard_texts(texts={"text": kwargs["text"]}, acknowledged=kwargs["confidentiality_acknowledged"])
    return kwargs


def test_write_from_form_passes_the_acknowledgement_and_returns_the_value(low_confidence_only):
    form = NoteForm(_post(body=MAYBE, confidentiality_acknowledged="on"))
    assert form.is_valid()
    written = write_from_form(form, _note_service, text=form.cleaned_data["body"])
    assert written and written.value["confidentiality_acknowledged"] is True
    assert not form.errors


def test_write_from_form_shows_a_blocked_text_on_the_form():
    form = NoteForm(_post(body=IDENTIFYING_TEXT))
    assert form.is_valid()
    written = write_from_form(form, _note_service, text=form.cleaned_data["body"])
    assert not written and written.value is None
    assert form.confidentiality.blocking
    assert form.errors["body"][0].startswith("This contains details that could identify")


def test_write_from_form_shows_validation_errors_and_conflicts():
    from django.core.exceptions import ValidationError

    from practice_commons.core.errors import Conflict, NotFound

    def invalid(**kwargs):
        raise ValidationError({"body": "Too late to change this."})

    def conflicting(**kwargs):
        raise Conflict("This newsletter has already been sent.")

    def missing(**kwargs):
        raise NotFound

    form = NoteForm(_post(body="fine"))
    assert form.is_valid()
    assert not write_from_form(form, invalid)
    assert form.errors["body"] == ["Too late to change this."]
    assert not write_from_form(form, conflicting)
    assert form.non_field_errors() == ["This newsletter has already been sent."]
    with pytest.raises(NotFound):
        write_from_form(form, missing)
