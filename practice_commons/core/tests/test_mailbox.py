import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from practice_commons.core import mailbox

MAILBOX_BACKEND = "practice_commons.core.mailbox.MailboxBackend"


@pytest.fixture
def mailbox_on(settings, tmp_path):
    settings.EMAIL_BACKEND = MAILBOX_BACKEND
    settings.MAILBOX_DIR = tmp_path
    return tmp_path


def send(subject="Verify your email", text="Follow the link.", html=None, to="sam@example.org"):
    message = EmailMultiAlternatives(subject, text, "noreply@example.org", [to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


class TestBackend:
    def test_writes_one_eml_file_per_message(self, mailbox_on):
        send(subject="First")
        send(subject="Second")
        files = sorted(mailbox_on.glob("*.eml"))
        assert len(files) == 2
        assert all(f.stat().st_size > 0 for f in files)

    def test_send_mass_counts_messages(self, mailbox_on):
        sent = mail.send_mass_mail(
            [
                ("A", "a", "x@example.org", ["y@example.org"]),
                ("B", "b", "x@example.org", ["z@example.org"]),
            ]
        )
        assert sent == 2
        assert len(list(mailbox_on.glob("*.eml"))) == 2

    def test_parses_text_and_html_parts(self, mailbox_on):
        send(
            subject="Welcome to Practice Commons",
            text="Plain words £5",
            html="<p>Rich <strong>words</strong></p>",
        )
        [stored] = mailbox.list_mail()
        assert stored.subject == "Welcome to Practice Commons"
        assert stored.to == "sam@example.org"
        assert stored.text.strip() == "Plain words £5"
        assert "<strong>words</strong>" in stored.html
        assert mailbox.get_mail(stored.key) == stored

    def test_text_only_message_has_no_html(self, mailbox_on):
        send(text="Only text")
        [stored] = mailbox.list_mail()
        assert stored.text.strip() == "Only text"
        assert stored.html == ""

    def test_newest_first_and_limited(self, mailbox_on):
        for i in range(3):
            send(subject=f"Message {i}")
        subjects = [m.subject for m in mailbox.list_mail(limit=2)]
        assert subjects == ["Message 2", "Message 1"]

    @pytest.mark.parametrize("key", ["../secret", "..", "a/b", "x.eml", "missing-key"])
    def test_get_mail_refuses_odd_or_unknown_keys(self, mailbox_on, key):
        (mailbox_on.parent / "secret.eml").write_text("Subject: no\n\nno")
        assert mailbox.get_mail(key) is None


class TestMailboxPages:
    def test_404_when_debug_is_off(self, client, mailbox_on, settings):
        settings.DEBUG = False
        send()
        assert client.get(reverse("core:dev_mailbox")).status_code == 404
        key = mailbox.list_mail()[0].key
        assert client.get(reverse("core:dev_mailbox_message", args=[key])).status_code == 404

    @pytest.mark.django_db
    def test_lists_and_shows_a_sent_message_when_debug_is_on(self, client, mailbox_on, settings):
        settings.DEBUG = True
        send(subject="Confirm your address", text="Open https://example.org/confirm/abc/")
        response = client.get(reverse("core:dev_mailbox"))
        assert response.status_code == 200
        page = response.content.decode()
        assert "Confirm your address" in page
        key = mailbox.list_mail()[0].key
        detail = client.get(reverse("core:dev_mailbox_message", args=[key]))
        assert detail.status_code == 200
        assert "https://example.org/confirm/abc/" in detail.content.decode()

    @pytest.mark.django_db
    def test_unknown_message_is_404(self, client, mailbox_on, settings):
        settings.DEBUG = True
        assert (
            client.get(
                reverse("core:dev_mailbox_message", args=["20260101T000000000000-deadbeef"])
            ).status_code
            == 404
        )

    @pytest.mark.django_db
    def test_empty_mailbox(self, client, mailbox_on, settings):
        settings.DEBUG = True
        assert (
            "No mail has been sent yet." in client.get(reverse("core:dev_mailbox")).content.decode()
        )
