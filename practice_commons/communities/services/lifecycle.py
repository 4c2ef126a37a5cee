"""Creating, editing, archiving and restoring a community."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practice_commons.accounts.models import Nation, User
from practice_commons.accounts.services import audit_record, expertise_tags_from_names
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import PermissionDenied
from practice_commons.core.text import check_text_fields, clean_name_field

from .. import selectors
from ..default_rules import default_rules
from ..models import (
    VISIBILITY_STRICTNESS,
    Community,
    CommunityMembership,
    CommunityRules,
    JoiningPolicy,
    MembershipStatus,
    Role,
    Visibility,
)
from .common import clean_text, require_can_read, require_moderator, require_signed_in

# Fields of the community page that facilitators edit, and which of them are free text.
EDITABLE_FIELDS = (
    "name",
    "purpose",
    "name_cy",
    "purpose_cy",
    "domain_statement",
    "practice_statement",
    "visibility",
    "joining_policy",
    "host_organisation",
    "nations",
    "areas",
    "meeting_rhythm",
    "allow_anonymous_questions",
)
TEXT_FIELDS = (
    "name",
    "purpose",
    "name_cy",
    "purpose_cy",
    "domain_statement",
    "practice_statement",
    "areas",
    "meeting_rhythm",
)
NAME_MAX_LENGTH = 120


def _labels() -> dict[str, str]:
    """How errors name each text field (they reach the API as well as the form)."""
    return {
        "purpose": _("Community purpose"),
        "name_cy": _("Name in Welsh"),
        "purpose_cy": _("Purpose in Welsh"),
        "domain_statement": _("What we care about"),
        "practice_statement": _("How we work together"),
        "areas": _("Areas"),
        "meeting_rhythm": _("Meeting rhythm"),
    }


def clean_community_name(value) -> str:
    """A community's name is shown in lists, headings and emails: ``core.text`` rules
    (NFC, no invisible or control characters, not blank, length with the count)."""
    return clean_name_field(
        value, field="name", label=_("Community name"), max_length=NAME_MAX_LENGTH
    )


def clean_welsh_name(value) -> str:
    """Optional: blank shows the English name; otherwise the same rules as the name."""
    return clean_name_field(
        value,
        field="name_cy",
        label=_("Name in Welsh"),
        max_length=NAME_MAX_LENGTH,
        required=False,
    )


def _clean_field(field: str, value):
    if field == "name":
        return clean_community_name(value)
    if field == "name_cy":
        return clean_welsh_name(value)
    return clean_text(value)


# Paths under /communities/ that are not community pages.
RESERVED_SLUGS = frozenset({"new", "invitations", "for-you", "api"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:120] or "community"
    if base in RESERVED_SLUGS:
        base = f"{base}-community"
    candidate, n = base, 2
    while Community.objects.filter(slug=candidate).exists():
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def _clean_nations(nations) -> list[str]:
    nations = list(dict.fromkeys(nations or []))
    unknown = [n for n in nations if n not in Nation.values]
    if unknown:
        raise ValidationError({"nations": _("Choose nations from the list.")})
    return [n for n in Nation.values if n in nations]


def _check_visibility_against_parent(visibility: str, parent: Community | None) -> None:
    if parent is None:
        return
    if (
        VISIBILITY_STRICTNESS[Visibility(visibility)]
        < VISIBILITY_STRICTNESS[Visibility(parent.visibility)]
    ):
        raise ValidationError(
            {
                "visibility": _(
                    "A sub-group cannot be more visible than %(parent)s (%(visibility)s)."
                )
                % {"parent": parent.name, "visibility": parent.get_visibility_display()}
            }
        )


def _check_subgroups_not_looser(community: Community, visibility: str) -> None:
    strict = VISIBILITY_STRICTNESS[Visibility(visibility)]
    for sub in community.subgroups.all():
        if VISIBILITY_STRICTNESS[Visibility(sub.visibility)] < strict:
            raise ValidationError(
                {
                    "visibility": _(
                        "The sub-group %(name)s is more visible than that. "
                        "Change the sub-group first."
                    )
                    % {"name": sub.name}
                }
            )


def _name_taken() -> ValidationError:
    return ValidationError({"name": _("A community with this name already exists.")})


def _require_name_free(community: Community) -> None:
    """Names are unique whatever their case, so the directory never lists two alike."""
    if Community.objects.filter(name__iexact=community.name).exclude(pk=community.pk).exists():
        raise _name_taken()


def _insert(community: Community) -> None:
    """The name was checked, but a concurrent create may still take it (or the slug)."""
    try:
        with transaction.atomic():
            community.save(force_insert=True)
    except IntegrityError as exc:
        raise _name_taken() from exc


def _require_visibility(value: str) -> None:
    if value not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who can see the community.")})


def _require_joining_policy(value: str) -> None:
    if value not in JoiningPolicy.values:
        raise ValidationError({"joining_policy": _("Choose how people join.")})


def _require_may_create(actor: User, parent: Community | None) -> None:
    """A sub-group's parent must be readable (else ``NotFound``), run by the actor, a
    top-level community (one level only) and not archived."""
    require_signed_in(actor)
    if parent is not None:
        require_can_read(actor, parent)
    if not selectors.can_create_community(actor, parent):
        if parent is not None:
            raise PermissionDenied(
                _("Only the facilitators of %(name)s can add sub-groups.") % {"name": parent.name}
            )
        raise PermissionDenied(_("Only host members can create communities."))
    if parent is not None and parent.parent_id is not None:
        raise ValidationError({"parent": _("A sub-group cannot have sub-groups of its own.")})
    if parent is not None and parent.archived_at is not None:
        raise ValidationError({"parent": _("You cannot add a sub-group to an archived community.")})


def _first_rules(*, community: Community, actor: User) -> CommunityRules | None:
    """A sub-group follows its parent's rules; a new community starts with the defaults."""
    if community.parent is not None:
        return community.parent.current_rules
    return CommunityRules.objects.create(
        community=community, version=1, rules=default_rules(), created_by=actor
    )


