"""Every write to communities, their rules and their memberships.

One function per use case, keyword-only, actor first, atomic. Permissions are checked
here (so the pages and the API cannot disagree), every text a person writes passes
through the confidentiality guard before it is stored, and moderation is audited.
Notifications and email are sent only after the transaction commits (``notify``).
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practice_commons.accounts.models import Nation, User
from practice_commons.accounts.services import audit_record, expertise_tags_from_names
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.notifications.kinds import NotificationKind
from practice_commons.safeguarding import selectors as safeguarding_selectors
from practice_commons.safeguarding import services as safeguarding_services

from . import notify, selectors
from .default_rules import MAX_RULE_DESCRIPTION, MAX_RULE_TITLE, MAX_RULES, default_rules
from .models import (
    INVITATION_DAYS,
    VISIBILITY_STRICTNESS,
    Community,
    CommunityMembership,
    CommunityRules,
    Invitation,
    JoiningPolicy,
    MembershipStatus,
    Role,
    Visibility,
)

MAX_MUTE_DAYS = 90

# The notification kind for telling someone they were removed or muted.
MEMBERSHIP_NOTICE_KIND = NotificationKind.MEMBERSHIP_CHANGE

# Fields of the community page that facilitators edit, and which of them are free text.
EDITABLE_FIELDS = (
    "name",
    "purpose",
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
    "domain_statement",
    "practice_statement",
    "areas",
    "meeting_rhythm",
)


# --- helpers -------------------------------------------------------------------------


def _require_signed_in(actor) -> None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in first."))


def _require_moderator(actor, community: Community) -> None:
    """Outsiders who cannot even see the community get 404, so it does not leak."""
    _require_signed_in(actor)
    if not selectors.can_read(actor, community):
        raise Http404
    if not selectors.can_moderate(actor, community):
        raise PermissionDenied(_("Only this community's facilitators can do that."))


def _clean_text(value) -> str:
    return (value or "").strip()


# Paths under /communities/ that are not community pages.
RESERVED_SLUGS = frozenset({"new", "invitations", "for-you", "api"})


def _unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(name)[:120] or "community"
    if base in RESERVED_SLUGS:
        base = f"{base}-community"
    candidate, n = base, 2
    qs = Community.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=candidate).exists():
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


def _validate_and_save(community: Community, *, exclude_name_check=False) -> None:
    if (
        not exclude_name_check
        and community.name
        and Community.objects.filter(name__iexact=community.name).exclude(pk=community.pk).exists()
    ):
        raise ValidationError({"name": _("A community with this name already exists.")})
    community.full_clean(exclude=["current_rules", "created_by", "slug"])
    try:
        with transaction.atomic():
            community.save()
    except IntegrityError as exc:  # a concurrent create took the name or slug
        raise ValidationError({"name": _("A community with this name already exists.")}) from exc


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


def clean_rules(rules) -> list[dict[str, str]]:
    """Validate a list of ``{"title", "description"}`` and return it trimmed."""
    if not isinstance(rules, list):
        raise ValidationError({"rules": _("Rules must be a list.")})
    cleaned = []
    for rule in rules:
        if not isinstance(rule, dict):
            raise ValidationError({"rules": _("Each rule needs a title and a description.")})
        title = _clean_text(rule.get("title"))
        description = _clean_text(rule.get("description"))
        if not title and not description:
            continue
        if not title:
            raise ValidationError({"rules": _("Each rule needs a title.")})
        if len(title) > MAX_RULE_TITLE:
            raise ValidationError(
                {
                    "rules": _("A rule's title must be %(max)d characters or fewer.")
                    % {"max": MAX_RULE_TITLE}
                }
            )
        if len(description) > MAX_RULE_DESCRIPTION:
            raise ValidationError(
                {
                    "rules": _("A rule's description must be %(max)d characters or fewer.")
                    % {"max": MAX_RULE_DESCRIPTION}
                }
            )
        cleaned.append({"title": title, "description": description})
    if not cleaned:
        raise ValidationError({"rules": _("A community needs at least one group rule.")})
    if len(cleaned) > MAX_RULES:
        raise ValidationError(
            {"rules": _("A community can have at most %(max)d rules.") % {"max": MAX_RULES}}
        )
    return cleaned


def _rules_texts(rules: list[dict[str, str]]) -> dict[str, str]:
    texts = {}
    for i, rule in enumerate(rules):
        texts[f"rules.{i}.title"] = rule["title"]
        texts[f"rules.{i}.description"] = rule["description"]
    return texts


# --- communities -----------------------------------------------------------------------


@transaction.atomic
def community_create(
    *,
    actor: User,
    name: str,
    purpose: str,
    domain_statement: str,
    practice_statement: str = "",
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
    acknowledged: bool = False,
) -> Community:
    """Create a community (or a sub-group of ``parent``); the creator becomes its owner
    and the first version of the group rules is the defaults (a sub-group uses its
    parent's rules and needs the parent's facilitators)."""
    _require_signed_in(actor)
    if parent is not None and not selectors.can_read(actor, parent):
        raise Http404
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
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": _("Choose who can see the community.")})
    if joining_policy not in JoiningPolicy.values:
        raise ValidationError({"joining_policy": _("Choose how people join.")})
    _check_visibility_against_parent(visibility, parent)

    community = Community(
        name=_clean_text(name),
        purpose=_clean_text(purpose),
        domain_statement=_clean_text(domain_statement),
        practice_statement=_clean_text(practice_statement),
        visibility=visibility,
        joining_policy=joining_policy,
        host_organisation=host_organisation,
        nations=_clean_nations(nations),
        areas=_clean_text(areas),
        parent=parent,
        meeting_rhythm=_clean_text(meeting_rhythm),
        allow_anonymous_questions=bool(allow_anonymous_questions),
        created_by=actor,
    )
    community.slug = _unique_slug(community.name)
    # Validate shape first (clear errors for empty or long fields), then the guard.
    if Community.objects.filter(name__iexact=community.name).exists():
        raise ValidationError({"name": _("A community with this name already exists.")})
    community.full_clean(exclude=["current_rules", "created_by"])
    topic_names = _clean_topic_names(topic_names)
    guard_texts(
        texts={**{f: getattr(community, f) for f in TEXT_FIELDS}, **_topic_texts(topic_names)},
        acknowledged=acknowledged,
    )
    _validate_and_save(community, exclude_name_check=True)
    community.professions.set(professions)
    community.topics.set([*topics, *expertise_tags_from_names(topic_names)])

    if parent is not None:
        rules = parent.current_rules
    else:
        rules = CommunityRules.objects.create(
            community=community, version=1, rules=default_rules(), created_by=actor
        )
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
    acknowledged: bool = False,
) -> Community:
    """Facilitators edit the community page. ``data`` holds any of ``EDITABLE_FIELDS``."""
    _require_moderator(actor, community)
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
            value = _clean_text(value)
        if field == "nations":
            value = _clean_nations(value)
        if field == "visibility":
            if value not in Visibility.values:
                raise ValidationError({"visibility": _("Choose who can see the community.")})
            _check_visibility_against_parent(value, community.parent)
            _check_subgroups_not_looser(community, value)
        if field == "joining_policy" and value not in JoiningPolicy.values:
            raise ValidationError({"joining_policy": _("Choose how people join.")})
        if getattr(community, field) != value:
            setattr(community, field, value)
            changed.append(field)
    if (
        "name" in changed
        and Community.objects.filter(name__iexact=community.name).exclude(pk=community.pk).exists()
    ):
        raise ValidationError({"name": _("A community with this name already exists.")})
    community.full_clean(exclude=["current_rules", "created_by"])
    if topic_names is not None:
        topic_names = _clean_topic_names(topic_names)
    guard_texts(
        texts={
            **{f: getattr(community, f) for f in TEXT_FIELDS if f in changed},
            **_topic_texts(topic_names or []),
        },
        acknowledged=acknowledged,
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
    _require_signed_in(actor)
    if not selectors.can_read(actor, community):
        raise Http404
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
    _require_signed_in(actor)
    if not selectors.can_read(actor, community):
        raise Http404
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


# --- rules ---------------------------------------------------------------------------


@transaction.atomic
def community_rules_update(
    *, actor: User, community: Community, rules: list[dict], acknowledged: bool = False
) -> CommunityRules:
    """Save a new version of the group rules. Members must accept it before they next
    post; the facilitator who wrote it has accepted it. Sub-groups follow the parent's
    rules, so they are edited on the parent."""
    _require_moderator(actor, community)
    if community.parent_id is not None:
        raise ValidationError(
            {
                "rules": _("A sub-group follows the rules of %(parent)s; edit them there.")
                % {"parent": community.parent.name}
            }
        )
    cleaned = clean_rules(rules)
    guard_texts(texts=_rules_texts(cleaned), acknowledged=acknowledged)
    community = Community.objects.select_for_update().get(pk=community.pk)
    current = community.current_rules
    if current is not None and current.rules == cleaned:
        return current
    last = CommunityRules.objects.filter(community=community).order_by("-version").first()
    new = CommunityRules.objects.create(
        community=community,
        version=(last.version + 1) if last else 1,
        rules=cleaned,
        created_by=actor,
    )
    community.current_rules = new
    community.save(update_fields=["current_rules"])
    Community.objects.filter(parent=community).update(current_rules=new)
    _record_acceptance(user=actor, community=community, version=new.version)
    audit_record(
        actor=actor,
        action="community.rules_update",
        target=community,
        data={"version": new.version},
    )
    return new


def _record_acceptance(*, user, community: Community, version: int) -> None:
    """Accepting a version counts in the rules' community and in all its sub-groups."""
    owner_id = community.rules_owner_id
    ids = [owner_id, *Community.objects.filter(parent_id=owner_id).values_list("pk", flat=True)]
    CommunityMembership.objects.filter(user=user, community_id__in=ids).exclude(
        accepted_rules_version__gte=version
    ).update(accepted_rules_version=version)


