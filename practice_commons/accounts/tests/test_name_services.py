"""Accounts services check names as the forms do (``core.text``), so the API cannot store
a name the pages would refuse; model validation errors name the field."""

import pytest
from django.core.exceptions import ValidationError

from practice_commons.accounts import services
from practice_commons.accounts.models import Organisation

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def test_profile_update_refuses_an_invisible_full_name_and_tidies_a_real_one():
    user = UserFactory()
    with pytest.raises(ValidationError) as caught:
        services.profile_update(
            actor=user, user=user, data={"full_name": "\u200b\u200b\u200b"}, expertise=[]
        )
    assert "Full name contains invisible" in caught.value.message_dict["full_name"][0]
    services.profile_update(
        actor=user, user=user, data={"full_name": "Zoe\u0308  Hart"}, expertise=[]
    )
    user.refresh_from_db()
    assert user.full_name == "Zoë Hart"


def test_organisation_names_are_names():
    user = UserFactory()
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=user, name="\u200b\u200b\u200b", kind="charity")
    assert "Organisation name contains invisible" in caught.value.message_dict["name"][0]
    with pytest.raises(ValidationError) as caught:
        services.organisation_create(actor=user, name="x" * 201, kind="charity")
    assert caught.value.message_dict["name"] == [
        "Organisation name must be 200 characters or fewer; yours is 201."
    ]
    assert not Organisation.objects.filter(kind="charity").exists()


def test_profile_lengths_name_the_field():
    user = UserFactory()
    with pytest.raises(ValidationError) as caught:
        services.profile_update(actor=user, user=user, data={"bio": "a" * 2001}, expertise=[])
    assert caught.value.message_dict["bio"] == [
        "About you must be 2,000 characters or fewer; yours is 2,001."
    ]
