"""The GOV.UK form renderer and the page includes that go with it."""

import pytest
from django import forms
from django.template import Context, Template
from django.test import RequestFactory

from practice_commons.core.forms import GovUKFormRenderer


class EveryWidgetForm(forms.Form):
    name = forms.CharField(label="Full name", help_text="As on your registration")
    email = forms.EmailField(widget=forms.EmailInput(attrs={"placeholder": "you@example.org"}))
    bio = forms.CharField(widget=forms.Textarea, required=False)
    profession = forms.ChoiceField(choices=[("", "Choose"), ("sw", "Social worker")])
    nation = forms.ChoiceField(choices=[("e", "England"), ("w", "Wales")], widget=forms.RadioSelect)
    topics = forms.MultipleChoiceField(
        choices=[("a", "Neglect"), ("b", "Transitions")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="I agree")
    born = forms.DateField(widget=forms.SelectDateWidget(years=[2000, 2001]), required=False)
    pronouns = forms.CharField(label="Pronouns (optional)", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Something about the whole form.")


def render(template, **context):
    request = RequestFactory().get("/")
    return Template(template).render(Context({"request": request, **context}))


def test_forms_use_the_govuk_renderer():
    assert isinstance(EveryWidgetForm().renderer, GovUKFormRenderer)


def test_unbound_form_has_govuk_markup_and_no_errors():
    html = str(EveryWidgetForm())
    for css in [
        "govuk-form-group",
        'class="govuk-label"',
        "govuk-hint",
        "govuk-input",
        "govuk-textarea",
        "govuk-select",
        "govuk-radios__input",
        "govuk-checkboxes__input",
        "govuk-fieldset__legend",
        "govuk-date-input",
    ]:
        assert css in html, css
    assert "govuk-error-message" not in html
    assert "placeholder" not in html  # GOV.UK: no placeholder text
    assert 'id="id_name_helptext"' in html and 'aria-describedby="id_name_helptext"' in html
    assert "Bio (optional)" in html
    assert "Pronouns (optional)" in html and "(optional) (optional)" not in html
    # Every part of the date has its own label.
    for part in ("day", "month", "year"):
        assert f'for="id_born_{part}"' in html


def test_errors_sit_beside_their_fields():
    form = EveryWidgetForm(data={"email": "nope"})
    html = str(form)
    assert html.count("govuk-form-group--error") >= 6
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert "govuk-input govuk-input--error" in html
    assert "govuk-select govuk-select--error" in html
    # Radios and checkboxes describe the whole fieldset.
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_nation_error">' in html
    assert "Something about the whole form." in html


def test_error_summary_links_to_each_field():
    form = EveryWidgetForm(data={"email": "nope"})
    html = render('{% include "core/includes/error_summary.html" %}', form=form)
    assert html.count('class="govuk-error-summary"') == 1
    assert 'href="#id_name"' in html
    assert 'href="#id_nation_0"' in html  # first radio
    assert 'href="#id_topics_0"' in html  # first checkbox
    # Errors that belong to no field link to the first field.
    assert '<a href="#id_name">Something about the whole form.</a>' in html


def test_error_summary_for_several_forms_opens_once():
    bad, worse = EveryWidgetForm(data={}), EveryWidgetForm(data={}, prefix="two")
    good = forms.Form(data={})
    html = render('{% include "core/includes/error_summary.html" %}', forms=[good, bad, worse])
    assert html.count('class="govuk-error-summary"') == 1
    assert html.count("</ul>") == 1
    assert 'href="#id_two-name"' in html and 'href="#id_name"' in html
    assert render('{% include "core/includes/error_summary.html" %}', forms=[good]).strip() == ""


def test_exit_this_page_include():
    html = render('{% include "core/includes/exit_this_page.html" %}')
    assert 'data-module="govuk-exit-this-page"' in html
    assert "govuk-js-exit-this-page-button" in html


@pytest.mark.django_db
def test_base_template_has_no_inline_script_or_style(client):
    html = client.get("/").content.decode()
    assert "<script>" not in html and " style=" not in html and "<style" not in html
    assert 'id="main-content"' in html and "govuk-skip-link" in html
    assert "govuk-header__logotype-crown" not in html and "GOV.UK" not in html


class _NameForm(forms.Form):
    name = forms.CharField()


def test_attach_errors_puts_field_errors_beside_fields_and_the_rest_in_the_summary():
    from django.core.exceptions import ValidationError

    from practice_commons.core.forms import attach_errors

    form = _NameForm({"name": "Sam"})
    assert form.is_valid()
    attach_errors(form, ValidationError({"name": "Taken.", "user": "Not here.", "__all__": "No."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Not here.", "No."]

    form = _NameForm({"name": "Sam"})
    assert form.is_valid()
    attach_errors(form, ValidationError("Closed."))
    assert form.non_field_errors() == ["Closed."]
    assert "name" not in form.errors
