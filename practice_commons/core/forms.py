"""Render every Django form in GOV.UK Frontend markup.

``settings.FORM_RENDERER = "practice_commons.core.forms.GovUKFormRenderer"`` makes
``{{ form }}`` (and ``{{ form.field.as_field_group }}``) produce GOV.UK form groups:
label, hint from ``help_text``, the error message beside the field, ``aria-describedby``
tying them together, fieldsets for radios and checkboxes, and the GOV.UK class on
every widget. Views and forms stay plain Django; nothing needs a template tag.

What must stay true:

* The ids the templates give to hints and error messages (``<id>_helptext`` and
  ``<id>_error``) are the ones Django's ``BoundField.aria_describedby`` points at.
* The error summary (``core/includes/error_summary.html``) links to the same id the
  field template puts on the first focusable control.
"""

from django.core.exceptions import ValidationError
from django.forms import widgets
from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates, TemplatesSetting
from django.template import TemplateDoesNotExist
from django.utils.functional import cached_property

from .form_messages import optional_markers, word_field

# (widget class, GOV.UK class, GOV.UK error modifier or ""), most specific first:
# CheckboxSelectMultiple subclasses RadioSelect, SelectDateWidget is a MultiWidget.
_WIDGET_CLASSES = (
    (widgets.HiddenInput, "", ""),
    (widgets.MultipleHiddenInput, "", ""),
    (widgets.CheckboxSelectMultiple, "govuk-checkboxes__input", ""),
    (widgets.RadioSelect, "govuk-radios__input", ""),
    (widgets.CheckboxInput, "govuk-checkboxes__input", ""),
    (widgets.SelectDateWidget, "govuk-select", "govuk-select--error"),
    (widgets.Select, "govuk-select", "govuk-select--error"),
    (widgets.Textarea, "govuk-textarea", "govuk-textarea--error"),
    (widgets.FileInput, "govuk-file-upload", "govuk-file-upload--error"),
    (widgets.Input, "govuk-input", "govuk-input--error"),
    (widgets.MultiWidget, "govuk-input", "govuk-input--error"),
)


def govuk_widget_classes(widget: widgets.Widget, *, has_errors: bool) -> list[str]:
    """The GOV.UK Frontend classes a widget's control(s) need."""
    for widget_class, css_class, error_class in _WIDGET_CLASSES:
        if isinstance(widget, widget_class):
            classes = [css_class] if css_class else []
            if has_errors and error_class:
                classes.append(error_class)
            return classes
    return []


class GovUKBoundField(BoundField):
    """Adds GOV.UK classes to the rendered widget, keeping any the form declared, and
    words the field's error messages with its label (``form_messages``). A form builds
    its bound fields before cleaning them, so the messages are in place in time."""

    def __init__(self, form, field, name):
        super().__init__(form, field, name)
        word_field(field, self.label)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        extra = govuk_widget_classes(widget, has_errors=bool(self.errors))
        if extra:
            # The call-site attrs replace the widget's own "class", so merge them here.
            declared = f"{widget.attrs.get('class', '')} {attrs.get('class', '')}".split()
            attrs["class"] = " ".join(dict.fromkeys([*extra, *declared]))
        # GOV.UK: never use placeholder text; the label and hint say what to enter.
        # (Django's attrs template leaves out attributes whose value is False.)
        if widget.attrs.get("placeholder") or attrs.get("placeholder"):
            attrs["placeholder"] = False
        if isinstance(widget, widgets.EmailInput):
            attrs.setdefault("spellcheck", "false")
        return attrs

    @property
    def govuk_anchor(self) -> str:
        """The id of the first control, which the error summary links to."""
        return self.id_for_label or (f"{self.auto_id}_0" if self.auto_id else "")

    @property
    def govuk_is_optional(self) -> bool:
        """Whether to add "(optional)" to the label: GOV.UK marks optional fields, not
        required ones. Not for single checkboxes, nor labels that already say it."""
        return (
            not self.field.required
            and not isinstance(self.field.widget, widgets.CheckboxInput)
            and not label_says_optional(self.label)
        )


def label_says_optional(label) -> bool:
    text = str(label).lower()
    return any(marker.lower() in text for marker in optional_markers())


# Django widget templates that GOV.UK needs to be structured differently.
_WIDGET_TEMPLATES = {
    "django/forms/widgets/select_date.html": "core/forms/widget_select_date.html",
}


class GovUKFormRenderer(TemplatesSetting):
    """Form templates come from settings.TEMPLATES, so the project's templates win.

    Django's own widget templates are found even when ``django.forms`` is not in
    INSTALLED_APPS (which plain TemplatesSetting needs): a name the project does not
    provide falls back to Django's built-in form templates.
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = GovUKBoundField

    def get_template(self, template_name):
        template_name = _WIDGET_TEMPLATES.get(template_name, template_name)
        try:
            return super().get_template(template_name)
        except TemplateDoesNotExist:
            return self._builtin_templates.get_template(template_name)

    @cached_property
    def _builtin_templates(self):
        return DjangoTemplates()


def attach_errors(form, exc: ValidationError) -> None:
    """Show a service's ``ValidationError`` on the form that collected the input.

    Errors naming one of the form's fields go beside it; the rest (and a plain message)
    go to the error summary as non-field errors, so nothing a service says is lost.
    """
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
