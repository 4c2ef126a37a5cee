"""The group rules: each edit is a new version, and members accept the current one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from practice_commons.accounts.models import User
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import PermissionDenied

from .. import selectors
from ..default_rules import MAX_RULE_DESCRIPTION, MAX_RULE_TITLE, MAX_RULES
from ..models import Community, CommunityMembership, CommunityRules
from .common import clean_text, require_can_read, require_moderator, require_signed_in


def clean_rules(rules) -> list[dict[str, str]]:
    """Validate a list of ``{"title", "description"}`` and return it trimmed."""
    if not isinstance(rules, list):
        raise ValidationError({"rules": _("Rules must be a list.")})
    cleaned = []
    for rule in rules:
        if not isinstance(rule, dict):
            raise ValidationError({"rules": _("Each rule needs a title and a description.")})
        title = clean_text(rule.get("title"))
        description = clean_text(rule.get("description"))
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


@transaction.atomic
def community_rules_update(
    *,
    actor: User,
    community: Community,
    rules: list[dict],
    confidentiality_acknowledged: bool = False,
) -> CommunityRules:
    """Save a new version of the group rules. Members must accept it before they next
    post; the facilitator who wrote it has accepted it. Sub-groups follow the parent's
    rules, so they are edited on the parent."""
    require_moderator(actor, community)
    if community.parent_id is not None:
        raise ValidationError(
            {
                "rules": _("A sub-group follows the rules of %(parent)s; edit them there.")
                % {"parent": community.parent.name}
            }
        )
    cleaned = clean_rules(rules)
    guard_texts(texts=_rules_texts(cleaned), acknowledged=confidentiality_acknowledged)
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
    require_signed_in(actor)
    membership = selectors.membership_of(actor, community)
    if membership is None:
        require_can_read(actor, community)
        raise PermissionDenied(_("Only members accept the rules here. Join the community."))
    rules = _current_rules(community)
    if rules is None:
        return membership
    _refuse_if_rules_changed(rules, version)
    _record_acceptance(user=actor, community=community, version=rules.version)
    membership.refresh_from_db(fields=["accepted_rules_version"])
    audit_record(
        actor=actor,
        action="community.rules_accept",
        target=community,
        data={"version": rules.version},
    )
    return membership


def _current_rules(community: Community) -> CommunityRules | None:
    """Read fresh: the caller's object may predate a rules change."""
    return CommunityRules.objects.filter(
        pk=Community.objects.filter(pk=community.pk).values("current_rules")[:1]
    ).first()


def require_rules_accepted(community: Community, accept_rules: bool, version=None) -> int | None:
    """Joining means accepting the rules as they are now: refuse if the person did not
    tick the box or read an older version. Returns the version they accepted."""
    if not accept_rules:
        raise ValidationError({"accept_rules": _("You must accept the group rules to join.")})
    rules = _current_rules(community)
    if rules is None:
        return None
    _refuse_if_rules_changed(rules, version)
    return rules.version


def _refuse_if_rules_changed(rules: CommunityRules, version: int | None) -> None:
    """``version`` is what the person read; ``None`` (the API without it) means current."""
    if version is not None and version != rules.version:
        raise ValidationError(
            {
                "accept_rules": _(
                    "The rules changed while you were reading them. Read the current rules and "
                    "accept again."
                )
            }
        )
