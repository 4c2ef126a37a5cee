"""The profile form: a person's full name and a new organisation's name are names
(``core.text``), and every field's error says which field and how to fix it."""

import pytest

from practice_commons.accounts.forms import NEW_ORGANISATION, ProfileForm

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def errors(user, **data):
    form = ProfileForm(data, instance=user)
    assert not form.is_valid()
    return form.errors


def test_a_full_name_of_invisible_characters_is_refused():
    user = UserFactory()
    found = errors(user, full_name="\u200b\u200b\u200b")
    assert found["full_name"] == [
        "Full name contains invisible or control characters (such as zero-width spaces or "
        "direction marks): type it again without them."
    ]
    assert errors(user, full_name="Sam\u202ePatel")["full_name"][0].startswith("Full name contains")


def test_empty_required_fields_say_what_to_give():
    found = errors(UserFactory(), full_name="", profession="", nation="")
    assert found["full_name"] == ["Enter your full name"]
    assert found["profession"] == ["Choose your profession"]
    assert found["nation"] == ["Choose the UK nation you work in"]


def test_a_full_name_is_nfc_and_single_spaced():
    user = UserFactory()
    form = ProfileForm(
        {
            "full_name": " Zoe\u0308   Hart ",
            "profession": user.profession_id,
            "nation": "england",
            "regulator": "none",
            "language": "en-gb",
        },
        instance=user,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["full_name"] == "Zoë Hart"


def test_a_new_organisation_name_is_a_name():
    found = errors(
        UserFactory(),
        organisation_choice=NEW_ORGANISATION,
        new_organisation_name="\u200b\u200b",
        new_organisation_kind="charity",
    )
    assert "invisible or control characters" in found["new_organisation_name"][0]
