"""The language a person reads the interface in."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import User


def interface_languages() -> dict[str, str]:
    return dict(settings.LANGUAGES)


def language_choose(*, user: User, language: str) -> User:
    """Keep ``language`` as the person's choice for pages, emails and PDFs."""
    if language not in interface_languages():
        raise ValidationError(_("Choose English or Cymraeg."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user
