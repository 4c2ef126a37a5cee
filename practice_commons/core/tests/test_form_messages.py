"""Field errors name the field and say how to fix it, whatever form they are on."""

from django import forms
from django.core.validators import RegexValidator

from practice_commons.core.form_messages import specific_messages


class CommunityLikeForm(forms.Form):
    purpose = forms.CharField(label="Community purpose", max_length=280)
    nation = forms.ChoiceField(label="UK nation", choices=[("england", "England")])
    visibility = forms.ChoiceField(
        label="Who can see it", choices=[("public", "Public")], widget=forms.RadioSelect
    )
    days = forms.IntegerField(label="Number of days", min_value=1, max_value=90)
    hours = forms.DecimalField(label="Hours", max_digits=4, decimal_places=1)
    email = forms.EmailField(label="Email address")
    agree = forms.BooleanField(label="I agree to the rules")
    starts = forms.DateField(label="Start date")
    pronouns = forms.CharField(label="Pronouns (optional)", max_length=5, required=False)
    number = forms.CharField(
        label="Membership number",
        validators=[RegexValidator(r"^\d+$", message="Use digits only in the number")],
    )
    profession = forms.CharField(
        label="Profession", error_messages={"required": "Enter your profession"}
    )


def errors(data):
    form = CommunityLikeForm(data)
    return {name: list(messages) for name, messages in form.errors.items()}


def test_empty_form_says_what_to_enter_or_choose_for_each_field():
    found = errors({})
    assert found["purpose"] == ["Enter community purpose"]
    assert found["nation"] == ["Choose UK nation"]
    assert found["visibility"] == ["Choose who can see it"]
    assert found["days"] == ["Enter number of days"]
    assert found["email"] == ["Enter email address"]
    assert found["agree"] == ["Tick “I agree to the rules” to continue"]
    assert found["starts"] == ["Enter start date"]
    assert found["profession"] == ["Enter your profession"], "the form's own words stay"
    assert "pronouns" not in found


def test_wrong_answers_name_the_field_and_the_fix():
    found = errors(
        {
            "purpose": "x" * 1204,
            "nation": "atlantis",
            "visibility": "secret",
            "days": "91",
            "hours": "12345",
            "email": "not an address",
            "starts": "someday",
            "pronouns": "they/them",
            "number": "AB12",
        }
    )
    assert found["purpose"] == [
        "Community purpose must be 280 characters or fewer; yours is 1,204."
    ]
    assert found["nation"] == ["Choose UK nation from the list"]
    assert found["visibility"] == ["Choose who can see it from the list"]
    assert found["days"] == ["Number of days must be 90 or less"]
    assert found["hours"] == ["Hours must have 4 digits or fewer"]
    assert found["email"] == ["Enter email address in the correct format, like name@example.org"]
    assert found["starts"] == ["Enter start date as a real date"]
    assert found["pronouns"] == ["Pronouns must be 5 characters or fewer; yours is 9."]
    assert found["number"] == ["Use digits only in the number"], "a validator's own words stay"
    assert errors({"days": "0"})["days"] == ["Number of days must be 1 or more"]
    assert errors({"days": "many"})["days"] == ["Number of days must be a whole number, like 12"]


def test_messages_of_other_field_types():
    class Upload(forms.Form):
        file = forms.FileField(label="Staff file")
        topics = forms.MultipleChoiceField(label="Topics", choices=[("a", "A")])
        when = forms.SplitDateTimeField(label="Start")
        link = forms.URLField(label="Web address", assume_scheme="https")

    form = Upload({"topics": ["b"], "when_0": "2025-01-01", "when_1": "noon", "link": "nope"})
    assert form.errors["file"] == ["Choose a file for staff file"]
    assert form.errors["topics"] == ["Choose topics from the list"]
    assert form.errors["when"] == ["Enter start as a time, like 14:30"]
    assert form.errors["link"] == [
        "Enter web address as a full web address, like https://example.org"
    ]


def test_acronyms_keep_their_capitals():
    assert specific_messages(forms.CharField(), "NHS body")["required"] == "Enter NHS body"
    assert specific_messages(forms.CharField(), "Area")["required"] == "Enter area"


def test_questions_and_instructions_as_labels():
    question = specific_messages(forms.CharField(), "When is the visit?")
    assert question["required"] == "Enter your answer to “When is the visit?”"
    assert question["max_length"].startswith("Your answer to “When is the visit?” must be")
    chosen = specific_messages(forms.ChoiceField(), "How useful was it?")
    assert chosen["invalid_choice"] == "Choose your answer to “How useful was it?” from the list"
    upload = specific_messages(forms.FileField(), "Upload a CSV file of staff")
    assert upload["required"] == "Choose a CSV file of staff"


def test_model_validation_errors_are_reworded():
    from django.contrib.admin.models import LogEntry
    from django.contrib.auth.models import Group
    from django.core.exceptions import ValidationError

    from practice_commons.core.form_messages import reword_model_errors

    def errors(instance, **kwargs):
        try:
            instance.full_clean(validate_unique=False, **kwargs)
        except ValidationError as exc:
            return reword_model_errors(type(instance), exc).message_dict
        raise AssertionError("expected errors")

    assert errors(Group(name="x" * 151)) == {
        "name": ["Name must be 150 characters or fewer; yours is 151."]
    }
    assert errors(Group(name="")) == {"name": ["Enter name"]}
    entry = LogEntry(action_flag=9, object_repr="x", user_id=1)
    assert errors(entry, exclude=["user"])["action_flag"] == ["Choose action flag from the list"]


def test_messages_are_worded_once_per_field_class_label_and_language():
    from django.utils import translation

    first = specific_messages(forms.CharField(), "Area")
    assert specific_messages(forms.CharField(max_length=5), "Area") == first
    first["required"] = "changed by a caller"
    assert specific_messages(forms.CharField(), "Area")["required"] == "Enter area"
    with translation.override("cy"):
        welsh = specific_messages(forms.CharField(), "Area")
    assert welsh["required"] != "Enter area"
    assert specific_messages(forms.ChoiceField(), "Area")["required"] == "Choose area"
