import pytest
from django.core import mail
from django.urls import reverse

from practice_commons.notifications import emails, services
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.notifications.tokens import make_unsubscribe_token, read_unsubscribe_token

pytestmark = pytest.mark.django_db


def test_notification_email_has_text_html_and_unsubscribe_headers(
    person, other_person, run_on_commit, settings
):
    settings.SITE_URL = "https://commons.example.org"
    with run_on_commit():
        services.notify(
            recipient=person,
            kind=NotificationKind.INVITATION,
            actor=other_person,
            title="You are invited to Youth Justice Practice",
            body="Join us & share.",
            url="/communities/youth-justice/",
        )
    message = mail.outbox[0]
    assert message.subject == "You are invited to Youth Justice Practice"
    assert "Join us & share." in message.body  # plain text is not HTML-escaped
    assert "https://commons.example.org/communities/youth-justice/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "Join us &amp; share." in html
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://commons.example.org/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    token = unsubscribe.strip("<>").rstrip("/").rsplit("/", 1)[1]
    assert read_unsubscribe_token(token) == (person.pk, "invitation")
    assert unsubscribe.strip("<>") in message.body


def test_email_uses_the_recipients_language(make_person, settings):
    from django.utils import translation

    settings.LANGUAGES = [("en-gb", "English"), ("cy", "Welsh")]
    person = make_person(language="cy")
    notification = services.notify(recipient=person, kind=NotificationKind.REPLY, title="Hi")
    seen = {}
    original = emails._build

    def spy(**kwargs):
        seen["language"] = translation.get_language()
        return original(**kwargs)

    import practice_commons.notifications.emails as module

    module._build, restore = spy, original
    try:
        emails.notification_email(notification)
    finally:
        module._build = restore
    assert seen["language"] == "cy"
    assert translation.get_language() != "cy"


def test_long_titles_make_one_line_subjects(person):
    notification = services.notify(
        recipient=person, kind=NotificationKind.REPLY, title="Line one\nline two " + "x" * 400
    )
    message = emails.notification_email(notification)
    assert "\n" not in message.subject and len(message.subject) <= 180


def test_tokens_are_signed():
    token = make_unsubscribe_token(5, "reply")
    assert read_unsubscribe_token(token) == (5, "reply")
    assert read_unsubscribe_token(token[:-2] + "xx") is None
    assert read_unsubscribe_token("") is None


def test_absolute_url(settings):
    settings.SITE_URL = "https://commons.example.org/"
    assert emails.absolute_url("/a/") == "https://commons.example.org/a/"
    assert emails.absolute_url("https://x.example/") == "https://x.example/"
    assert emails.absolute_url("") == "https://commons.example.org/"
    prefix = reverse("notifications:unsubscribe", args=["t"]).removesuffix("t/")
    assert emails.unsubscribe_url(1, "reply").startswith("https://commons.example.org" + prefix)