@transaction.atomic
def rules_accept(
    *, actor: User, community: Community, version: int | None = None
) -> CommunityMembership:
    """A member accepts the current rules (needed after facilitators change them)."""
    _require_signed_in(actor)
    membership = selectors.membership_of(actor, community)
    if membership is None:
        if not selectors.can_read(actor, community):
            raise Http404
        raise PermissionDenied(_("Only members accept the rules here. Join the community."))
    rules = _current_rules(community)
    if rules is None:
        return membership
    if version is not None and version != rules.version:
        raise ValidationError(
            {
                "accept_rules": _(
                    "The rules changed while you were reading them. Read the current rules and "
                    "accept again."
                )
            }
        )
    _record_acceptance(user=actor, community=community, version=rules.version)
    membership.refresh_from_db(fields=["accepted_rules_version"])
    audit_record(
        actor=actor,
        action="community.rules_accept",
        target=community,
        data={"version": rules.version},
    )
    return membership


# --- joining and leaving ---------------------------------------------------------------


def _current_rules(community: Community) -> CommunityRules | None:
    """Read fresh: the caller's object may predate a rules change."""
    return CommunityRules.objects.filter(
        pk=Community.objects.filter(pk=community.pk).values("current_rules")[:1]
    ).first()


def _require_rules_accepted(community: Community, accept_rules: bool, version=None) -> int | None:
    if not accept_rules:
        raise ValidationError({"accept_rules": _("You must accept the group rules to join.")})
    rules = _current_rules(community)
    if rules is not None and version is not None and version != rules.version:
        raise ValidationError(
            {
                "accept_rules": _(
                    "The rules changed while you were reading them. Read the current rules and "
                    "accept again."
                )
            }
        )
    return rules.version if rules is not None else None