def _clean_topic_names(names) -> list[str]:
    names = [" ".join(str(n).split()) for n in (names or [])]
    names = [n for n in dict.fromkeys(names) if n]
    if any(len(n) > 80 for n in names):
        raise ValidationError({"topics": _("Each topic must be 80 characters or fewer.")})
    if len(names) > 20:
        raise ValidationError({"topics": _("Choose 20 topics or fewer.")})
    return names


def _topic_texts(names: list[str]) -> dict[str, str]:
    return {"topics": ", ".join(names)} if names else {}


@transaction.atomic
def community_create(
    *,
    actor: User,
    name: str,
    purpose: str,
    domain_statement: str,
    practice_statement: str = "",
    name_cy: str = "",
    purpose_cy: str = "",
    visibility: str = Visibility.PUBLIC,
    joining_policy: str = JoiningPolicy.OPEN,
    host_organisation=None,
    professions=(),
    nations=(),
    areas: str = "",
    topics=(),
    parent: Community | None = None,
    meeting_rhythm: str = "",
    allow_anonymous_questions: bool = False,
    topic_names: list[str] | None = None,
    confidentiality_acknowledged: bool = False,
) -> Community:
    """Create a community (or a sub-group of ``parent``); the creator becomes its owner
    and the first version of the group rules is the defaults (a sub-group uses its
    parent's rules and needs the parent's facilitators)."""
    _require_may_create(actor, parent)
    _require_visibility(visibility)
    _require_joining_policy(joining_policy)
    _check_visibility_against_parent(visibility, parent)

    community = Community(
        name=clean_community_name(name),
        purpose=clean_text(purpose),
        name_cy=clean_welsh_name(name_cy),
        purpose_cy=clean_text(purpose_cy),
        domain_statement=clean_text(domain_statement),
        practice_statement=clean_text(practice_statement),
        visibility=visibility,
        joining_policy=joining_policy,
        host_organisation=host_organisation,
        nations=_clean_nations(nations),
        areas=clean_text(areas),
        parent=parent,
        meeting_rhythm=clean_text(meeting_rhythm),
        allow_anonymous_questions=bool(allow_anonymous_questions),
        created_by=actor,
    )
    community.slug = _unique_slug(community.name)
    # Validate shape first (clear errors for empty or long fields), then the guard.
    _require_name_free(community)
    check_text_fields(community, _labels())
    community.full_clean(exclude=["current_rules", "created_by"])
    topic_names = _clean_topic_names(topic_names)
    guard_texts(
        texts={**{f: getattr(community, f) for f in TEXT_FIELDS}, **_topic_texts(topic_names)},
        acknowledged=confidentiality_acknowledged,
    )
    _insert(community)
    community.professions.set(professions)
    community.topics.set([*topics, *expertise_tags_from_names(topic_names)])
    rules = _first_rules(community=community, actor=actor)
    community.current_rules = rules
    community.save(update_fields=["current_rules"])
    CommunityMembership.objects.create(
        community=community,
        user=actor,
        role=Role.OWNER,
        status=MembershipStatus.ACTIVE,
        accepted_rules_version=rules.version if rules else None,
        joined_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="community.create",
        target=community,
        data={"parent_id": parent.pk if parent else None, "visibility": visibility},
    )
    return community


