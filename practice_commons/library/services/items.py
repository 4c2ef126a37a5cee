"""Practice examples and resources: write, edit (every edit a new version), submit,
review, publish, and remind contacts when an item's review-by date has passed."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from practice_commons.accounts import selectors as account_selectors
from practice_commons.accounts.models import Nation, Organisation, OrganisationMembership, User
from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.policies import community_policy
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.lazy_text import lazy_format
from practice_commons.core.people import require_name
from practice_commons.core.text import clean_name_field
from practice_commons.notifications import services as notifications
from practice_commons.notifications.kinds import NotificationKind

from .. import policies
from ..models import (
    GUARDED_TEXT_FIELDS,
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    AgeGroup,
    ItemKind,
    ItemStatus,
    ItemVersion,
    LibraryItem,
    PcfDomain,
)
from .attachments import MAX_PER_ITEM, prepare_upload, save_upload
from .common import (
    clean_choices,
    clean_text,
    require_editable,
    require_readable,
    review_required,
)

DEFAULT_REVIEW_DAYS = 365
REMIND_AGAIN_AFTER = dt.timedelta(days=30)

# Named in messages ("Enter summary."): translated when used.
LABELS = {
    "summary": gettext_noop("summary"),
    "summary_cy": gettext_noop("summary in Welsh"),
    "context": gettext_noop("context"),
    "what_was_done": gettext_noop("what was done"),
    "outcomes": gettext_noop("outcomes"),
    "evidence": gettext_noop("evidence and how it was measured"),
    "before_trying": gettext_noop("what others should know before trying it"),
}


def _clean_content(kind: str, data: dict) -> dict:
    """The item's texts and tags, validated; errors keyed by field."""
    errors: dict = {}
    cleaned: dict = {}
    try:
        cleaned["title"] = clean_name_field(
            data.get("title"), field="title", label=_("Title"), max_length=TITLE_MAX_LENGTH
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        cleaned["title_cy"] = clean_name_field(
            data.get("title_cy"),
            field="title_cy",
            label=_("Title in Welsh"),
            max_length=TITLE_MAX_LENGTH,
            required=False,
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    required = {"summary"}
    if kind == ItemKind.PRACTICE_EXAMPLE:
        required |= {"what_was_done", "outcomes"}
    if kind == ItemKind.SOLUTION:
        required |= {"what_was_done"}
    for name, label in LABELS.items():
        try:
            cleaned[name] = clean_text(
                data.get(name),
                field=name,
                label=_(label),
                max_length=SUMMARY_MAX_LENGTH if name.startswith("summary") else TEXT_MAX_LENGTH,
                required=name in required,
            )
        except ValidationError as exc:
            errors.update(exc.message_dict)
    url = (data.get("url") or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            errors["url"] = [_("Enter a web address starting with https:// or http://.")]
        if len(url) > 500:
            errors["url"] = [_("The link must be 500 characters or fewer.")]
    elif kind == ItemKind.RESOURCE and not data.get("has_file"):
        errors["url"] = [_("Enter the resource's web address.")]
    cleaned["url"] = url
    for name, label, choices in (
        ("age_groups", "age groups", AgeGroup),
        ("nations", "nations", Nation),
        ("pcf_domains", "PCF domains", PcfDomain),
        ("agencies", "agencies", Organisation.Kind),
    ):
        try:
            cleaned[name] = clean_choices(data.get(name), field=name, label=label, choices=choices)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    review_by = data.get("review_by")
    if isinstance(review_by, str) and review_by:
        try:
            review_by = dt.date.fromisoformat(review_by)
        except ValueError:
            errors["review_by"] = [_("Enter a real review-by date.")]
            review_by = None
    if review_by and review_by <= timezone.localdate():
        errors["review_by"] = [_("The review-by date must be in the future.")]
    cleaned["review_by"] = review_by or None
    if errors:
        raise ValidationError(errors)
    return cleaned


def _guard(cleaned: dict, acknowledged: bool, extra: dict | None = None) -> None:
    """Every text, and the text inside an attached file, before anything is written."""
    guard_texts(
        texts={
            **{f: cleaned.get(f, "") for f in GUARDED_TEXT_FIELDS if cleaned.get(f)},
            **(extra or {}),
        },
        acknowledged=acknowledged,
    )


def _check_organisations(actor, organisations, item: LibraryItem | None = None) -> None:
    """An item names only organisations its writer belongs to (a verified fact: their
    admins become its reviewers), or ones it already names; host admins may name any."""
    if not organisations or actor.is_host_admin:
        return
    allowed = set(
        OrganisationMembership.objects.filter(user_id=actor.pk).values_list(
            "organisation_id", flat=True
        )
    )
    if item is not None:
        allowed |= {o.pk for o in item.organisations.all()}
    if any(o.pk not in allowed for o in organisations):
        raise ValidationError({"organisations": _("Choose only organisations you belong to.")})


def _check_contact(actor, contact, item: LibraryItem | None = None) -> None:
    """The contact person is the writer, a colleague from one of their organisations
    (a verified fact; the contact may edit the item), or the item's current contact."""
    if contact is None or contact.pk == actor.pk:
        return
    if item is not None and contact.pk == item.contact_id:
        return
    mine = OrganisationMembership.objects.filter(user_id=actor.pk).values("organisation_id")
    if not (
        contact.is_active
        and OrganisationMembership.objects.filter(
            user_id=contact.pk, organisation_id__in=mine
        ).exists()
    ):
        raise ValidationError(
            {"contact": _("Choose yourself or a colleague from your organisation.")}
        )


def _set_tags(item: LibraryItem, data: dict) -> None:
    for name in ("topics", "professions", "organisations"):
        if data.get(name) is not None:
            getattr(item, name).set(data[name])


def record_version(item: LibraryItem, actor) -> ItemVersion | None:
    """Keep this state of the item's text as a new version (unless nothing changed)."""
    snapshot = item.snapshot()
    last = item.versions.order_by("-number").first()
    if last is not None and last.data == snapshot:
        return None
    number = (last.number if last else 0) + 1
    version = ItemVersion.objects.create(
        item=item, number=number, data=snapshot, created_by=actor if actor else None
    )
    LibraryItem.objects.filter(pk=item.pk).update(version=number)
    item.version = number
    return version


def item_create(
    *,
    actor,
    kind: str,
    community=None,
    title: str,
    summary: str,
    title_cy: str = "",
    summary_cy: str = "",
    context: str = "",
    what_was_done: str = "",
    outcomes: str = "",
    evidence: str = "",
    before_trying: str = "",
    url: str = "",
    topics=None,
    professions=None,
    organisations=None,
    age_groups=None,
    nations=None,
    pcf_domains=None,
    agencies=None,
    review_by=None,
    contact=None,
    upload=None,
    confidentiality_acknowledged: bool = False,
) -> LibraryItem:
    """A draft practice example or resource (solutions come from solved threads)."""
    if kind not in (ItemKind.PRACTICE_EXAMPLE, ItemKind.RESOURCE):
        raise ValidationError(
            {
                "kind": _(
                    "Choose a practice example or a resource. "
                    "Documented solutions are made from solved threads."
                )
            }
        )
    allowed, reason = policies.can_create_in(actor, community)
    if not allowed:
        raise PermissionDenied(reason)
    require_name(actor, to="post")
    data = dict(locals())
    data["has_file"] = upload is not None
    cleaned = _clean_content(kind, data)
    _check_organisations(actor, organisations)
    _check_contact(actor, contact)
    prepared = prepare_upload(upload) if upload is not None else None
    _guard(cleaned, confidentiality_acknowledged, prepared[2] if prepared else None)
    now = timezone.now()
    with transaction.atomic():
        item = LibraryItem.objects.create(
            kind=kind,
            community=community,
            created_by=actor,
            contact=contact or actor,
            created_at=now,
            updated_at=now,
            **{
                **cleaned,
                "review_by": cleaned["review_by"]
                or timezone.localdate() + dt.timedelta(days=DEFAULT_REVIEW_DAYS),
            },
        )
        if topics is None and community is not None:
            topics = list(community.topics.all())
        _set_tags(
            item,
            {
                "topics": topics,
                "professions": professions,
                "organisations": organisations
                if organisations is not None
                else ([actor.organisation] if actor.organisation_id else None),
            },
        )
        if prepared:
            save_upload(
                actor=actor, item=item, upload=upload, checked=prepared[0], name=prepared[1]
            )
        record_version(item, actor)
        audit_record(actor=actor, action="library.item.create", target=item, data={"kind": kind})
    return item


def item_update(
    *,
    actor,
    item: LibraryItem,
    upload=None,
    confidentiality_acknowledged: bool = False,
    **changes,
) -> LibraryItem:
    """Change an item's text and tags; the text's new state is kept as a version.
    Editing a published item keeps it published ("updated on" changes)."""
    require_editable(actor, item)
    data = {
        **item.snapshot(),
        **{
            k: getattr(item, k)
            for k in ("age_groups", "nations", "pcf_domains", "agencies", "review_by")
        },
    }
    data.update({k: v for k, v in changes.items() if v is not None})
    data["has_file"] = upload is not None or item.attachments.exists()
    cleaned = _clean_content(item.kind, data)
    _check_organisations(actor, changes.get("organisations"), item)
    contact = changes.pop("contact", None)
    _check_contact(actor, contact, item)
    if upload is not None and item.attachments.count() >= MAX_PER_ITEM:
        raise ValidationError(
            {"file": _("An item can have %(n)s files at most.") % {"n": MAX_PER_ITEM}}
        )
    prepared = prepare_upload(upload) if upload is not None else None
    _guard(cleaned, confidentiality_acknowledged, prepared[2] if prepared else None)
    with transaction.atomic():
        for name, value in cleaned.items():
            if name == "review_by" and value is None:
                continue
            setattr(item, name, value)
        item.updated_at = timezone.now()
        if item.review_by and item.review_by > timezone.localdate():
            item.review_reminded_at = None
        if contact is not None:
            item.contact = contact
        item.save(update_fields=[*cleaned.keys(), "updated_at", "review_reminded_at", "contact"])
        _set_tags(item, changes)
        if prepared:
            save_upload(
                actor=actor, item=item, upload=upload, checked=prepared[0], name=prepared[1]
            )
        record_version(item, actor)
        audit_record(
            actor=actor, action="library.item.update", target=item, data={"version": item.version}
        )
    return item


def _reviewer_ids(item: LibraryItem) -> set[int]:
    ids: set[int] = set()
    if item.community_id:
        ids |= set(community_selectors.moderator_ids(item.community))
    ids |= set(
        OrganisationMembership.objects.filter(
            organisation__in=item.organisations.all(), role=OrganisationMembership.Role.ADMIN
        ).values_list("user_id", flat=True)
    )
    if not ids:
        ids = set(
            User.objects.filter(account_selectors.host_admins_q(), is_active=True).values_list(
                "pk", flat=True
            )
        )
    return ids - {item.created_by_id}


def tell(recipient_ids, *, item: LibraryItem, title, key: str) -> None:
    """Tell people about ``item`` after commit. ``title`` is lazy (``lazy_format``), so
    each person reads it in their own language."""
    ids = set(recipient_ids)
    if item.community_id:
        ids = community_policy.readers_among(item.community, ids)
    if not ids:
        return
    url = item.get_absolute_url()

    def send():
        notifications.notify_many(
            recipients=list(User.objects.filter(pk__in=ids, is_active=True)),
            kind=NotificationKind.REMINDER,
            title=title,
            url=url,
            community_id=item.community_id,
            dedupe_key=key,
        )

    transaction.on_commit(send)


def _publish(item: LibraryItem, actor) -> None:
    now = timezone.now()
    item.status = ItemStatus.PUBLISHED
    item.published_at = item.published_at or now
    item.updated_at = now
    item.save(update_fields=["status", "published_at", "updated_at"])


def item_submit(*, actor, item: LibraryItem) -> LibraryItem:
    """Publish a draft, or send it for review when the host wants a review and the writer
    is not a reviewer themselves."""
    require_editable(actor, item)
    if item.status != ItemStatus.DRAFT:
        raise Conflict(_("This item is not a draft."))
    with transaction.atomic():
        if review_required() and not policies.can_review(actor, item):
            item.status = ItemStatus.IN_REVIEW
            item.submitted_at = timezone.now()
            item.save(update_fields=["status", "submitted_at"])
            audit_record(actor=actor, action="library.item.submit", target=item)
            tell(
                _reviewer_ids(item),
                item=item,
                title=lazy_format(
                    gettext_lazy("“%(title)s” is waiting for your review"),
                    title=lazy_in_language(item, "title"),
                ),
                key=f"library.review:{item.pk}:{item.version}",
            )
        else:
            _publish(item, actor)
            audit_record(actor=actor, action="library.item.publish", target=item)
    return item


def item_review(
    *,
    actor,
    item: LibraryItem,
    approve: bool,
    note: str = "",
    confidentiality_acknowledged: bool = False,
) -> LibraryItem:
    """A reviewer publishes an item waiting for review, or returns it to its writer with
    a note saying what to change."""
    require_readable(actor, item)
    if not policies.can_review(actor, item):
        raise PermissionDenied(
            _(
                "Only a facilitator of its community or an admin of its organisation "
                "can review this."
            )
        )
    if item.status != ItemStatus.IN_REVIEW:
        raise Conflict(_("This item is not waiting for review."))
    note = clean_text(
        note, field="note", label=_("a note for the writer"), max_length=2000, required=not approve
    )
    if note:
        guard_texts(texts={"note": note}, acknowledged=confidentiality_acknowledged)
    with transaction.atomic():
        item.reviewed_by = actor
        item.review_note = note
        if approve:
            item.save(update_fields=["reviewed_by", "review_note"])
            _publish(item, actor)
        else:
            item.status = ItemStatus.DRAFT
            item.save(update_fields=["reviewed_by", "review_note", "status"])
        audit_record(
            actor=actor,
            action="library.item.approve" if approve else "library.item.return",
            target=item,
        )
        tell(
            {item.created_by_id} - {None},
            item=item,
            title=lazy_format(
                gettext_lazy("“%(title)s” is published in the library")
                if approve
                else gettext_lazy("“%(title)s” was returned to you with a note"),
                title=lazy_in_language(item, "title"),
            ),
            key=f"library.reviewed:{item.pk}:{item.version}:{int(approve)}",
        )
    return item


def review_reminders_send(*, today: dt.date | None = None) -> int:
    """Remind the contact of each published item past its review-by date (once every
    30 days until it is reviewed). Idempotent; returns how many were reminded."""
    today = today or timezone.localdate()
    now = timezone.now()
    due = (
        LibraryItem.objects.filter(status=ItemStatus.PUBLISHED, review_by__lt=today)
        .exclude(review_reminded_at__gt=now - REMIND_AGAIN_AFTER)
        .select_related("community")
    )
    count = 0
    for item in due[:500]:
        who = item.contact_id or item.created_by_id
        with transaction.atomic():
            LibraryItem.objects.filter(pk=item.pk).update(review_reminded_at=now)
            if who:
                tell(
                    {who},
                    item=item,
                    title=lazy_format(
                        gettext_lazy("“%(title)s” may be out of date: please review it"),
                        title=lazy_in_language(item, "title"),
                    ),
                    key=f"library.review_by:{item.pk}:{item.review_by.isoformat()}:{now.date().isoformat()}",
                )
                count += 1
    return count