@transaction.atomic
def community_join(
    *, actor: User, community: Community, accept_rules: bool, rules_version: int | None = None
) -> CommunityMembership:
    """Join (open), ask to join (by request) or take up an invitation already recorded
    for this person. Joining always means accepting the current rules."""
    _require_signed_in(actor)
    existing = selectors.any_membership_of(actor, community)
    invited = existing is not None and existing.status == MembershipStatus.INVITED
    if not invited and not selectors.can_read(actor, community):
        raise Http404
    allowed, reason = selectors.can_join(actor, community)
    if not allowed:
        raise ValidationError({"__all__": reason})
    if (
        community.parent_id is not None
        and not invited
        and not selectors.is_member(actor, community.parent)
    ):
        raise ValidationError(
            {
                "__all__": _("Join %(parent)s first: this is one of its sub-groups.")
                % {"parent": community.parent.name}
            }
        )
    version = _require_rules_accepted(community, accept_rules, rules_version)

    if invited or community.joining_policy == JoiningPolicy.OPEN:
        status = MembershipStatus.ACTIVE
    else:
        status = MembershipStatus.REQUESTED
    now = timezone.now()
    if existing is None:
        membership = CommunityMembership(community=community, user=actor, role=Role.MEMBER)
    else:
        membership = CommunityMembership.objects.select_for_update().get(pk=existing.pk)
        membership.role = (
            Role.MEMBER if membership.status != MembershipStatus.INVITED else membership.role
        )
    membership.status = status
    membership.accepted_rules_version = version
    membership.muted_until = None
    if status == MembershipStatus.ACTIVE:
        membership.joined_at = now
    membership.created_at = now
    membership.save()
    if invited:
        Invitation.objects.filter(
            community=community,
            email__iexact=actor.email,
            accepted_at__isnull=True,
            withdrawn_at__isnull=True,
        ).update(accepted_at=now, accepted_by=actor)
    audit_record(
        actor=actor,
        action=f"community.{'join' if status == 'active' else 'request'}",
        target=community,
        data={"membership_id": membership.pk},
    )
    if status == MembershipStatus.REQUESTED:
        notify.notify_on_commit(
            recipients=list(selectors.moderator_ids(community)),
            kind="join_request",
            title=_("%(person)s asked to join %(community)s")
            % {"person": actor.display_name, "community": community.name},
            url=reverse("communities:requests", kwargs={"slug": community.slug}),
            actor=actor,
            community_id=community.pk,
            dedupe_key=f"community-join-request-{membership.pk}",
        )
    return membership


