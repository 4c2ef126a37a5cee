"""A person's own profile, and moderators' redactions of it."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.text import clean_name_field

from ..models import ExpertiseTag, User
from .affiliation import affiliation_choose
from .common import audit_record, full_clean_with_lengths, unique_slug
from .organisations import organisation_create


def expertise_tags_from_names(names: list[str]) -> list[ExpertiseTag]:
    tags = []
    for raw in names:
        name = " ".join(raw.split())[:80]
        if not name:
            continue
        tag = ExpertiseTag.objects.filter(name__iexact=name).first()
        if tag is None:
            tag = ExpertiseTag.objects.create(name=name, slug=unique_slug(ExpertiseTag, name))
        tags.append(tag)
    return tags


@dataclass(frozen=True)
class NewOrganisation:
    name: str
    kind: str


# Free text a person writes about themselves that could still mention someone they work
# with. The person's own full name is not guarded: it is theirs to give.
PROFILE_GUARDED_FIELDS = ("bio", "pronouns", "area")

PROFILE_FIELDS = (
    "full_name",
    "pronouns",
    "profession",
    "nation",
    "area",
    "regulator",
    "registration_number",
    "bio",
    "open_to_collaborate",
    "happy_to_network",
    "language",
)


@transaction.atomic
def profile_update(
    *,
    actor: User,
    user: User,
    data: dict,
    expertise: list[str],
    new_organisation: NewOrganisation | None = None,
    confidentiality_acknowledged: bool = False,
) -> User:
    """Save a person's profile. Only the person themselves may edit it here; host admins
    use the admin, organisation admins manage roles, not profiles. The free text (and the
    expertise tags, which become shared rows) passes the confidentiality guard before
    anything is written. The organisation chosen (``data["organisation"]`` or a new one;
    without either it is left alone) is only a request until it is verified
    (``affiliation_choose``, with ``data["work_email"]``): nothing typed here makes anyone
    a member of anything."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("You can only edit your own profile."))
    guard_texts(
        texts={
            **{f: data.get(f) or "" for f in PROFILE_GUARDED_FIELDS},
            "expertise": ", ".join(expertise),
        },
        acknowledged=confidentiality_acknowledged,
    )
    organisation = data.get("organisation")
    if new_organisation is not None:
        organisation = organisation_create(
            actor=actor,
            name=new_organisation.name,
            kind=new_organisation.kind,
            nation=data.get("nation", ""),
            area=data.get("area", ""),
            confidentiality_acknowledged=confidentiality_acknowledged,
        )
    if "full_name" in data:
        data = {
            **data,
            "full_name": clean_name_field(
                data["full_name"], field="full_name", label=_("Full name"), max_length=150
            ),
        }
    for field in PROFILE_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    full_clean_with_lengths(user, exclude=["password"])
    user.save(update_fields=list(PROFILE_FIELDS))
    user.expertise.set(expertise_tags_from_names(expertise))
    if "organisation" in data or new_organisation is not None:
        affiliation_choose(
            actor=actor,
            user=user,
            organisation=organisation,
            work_email=data.get("work_email") or "",
            new_organisation=new_organisation is not None,
        )
    audit_record(actor=actor, action="profile.update", target=user)
    return user


@transaction.atomic
def profile_texts_replace(
    *, actor: User, user: User, texts: dict[str, str], reason: str = ""
) -> User:
    """Replace a person's free-text profile fields for a moderator (redaction or removal).

    Called only by the safeguarding moderation service, which has already checked that
    ``actor`` reviews a report about this profile (accounts cannot see who the
    safeguarding leads are). The new texts are the guard's own redactions or empty.
    """
    unknown = set(texts) - set(PROFILE_GUARDED_FIELDS)
    if unknown:
        raise ValueError(f"not a guarded profile field: {sorted(unknown)}")
    for field, value in texts.items():
        setattr(user, field, value)
    user.save(update_fields=list(texts))
    audit_record(
        actor=actor,
        action="profile.moderate",
        target=user,
        reason=reason,
        data={"fields": sorted(texts)},
    )
    return user