@transaction.atomic
def community_update(
    *,
    actor: User,
    community: Community,
    data: dict,
    professions=None,
    topics=None,
    topic_names: list[str] | None = None,
    confidentiality_acknowledged: bool = False,
) -> Community:
    """Facilitators edit the community page. ``data`` holds any of ``EDITABLE_FIELDS``."""
    require_moderator(actor, community)
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed: %(f)s") % {"f": ", ".join(sorted(unknown))}
        )
    community = Community.objects.select_for_update().get(pk=community.pk)
    changed = []
    for field in EDITABLE_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field in TEXT_FIELDS:
            value = _clean_field(field, value)
        if field == "nations":
            value = _clean_nations(value)
        if field == "visibility":
            _require_visibility(value)
            _check_visibility_against_parent(value, community.parent)
            _check_subgroups_not_looser(community, value)
        if field == "joining_policy":
            _require_joining_policy(value)
        if getattr(community, field) != value:
            setattr(community, field, value)
            changed.append(field)
    if "name" in changed:
        _require_name_free(community)
    check_text_fields(community, _labels())
    community.full_clean(exclude=["current_rules", "created_by"])
    if topic_names is not None:
        topic_names = _clean_topic_names(topic_names)
    guard_texts(
        texts={
            **{f: getattr(community, f) for f in TEXT_FIELDS if f in changed},
            **_topic_texts(topic_names or []),
        },
        acknowledged=confidentiality_acknowledged,
    )
    if changed:
        community.save(update_fields=changed)
    if professions is not None:
        community.professions.set(professions)
        changed.append("professions")
    if topics is not None or topic_names is not None:
        community.topics.set([*(topics or []), *expertise_tags_from_names(topic_names or [])])
        changed.append("topics")
    if changed:
        audit_record(
            actor=actor, action="community.update", target=community, data={"fields": changed}
        )
    return community


@transaction.atomic
def community_archive(*, actor: User, community: Community) -> Community:
    """Owners (and host admins) archive a community: it stays readable, nothing new is
    posted, and it leaves the directory."""
    require_signed_in(actor)
    require_can_read(actor, community)
    if not selectors.can_archive(actor, community):
        raise PermissionDenied(_("Only the community's owner can archive it."))
    if community.archived_at is None:
        community.archived_at = timezone.now()
        community.save(update_fields=["archived_at"])
        audit_record(actor=actor, action="community.archive", target=community)
    return community


@transaction.atomic
def community_restore(*, actor: User, community: Community) -> Community:
    """Owners (and host admins, the same people who may archive) bring an archived
    community back: posting resumes and it returns to the directory. A sub-group stays
    archived while its parent is."""
    require_signed_in(actor)
    require_can_read(actor, community)
    if not selectors.can_archive(actor, community):
        raise PermissionDenied(_("Only the community's owner can restore it."))
    # Lock the row and read its current state into the caller's object (as archive does).
    locked = Community.objects.select_for_update().get(pk=community.pk)
    community.archived_at = locked.archived_at
    if community.archived_at is None:
        raise ValidationError(
            {"__all__": _("%(name)s is not archived.") % {"name": community.name}}
        )
    parent = locked.parent
    if parent is not None and parent.archived_at is not None:
        raise ValidationError(
            {
                "__all__": _(
                    "%(parent)s is archived. Restore %(parent)s before restoring its sub-group."
                )
                % {"parent": parent.name}
            }
        )
    archived_at = community.archived_at
    community.archived_at = None
    community.save(update_fields=["archived_at"])
    audit_record(
        actor=actor,
        action="community.restore",
        target=community,
        data={"archived_at": archived_at.isoformat()},
    )
    return community