@transaction.atomic
def community_leave(*, actor: User, community: Community) -> None:
    """Leave a community (or withdraw a request). The last owner must hand over first.
    Leaving a community also leaves its sub-groups."""
    _require_signed_in(actor)
    membership = selectors.any_membership_of(actor, community)
    if membership is None or membership.status not in (
        MembershipStatus.ACTIVE,
        MembershipStatus.REQUESTED,
        MembershipStatus.INVITED,
    ):
        if not selectors.can_read(actor, community):
            raise Http404
        raise ValidationError({"__all__": _("You are not a member of this community.")})
    if membership.status == MembershipStatus.ACTIVE and membership.role == Role.OWNER:
        other_owners = CommunityMembership.objects.filter(
            community=community,
            role=Role.OWNER,
            status=MembershipStatus.ACTIVE,
        ).exclude(pk=membership.pk)
        if not other_owners.exists():
            raise ValidationError(
                {
                    "__all__": _(
                        "You are the only owner. Make another member an owner before you leave."
                    )
                }
            )
    CommunityMembership.objects.filter(community__parent=community, user=actor).exclude(
        role=Role.OWNER
    ).delete()
    membership.delete()
    audit_record(actor=actor, action="community.leave", target=community)


@transaction.atomic
def join_request_decide(
    *,
    actor: User,
    membership: CommunityMembership,
    approve: bool,
    reason: str = "",
    acknowledged: bool = False,
) -> CommunityMembership:
    """A facilitator approves or declines a request to join; the person is told."""
    community = membership.community
    _require_moderator(actor, community)
    membership = CommunityMembership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.REQUESTED:
        raise ValidationError({"__all__": _("This request has already been answered.")})
    reason = _clean_text(reason)
    if len(reason) > 1000:
        raise ValidationError({"reason": _("The message must be 1000 characters or fewer.")})
    guard_texts(texts={"reason": reason}, acknowledged=acknowledged)
    person = membership.user
    if approve:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = timezone.now()
        membership.save(update_fields=["status", "joined_at"])
        title = _("You are now a member of %(community)s") % {"community": community.name}
        url = community.get_absolute_url()
    else:
        membership_pk = membership.pk
        membership.delete()
        membership.pk = membership_pk
        membership.status = MembershipStatus.REMOVED
        title = _("Your request to join %(community)s was declined") % {"community": community.name}
        url = reverse("communities:directory")
    audit_record(
        actor=actor,
        action="community.request_" + ("approve" if approve else "decline"),
        target=community,
        reason=reason,
        data={"user_id": person.pk},
    )
    notify.notify_on_commit(
        recipients=[person],
        kind="join_request",
        title=title,
        url=url,
        body=reason,
        actor=actor,
        community_id=community.pk,
    )
    return membership


