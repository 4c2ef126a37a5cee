"""What safeguarding registers itself: people's profiles are reportable, organisations
name safeguarding leads. Higher apps register their own models the same way."""

from django.utils.translation import gettext_lazy as _

from practice_commons.accounts.models import Organisation, OrganisationMembership, User
from practice_commons.accounts.services import (
    PROFILE_GUARDED_FIELDS,
    can_manage_organisation,
    profile_texts_replace,
)
from practice_commons.confidentiality.guard import redact_texts

from .registry import register_reportable, register_scope

PROFILE_TEXT_LABELS = {"bio": _("About"), "pronouns": _("Pronouns"), "area": _("Area")}


def _profile_texts(user: User) -> dict[str, str]:
    return {str(PROFILE_TEXT_LABELS[f]): getattr(user, f) for f in PROFILE_GUARDED_FIELDS}


def _profile_redact(user: User, *, actor) -> None:
    texts = {f: getattr(user, f) or "" for f in PROFILE_GUARDED_FIELDS}
    changed = {f: v for f, v in redact_texts(texts).items() if v != texts[f]}
    if changed:
        profile_texts_replace(actor=actor, user=user, texts=changed)


def _profile_remove(user: User, *, actor) -> None:
    """A profile cannot be deleted by a moderator: its free text is cleared instead, and
    the hold stays so the profile remains hidden until a host admin restores it."""
    profile_texts_replace(actor=actor, user=user, texts=dict.fromkeys(PROFILE_GUARDED_FIELDS, ""))


def _belongs_to(user: User, organisation: Organisation) -> bool:
    return OrganisationMembership.objects.filter(organisation=organisation, user=user).exists()


def register_defaults() -> None:
    register_reportable(
        User,
        label=_("Profile"),
        scope=lambda user: user.organisation,
        owner=lambda user: user,
        title=lambda user: user.display_name,
        texts=_profile_texts,
        redact=_profile_redact,
        remove=_profile_remove,
    )
    register_scope(Organisation, can_manage=can_manage_organisation, can_lead=_belongs_to)
