"""A development mailbox: each sent message is written as one ``.eml`` file under
``var/mail`` and listed at ``/dev/mailbox/`` while ``DEBUG`` is on."""

import email
import email.policy
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


def mailbox_dir() -> Path:
    path = Path(settings.MAILBOX_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


class MailboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = mailbox_dir()
        for message in email_messages:
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            name = f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
            (directory / name).write_bytes(message.message().as_bytes())
        return len(email_messages)


@dataclass(frozen=True)
class StoredMail:
    key: str
    subject: str
    to: str
    sender: str
    date: str
    text: str
    html: str


def _parse(path: Path) -> StoredMail:
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text_part = msg.get_body(preferencelist=("plain",))
    html_part = msg.get_body(preferencelist=("html",))
    return StoredMail(
        key=path.stem,
        subject=str(msg.get("Subject", "")),
        to=str(msg.get("To", "")),
        sender=str(msg.get("From", "")),
        date=str(msg.get("Date", "")),
        text=text_part.get_content() if text_part else "",
        html=html_part.get_content() if html_part else "",
    )


def list_mail(limit: int = 50) -> list[StoredMail]:
    paths = sorted(mailbox_dir().glob("*.eml"), reverse=True)[:limit]
    return [_parse(p) for p in paths]


def get_mail(key: str) -> StoredMail | None:
    if not key.replace("-", "").replace("T", "").isalnum():
        return None
    path = mailbox_dir() / f"{key}.eml"
    return _parse(path) if path.is_file() else None