# --- invitations -----------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *, actor: User, community: Community, email: str, message: str = "", acknowledged: bool = False
) -> Invitation:
    """A facilitator invites someone by email. The link is signed and expires after seven
    days. If the address belongs to a registered person, they are also told in-app. The
    community is named only to the invitee."""
    _require_moderator(actor, community)
    if community.archived_at is not None:
        raise ValidationError({"__all__": _("This community is archived.")})
    email = _clean_text(email).lower()
    message = _clean_text(message)
    if not email:
        raise ValidationError({"email": _("Enter the email address of the person to invite.")})
    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationError(
            {"email": _("Enter an email address in the correct format, like name@example.org")}
        ) from exc
    if len(message) > 1000:
        raise ValidationError({"message": _("The message must be 1000 characters or fewer.")})
    guard_texts(texts={"message": message}, acknowledged=acknowledged)
    invitee = User.objects.filter(email__iexact=email).first()
    if invitee is not None:
        existing = CommunityMembership.objects.filter(community=community, user=invitee).first()
        if existing is not None and existing.status == MembershipStatus.ACTIVE:
            raise ValidationError({"email": _("This person is already a member.")})
    now = timezone.now()
    Invitation.objects.filter(
        community=community,
        email__iexact=email,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=now)
    invitation = Invitation.objects.create(
        community=community,
        email=email,
        message=message,
        invited_by=actor,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    if invitee is not None:
        CommunityMembership.objects.update_or_create(
            community=community,
            user=invitee,
            defaults={"status": MembershipStatus.INVITED, "role": Role.MEMBER, "created_at": now},
        )
    link = settings.SITE_URL.rstrip("/") + invitation.get_absolute_url()
    notify.send_invitation_email_on_commit(invitation=invitation, link=link)
    if invitee is not None:
        notify.notify_on_commit(
            recipients=[invitee],
            kind="invitation",
            title=_("%(person)s invited you to join %(community)s")
            % {"person": actor.display_name, "community": community.name},
            url=invitation.get_absolute_url(),
            actor=actor,
            community_id=community.pk,
        )
    audit_record(
        actor=actor,
        action="community.invite",
        target=community,
        data={"invitation_id": invitation.pk},
    )
    return invitation


@transaction.atomic
def invitation_accept(
    *, actor: User, invitation: Invitation, accept_rules: bool, rules_version: int | None = None
) -> CommunityMembership:
    """The invitee accepts the rules and joins. The invitation is for one address: a
    different signed-in person cannot use a forwarded link."""
    _require_signed_in(actor)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ValidationError({"__all__": _("This invitation has expired or been used.")})
    if invitation.email.lower() != actor.email.lower():
        raise PermissionDenied(
            _(
                "This invitation was sent to a different email address. Sign in with the "
                "address it was sent to."
            )
        )
    community = invitation.community
    if community.archived_at is not None:
        raise ValidationError({"__all__": _("This community is archived.")})
    version = _require_rules_accepted(community, accept_rules, rules_version)
    now = timezone.now()
    membership, _created = CommunityMembership.objects.get_or_create(
        community=community, user=actor, defaults={"role": Role.MEMBER}
    )
    if membership.status != MembershipStatus.ACTIVE:
        membership.status = MembershipStatus.ACTIVE
        membership.joined_at = now
        membership.muted_until = None
    membership.accepted_rules_version = version
    membership.save()
    invitation.accepted_at = now
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=actor,
        action="community.invitation_accept",
        target=community,
        data={"invitation_id": invitation.pk},
    )
    return membership


