"""The Django admin's pages for people and organisations render for a host admin (the
admin's own widgets, such as the date picker, include Django's form templates)."""

import pytest
from django.urls import reverse

from practice_commons.accounts.models import Organisation
from practice_commons.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_organisation_and_user_change_pages_render(client):
    admin = UserFactory(is_staff=True, is_superuser=True, full_name="Ada Admin")
    organisation = Organisation.objects.create(
        name="Leeds City Council", slug="leeds", kind="local_authority"
    )
    client.force_login(admin)
    for url in (
        reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        reverse("admin:accounts_organisation_add"),
        reverse("admin:accounts_user_change", args=[admin.pk]),
    ):
        assert client.get(url).status_code == 200, url
