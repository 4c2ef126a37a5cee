"""The privacy notice and the record of processing print the retention periods from the
settings the scheduled jobs enforce, so they change together."""

import pytest
from django.urls import reverse

from practice_commons.core.privacy import retention_rules

pytestmark = pytest.mark.django_db


def test_every_rule_names_a_real_setting(settings):
    for rule in retention_rules():
        assert isinstance(getattr(settings, rule.setting), int), rule.setting


@pytest.mark.parametrize("name", ["core:privacy", "core:processing_record"])
def test_the_pages_print_the_configured_periods(client, settings, name):
    settings.NOTIFICATION_RETENTION_DAYS = 45
    settings.INACTIVE_ACCOUNT_DAYS = 2 * 365
    page = client.get(reverse(name)).content.decode()
    assert "45 days" in page and "2 years" in page
    settings.NOTIFICATION_RETENTION_DAYS = 1
    assert "1 day" in client.get(reverse(name)).content.decode()


def test_the_notice_links_to_the_rights_and_the_record(client):
    page = client.get(reverse("core:privacy")).content.decode()
    for name in ("accounts:account_erase", "accounts:profile_edit", "core:processing_record"):
        assert reverse(name) in page


def test_the_record_names_single_sign_on_only_when_a_provider_is_configured(client, settings):
    url = reverse("core:processing_record")
    assert "Single sign-on" not in client.get(url).content.decode()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {"APPS": [{"provider_id": "riverside", "name": "Riverside Council"}]},
        "saml": {"APPS": []},
    }
    page = client.get(url).content.decode()
    assert "Single sign-on (Riverside Council)" in page
    assert "identity provider (Riverside Council) learns when you sign in" in page