@transaction.atomic
def invitation_withdraw(*, actor: User, invitation: Invitation) -> Invitation:
    _require_moderator(actor, invitation.community)
    if invitation.accepted_at is None and invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
        CommunityMembership.objects.filter(
            community=invitation.community,
            user__email__iexact=invitation.email,
            status=MembershipStatus.INVITED,
        ).delete()
        audit_record(
            actor=actor,
            action="community.invitation_withdraw",
            target=invitation.community,
            data={"invitation_id": invitation.pk},
        )
    return invitation


# --- running the membership --------------------------------------------------------------


def _require_reason(reason: str, acknowledged: bool = False) -> str:
    reason = _clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("Give a reason. It is recorded in the audit trail.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("The reason must be 1000 characters or fewer.")})
    guard_texts(texts={"reason": reason}, acknowledged=acknowledged)
    return reason


def _check_can_act_on(actor: User, membership: CommunityMembership) -> None:
    _require_moderator(actor, membership.community)
    if membership.user_id == actor.pk:
        raise ValidationError({"__all__": _("You cannot do that to yourself.")})
    if membership.role == Role.OWNER and not (
        actor.is_host_admin or selectors.is_owner(actor, membership.community)
    ):
        raise PermissionDenied(_("Only an owner can do that to another owner."))
    if membership.role == Role.FACILITATOR and not (
        actor.is_host_admin or selectors.is_owner(actor, membership.community)
    ):
        raise PermissionDenied(_("Only an owner can do that to a facilitator."))


@transaction.atomic
def membership_remove(
    *, actor: User, membership: CommunityMembership, reason: str, acknowledged: bool = False
) -> CommunityMembership:
    """Remove a member, with a reason (audited). They cannot rejoin an open community
    on their own; a facilitator may invite them back."""
    _check_can_act_on(actor, membership)
    reason = _require_reason(reason, acknowledged)
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"__all__": _("This person is not an active member.")})
    membership.status = MembershipStatus.REMOVED
    membership.role = Role.MEMBER
    membership.coordinator_title = ""
    membership.save(update_fields=["status", "role", "coordinator_title"])
    CommunityMembership.objects.filter(
        community__parent=membership.community,
        user_id=membership.user_id,
        status=MembershipStatus.ACTIVE,
    ).update(status=MembershipStatus.REMOVED, role=Role.MEMBER, coordinator_title="")
    audit_record(
        actor=actor,
        action="community.member_remove",
        target=membership.community,
        reason=reason,
        data={"user_id": membership.user_id},
    )
    # The reason stays in the audit trail; the person is told only that it happened.
    # They were a member, so naming even a private community to them leaks nothing.
    community = membership.community
    notify.notify_on_commit(
        recipients=[membership.user_id],
        kind=MEMBERSHIP_NOTICE_KIND,
        title=_("You have been removed from %(community)s") % {"community": community.name},
        url=reverse("communities:directory"),
        actor=actor,
        community_id=community.pk,
    )
    return membership


@transaction.atomic
def membership_mute(
    *,
    actor: User,
    membership: CommunityMembership,
    days: int,
    reason: str,
    acknowledged: bool = False,
) -> CommunityMembership:
    """Stop a member posting for ``days`` days (1–90), with a reason (audited)."""
    _check_can_act_on(actor, membership)
    reason = _require_reason(reason, acknowledged)
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_MUTE_DAYS:
        raise ValidationError(
            {"days": _("Mute for between 1 and %(max)d days.") % {"max": MAX_MUTE_DAYS}}
        )
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"__all__": _("This person is not an active member.")})
    membership.muted_until = timezone.now() + timedelta(days=days)
    membership.save(update_fields=["muted_until"])
    audit_record(
        actor=actor,
        action="community.member_mute",
        target=membership.community,
        reason=reason,
        data={"user_id": membership.user_id, "days": days},
    )
    community = membership.community
    until = date_format(timezone.localtime(membership.muted_until), "j F Y")
    notify.notify_on_commit(
        recipients=[membership.user_id],
        kind=MEMBERSHIP_NOTICE_KIND,
        title=_("You have been muted in %(community)s until %(date)s")
        % {"community": community.name, "date": until},
        url=community.get_absolute_url(),
        actor=actor,
        community_id=community.pk,
    )
    return membership


