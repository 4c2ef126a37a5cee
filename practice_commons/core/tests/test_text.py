import pytest
from django.core.exceptions import ValidationError
from ninja import Schema
from pydantic import ValidationError as SchemaError

from practice_commons.core.text import NameField, clean_name, clean_name_field, name_str


def _clean(value, max_length=80):
    return clean_name(value, label="Community name", max_length=max_length)


def test_names_are_nfc_normalised_and_spaced_once():
    decomposed = "Zoe\u0308  and\u00a0friends "
    assert _clean(decomposed) == "Zoë and friends"


@pytest.mark.parametrize(
    "value",
    [
        "\u200b\u200b\u200b",  # three zero-width spaces
        "Safe\u202eguarding",  # right-to-left override
        "Tab\x07bell",
        "Lone \ud800 surrogate",
        "Joiner\u200d",
    ],
)
def test_control_and_format_characters_are_refused_not_removed(value):
    with pytest.raises(ValidationError) as caught:
        _clean(value)
    assert "invisible or control characters" in caught.value.messages[0]
    assert caught.value.messages[0].startswith("Community name")


@pytest.mark.parametrize("value", ["", "   ", None])
def test_blank_is_refused_naming_the_field(value):
    with pytest.raises(ValidationError, match="Enter community name."):
        _clean(value)


def test_too_long_says_how_long_it_is():
    with pytest.raises(ValidationError) as caught:
        _clean("x" * 1204, max_length=280)
    assert caught.value.messages == [
        "Community name must be 280 characters or fewer; yours is 1,204."
    ]


def test_a_megabyte_is_refused_before_it_is_normalised():
    with pytest.raises(ValidationError, match="yours is 1,000,000"):
        _clean("x" * 1_000_000)


def test_name_field_in_a_form():
    field = NameField(label="Title", max_length=10)
    assert field.clean(" Good\u00a0day ") == "Good day"
    with pytest.raises(ValidationError, match="Title must be 10 characters or fewer; yours is 11."):
        field.clean("x" * 11)
    assert field.widget.attrs["maxlength"] == "10"
    optional = NameField(label="Title", max_length=10, required=False)
    assert optional.clean("") == ""


def test_name_str_in_a_schema():
    class In(Schema):
        name: name_str("Name", 20)

    assert In(name="Zoe\u0308").name == "Zoë"
    with pytest.raises(SchemaError, match="invisible or control characters"):
        In(name="\u200b")
    with pytest.raises(SchemaError, match="Must be text"):
        In(name=5)


def test_clean_name_field_keys_errors_by_field():
    def clean(value, **kwargs):
        return clean_name_field(value, field="title", label="Title", max_length=10, **kwargs)

    assert clean(" Good\u00a0day ") == "Good day"
    with pytest.raises(ValidationError) as caught:
        clean("\u200b\u200b\u200b")
    assert list(caught.value.message_dict) == ["title"]
    assert "invisible or control characters" in caught.value.message_dict["title"][0]
    with pytest.raises(ValidationError) as caught:
        clean("x" * 11)
    assert caught.value.message_dict == {
        "title": ["Title must be 10 characters or fewer; yours is 11."]
    }
    with pytest.raises(ValidationError) as caught:
        clean("  ", required_message="Enter a title.")
    assert caught.value.message_dict == {"title": ["Enter a title."]}
    assert clean("", required=False) == ""
    assert clean("   ", required=False) == ""
    with pytest.raises(ValidationError):
        clean("\u200b", required=False)
