"""Input validation for the discussion pages. Services repeat every rule that matters
(length, emptiness, kind, permissions), so the API cannot bypass them; forms add the
GOV.UK-shaped messages and the confidentiality guard's feedback."""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from practice_commons.confidentiality.forms import GuardedFormMixin
from practice_commons.core.text import NameField

from .attachments import MAX_ATTACHMENTS_PER_POST
from .kinds import KINDS, ThreadKind, spec_for
from .models import TITLE_MAX_LENGTH, ReactionKind
from .selectors import Status

# Lengths are checked by the services after line endings are normalised (a browser sends
# CRLF), so the limit means the same on the page and in the API.
BODY_ERRORS = {"required": _("Enter your message.")}
ACCEPTED_TYPES = ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.gif,.webp"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Up to five files; each is checked by content in the service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPTED_TYPES}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


def _attachments_help() -> str:
    return gettext(
        "Up to %(n)s files, 10 MB each: PDF, Word, Excel, PowerPoint, "
        "OpenDocument or images. Check they contain nothing that could "
        "identify a person."
    ) % {"n": MAX_ATTACHMENTS_PER_POST}


def _attachments_field():
    # Lazy (a class attribute of ReplyForm): translated when the form is shown.
    return MultipleFileField(label=_("Attach files"), help_text=lazy(_attachments_help, str)())


class KindChoiceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of thread is this?"),
        choices=ThreadKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of thread this is.")},
    )


class ThreadForm(GuardedFormMixin, forms.Form):
    """The fields depend on the kind (see ``kinds.KINDS``)."""

    title = NameField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Enter a title.")},
    )
    body = forms.CharField(
        label=_("Message"),
        error_messages=BODY_ERRORS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, kind: str, community=None, editing: bool = False, **kwargs):
        spec = spec_for(kind)
        # Set before the mixin's __init__, which redacts these fields on "Redact and continue".
        text_extras = [f.name for f in spec.extra_fields if f.kind != "date"]
        self.guarded_fields = ("title", "body", *text_extras)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.spec = spec
        self.fields["title"].help_text = spec.title_hint
        self.fields["body"].label = spec.body_label
        self.fields["body"].help_text = _(
            "%(hint)s You can use markdown: **bold**, *italic*, lists and links. Mention a "
            "member by typing @ and their name."
        ) % {"hint": spec.body_hint}
        if kind == ThreadKind.DOCUMENTING_SOLUTIONS:
            self.fields["body"].required = False
        field_map = {}
        for extra in spec.extra_fields:
            if extra.kind == "date":
                field = forms.DateField(
                    label=extra.label,
                    required=extra.required,
                    help_text=extra.help_text,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                    error_messages={
                        "required": _("Enter %(label)s")
                        % {"label": str(extra.label).lower().rstrip("?")},
                        "invalid": _("Enter a real date."),
                    },
                )
            else:
                widget = (
                    forms.Textarea(attrs={"rows": 4})
                    if extra.kind == "textarea"
                    else forms.TextInput
                )
                field = forms.CharField(
                    label=extra.label,
                    required=extra.required,
                    help_text=extra.help_text,
                    max_length=extra.max_length,
                    widget=widget,
                    error_messages={"required": _("Answer “%(label)s”") % {"label": extra.label}},
                )
                field_map[f"details.{extra.name}"] = extra.name
            self.fields[extra.name] = field
        if not editing:
            if community is not None and community.allow_anonymous_questions:
                self.fields["is_anonymous"] = forms.BooleanField(
                    label=_("Ask anonymously"),
                    required=False,
                    help_text=_(
                        "Other members will see “a member” instead of your name. "
                        "The community's safeguarding lead can find out who asked "
                        "if there is a safeguarding reason, and that is recorded."
                    ),
                )
            self.fields["attachments"] = _attachments_field()
            field_map.update(
                {f"attachment_name_{i}": "attachments" for i in range(MAX_ATTACHMENTS_PER_POST)}
            )
        self.guard_field_map = field_map

    def details(self) -> dict:
        return {f.name: self.cleaned_data.get(f.name) for f in self.spec.extra_fields}


class ReplyForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("body",)
    guard_field_map = {
        f"attachment_name_{i}": "attachments"  # noqa: RUF012
        for i in range(MAX_ATTACHMENTS_PER_POST)
    }

    body = forms.CharField(
        label=_("Your reply"),
        error_messages=BODY_ERRORS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("You can use markdown. Mention a member by typing @ and their name."),
    )
    quoted_post = forms.IntegerField(required=False, widget=forms.HiddenInput)
    attachments = _attachments_field()


class PostEditForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("body",)

    body = forms.CharField(
        label=_("Your reply"),
        error_messages=BODY_ERRORS,
        widget=forms.Textarea(attrs={"rows": 8}),
    )


class ReasonForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("reason",)

    reason = forms.CharField(
        label=_("Reason"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Do not include details of the people involved."),
        error_messages={
            "required": _("Enter the reason."),
            "max_length": _("The reason must be 500 characters or fewer."),
        },
    )

    def __init__(self, *args, label=None, hint=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        if hint:
            self.fields["reason"].help_text = hint


class MoveForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Choose a community.")},
    )

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = targets


class PollForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("question", "options")
    guard_field_map = {f"option_{i}": "options" for i in range(10)}  # noqa: RUF012

    question = NameField(
        label=_("Question"), max_length=300, error_messages={"required": _("Enter the question.")}
    )
    options = forms.CharField(
        label=_("Options"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One option a line, between 2 and 10."),
        error_messages={"required": _("Enter at least two options.")},
    )
    allows_multiple = forms.BooleanField(
        label=_("People can choose more than one option"), required=False
    )
    closes_on = forms.DateField(
        label=_("Closing date"),
        required=False,
        help_text=_("The poll closes at the end of this day. Leave empty to keep it open."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter a real date.")},
    )

    def option_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["options"].splitlines() if line.strip()]


class VoteForm(forms.Form):
    options = forms.MultipleChoiceField(
        label=_("Your answer"),
        error_messages={"required": _("Choose an option.")},
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, poll_view, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(o.pk), o.label) for o in poll_view.options]
        if poll_view.poll.allows_multiple:
            self.fields["options"].choices = choices
        else:
            self.fields["options"] = forms.ChoiceField(
                label=_("Your answer"),
                choices=choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an option.")},
            )

    def option_ids(self) -> list[int]:
        value = self.cleaned_data["options"]
        return [int(v) for v in (value if isinstance(value, list) else [value])]


class ReactionForm(forms.Form):
    kind = forms.ChoiceField(choices=ReactionKind.choices)


class ThreadFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of thread"),
        required=False,
        choices=[("", _("All kinds"))] + [(k, spec.label) for k, spec in KINDS.items()],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=Status.CHOICES)


class NewConversationForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("subject", "body")

    recipients = forms.ModelMultipleChoiceField(
        label=_("Who do you want to message?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Up to 7 people who are in a community with you."),
        error_messages={"required": _("Choose who to message.")},
    )
    subject = NameField(label=_("Subject"), max_length=150, required=False)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Enter your message.")},
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipients"].queryset = people


class MessageForm(GuardedFormMixin, forms.Form):
    guarded_fields = ("body",)

    body = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter your message.")},
    )