@transaction.atomic
def membership_unmute(*, actor: User, membership: CommunityMembership) -> CommunityMembership:
    _require_moderator(actor, membership.community)
    if membership.muted_until is not None:
        membership.muted_until = None
        membership.save(update_fields=["muted_until"])
        audit_record(
            actor=actor,
            action="community.member_unmute",
            target=membership.community,
            data={"user_id": membership.user_id},
        )
    return membership


@transaction.atomic
def membership_set_role(
    *, actor: User, membership: CommunityMembership, role: str
) -> CommunityMembership:
    """Owners (and host admins) make members facilitators or owners, or step them back."""
    community = membership.community
    _require_moderator(actor, community)
    if not (actor.is_host_admin or selectors.is_owner(actor, community)):
        raise PermissionDenied(_("Only an owner can change roles."))
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"__all__": _("This person is not an active member.")})
    if membership.role == Role.OWNER and role != Role.OWNER:
        others = CommunityMembership.objects.filter(
            community=community,
            role=Role.OWNER,
            status=MembershipStatus.ACTIVE,
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise ValidationError({"role": _("A community needs at least one owner.")})
    old = membership.role
    if old != role:
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(
            actor=actor,
            action="community.role_change",
            target=community,
            data={"user_id": membership.user_id, "from": old, "to": role},
        )
    return membership


@transaction.atomic
def membership_set_coordinator_title(
    *, actor: User, membership: CommunityMembership, title: str, acknowledged: bool = False
) -> CommunityMembership:
    """Facilitators name coordinator roles ("Events coordinator"), shown on the page."""
    _require_moderator(actor, membership.community)
    title = _clean_text(title)
    if len(title) > 80:
        raise ValidationError({"coordinator_title": _("The title must be 80 characters or fewer.")})
    guard_texts(texts={"coordinator_title": title}, acknowledged=acknowledged)
    if membership.status != MembershipStatus.ACTIVE:
        raise ValidationError({"__all__": _("This person is not an active member.")})
    if membership.coordinator_title != title:
        membership.coordinator_title = title
        membership.save(update_fields=["coordinator_title"])
        audit_record(
            actor=actor,
            action="community.coordinator_title",
            target=membership.community,
            data={"user_id": membership.user_id},
        )
    return membership


# --- safeguarding leads -------------------------------------------------------------------


def safeguarding_lead_assign(*, actor: User, community: Community, user: User):
    """Name an active member as one of the community's safeguarding leads. They receive
    reports about its content and may reveal an anonymous author, with a recorded reason."""
    _require_moderator(actor, community)
    if not selectors.is_member(user, community):
        raise ValidationError(
            {"member": _("Only active members can be this community's safeguarding lead.")}
        )
    return safeguarding_services.safeguarding_lead_assign(
        actor=actor, user=user, scope_object=community
    )


def safeguarding_lead_remove(*, actor: User, community: Community, lead_id) -> None:
    _require_moderator(actor, community)
    try:
        lead_id = int(lead_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    lead = safeguarding_selectors.lead_assignments_for(community).filter(pk=lead_id).first()
    if lead is None:
        raise Http404
    safeguarding_services.safeguarding_lead_remove(actor=actor, lead=lead)


def membership_record_visit(*, user: User, community: Community) -> None:
    """Remember when a member last opened the community (for "new since your last visit").
    Written at most once a minute so reading a page stays cheap."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    now = timezone.now()
    CommunityMembership.objects.filter(
        community=community,
        user=user,
        status=MembershipStatus.ACTIVE,
    ).exclude(last_visited_at__gt=now - timedelta(minutes=1)).update(last_visited_at=now)
