"""Choosing Welsh changes the interface, on every page, for signed-out visitors and for
signed-in people (whose choice is kept on their account), and never sends anyone to
another site."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from practice_commons.core.testing import in_welsh

pytestmark = pytest.mark.django_db

SWITCH_URL = "/language/"


def test_the_switch_is_at_this_address():
    assert reverse("language:switch") == SWITCH_URL


@pytest.mark.parametrize("path", ["/", "/communities/", "/events/", "/library/", "/privacy/"])
def test_every_page_offers_the_other_language(client, path):
    page = client.get(path).content.decode()
    assert f'action="{SWITCH_URL}"' in page
    assert 'value="cy"' in page and "Cymraeg" in page


def test_a_visitor_who_chooses_welsh_reads_welsh_from_then_on(client):
    response = client.post(SWITCH_URL, {"language": "cy", "next": "/communities/"})
    assert response.status_code == 302 and response["Location"] == "/communities/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "cy"
    page = client.get("/").content.decode()
    assert '<html lang="cy"' in page
    assert in_welsh("Communities") != "Communities"
    assert in_welsh("Communities") in page
    # The switcher now offers English, marked in English.
    assert 'value="en-gb"' in page and '<span lang="en-gb">English</span>' in page


def test_an_english_page_stays_english(client):
    page = client.get("/").content.decode()
    assert '<html lang="en-gb"' in page
    assert "Communities" in page and in_welsh("Communities") not in page


def test_a_signed_in_persons_choice_is_kept_on_their_account(client, practitioner):
    client.force_login(practitioner)
    response = client.post(SWITCH_URL, {"language": "cy", "next": "/"})
    assert response.status_code == 302
    practitioner.refresh_from_db()
    assert practitioner.language == "cy"
    # Their account wins over a browser that asks for English.
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB", cookies={}).content.decode()
    assert '<html lang="cy"' in page


def test_switching_back_to_english(client, practitioner):
    practitioner.language = "cy"
    practitioner.save(update_fields=["language"])
    client.force_login(practitioner)
    client.post(SWITCH_URL, {"language": "en-gb", "next": "/"})
    practitioner.refresh_from_db()
    assert practitioner.language == "en-gb"
    assert '<html lang="en-gb"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/path", "javascript:alert(1)", ""]
)
def test_the_switch_never_sends_anyone_to_another_site(client, next_url):
    response = client.post(SWITCH_URL, {"language": "cy", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_changes_nothing_and_says_so(client, practitioner):
    client.force_login(practitioner)
    response = client.post(SWITCH_URL, {"language": "fr", "next": "/"}, follow=True)
    practitioner.refresh_from_db()
    assert practitioner.language == "en-gb"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert "Choose English or Cymraeg." in response.content.decode()


def test_the_switch_only_answers_a_form_post(client):
    assert client.get(SWITCH_URL).status_code == 405


def test_the_switch_needs_the_form_token(practitioner):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(practitioner)
    assert strict.post(SWITCH_URL, {"language": "cy"}).status_code == 403
    practitioner.refresh_from_db()
    assert practitioner.language == "en-gb"


def test_dates_are_written_in_welsh():
    import datetime

    from django.utils.formats import date_format

    with translation.override("cy"):
        assert date_format(datetime.date(2027, 3, 21), "j F Y") == "21 Mawrth 2027"


def test_emails_go_out_in_the_persons_language(practitioner, make_user):
    from practice_commons.notifications.emails import digest_email
    from practice_commons.notifications.models import DigestPeriod

    practitioner.language = "cy"
    practitioner.save(update_fields=["language"])
    english_reader = make_user()
    welsh_email = digest_email(user=practitioner, period=DigestPeriod.WEEKLY, sections=[])
    english_email = digest_email(user=english_reader, period=DigestPeriod.WEEKLY, sections=[])
    expected = in_welsh("Your weekly digest from %(site)s") % {"site": settings.SITE_NAME}
    assert expected != f"Your weekly digest from {settings.SITE_NAME}"
    assert welsh_email.subject == expected
    assert english_email.subject == f"Your weekly digest from {settings.SITE_NAME}"
    assert 'lang="cy"' in welsh_email.alternatives[0][0]
