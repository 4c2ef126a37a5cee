"""Reads for the library, already filtered to what the reader may see. Fetch-and-check
reads raise ``core.errors.NotFound`` (never 403: a private community's items must not
be seen to exist)."""

import difflib
import uuid
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from practice_commons.accounts.models import Organisation, User
from practice_commons.communities.models import Community
from practice_commons.core.errors import NotFound

from . import policies
from .models import (
    VERSIONED_TEXT_FIELDS,
    Endorsement,
    EndorsementKind,
    GlossaryTerm,
    ItemKind,
    ItemStatus,
    ItemVersion,
    LibraryItem,
    Reflection,
    TermStatus,
)

ITEMS_PER_PAGE = 20


def _decorated(qs: QuerySet[LibraryItem]) -> QuerySet[LibraryItem]:
    return qs.select_related("community", "contact", "created_by").prefetch_related(
        "topics", "professions", "organisations"
    )


def items_list(
    user,
    *,
    kind: str = "",
    community: Community | None = None,
    topic: str = "",
    profession: str = "",
    nation: str = "",
    q: str = "",
) -> QuerySet[LibraryItem]:
    """Published items the reader may see, newest update first, with the filters the
    library page and the API take (slugs for topic and profession, a nation value)."""
    qs = LibraryItem.objects.filter(policies.published_q(user))
    if kind:
        qs = qs.filter(kind=kind)
    if community is not None:
        qs = qs.filter(community=community)
    if topic:
        qs = qs.filter(topics__slug=topic)
    if profession:
        qs = qs.filter(professions__slug=profession)
    if nation:
        qs = qs.filter(nations__icontains=f'"{nation}"')  # a JSON list of nation values
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    return _decorated(qs.distinct()).order_by("-updated_at", "-pk")


def item_for_reader(user, item_id: int) -> LibraryItem:
    item = _decorated(LibraryItem.objects.all()).filter(pk=item_id).first()
    if item is None or not policies.can_read(user, item):
        raise NotFound(_("There is no such library item."))
    return item


def item_for_editor(user, item_id: int) -> LibraryItem:
    item = item_for_reader(user, item_id)
    if not policies.can_edit(user, item):
        raise NotFound(_("There is no such library item."))
    return item


def versions_of(item: LibraryItem) -> QuerySet[ItemVersion]:
    return item.versions.select_related("created_by").order_by("-number")


def endorsements_of(item: LibraryItem, limit: int = 20) -> list[Endorsement]:
    return list(
        item.endorsements.filter(kind=EndorsementKind.ENDORSE)
        .select_related("user")
        .order_by("-created_at")[:limit]
    )


def reactions_by(user, item: LibraryItem) -> dict:
    """What the reader has done to the item: endorsed, celebrated, reflected on."""
    if not getattr(user, "is_authenticated", False):
        return {"endorse": False, "celebrate": False, "reflected": False}
    kinds = set(item.endorsements.filter(user=user).values_list("kind", flat=True))
    return {
        "endorse": EndorsementKind.ENDORSE in kinds,
        "celebrate": EndorsementKind.CELEBRATE in kinds,
        "reflected": Reflection.objects.filter(item=item, user=user).exists(),
    }


def drafts_for(user) -> QuerySet[LibraryItem]:
    """Drafts the person may finish: their own, solutions from their solved threads, and
    (for facilitators) those in their communities — including the solution requests
    recorded on solved threads."""
    return _decorated(
        LibraryItem.objects.filter(
            # A host admin's list is theirs and their communities', not every draft.
            policies.editable_q(user, everything_for_host_admins=False),
            status=ItemStatus.DRAFT,
        )
    ).order_by("-updated_at", "-pk")


def review_queue_for(user) -> QuerySet[LibraryItem]:
    qs = LibraryItem.objects.filter(policies.reviewable_q(user), status=ItemStatus.IN_REVIEW)
    if not user.is_host_admin:
        qs = qs.exclude(created_by_id=user.pk)  # nobody reviews their own item
    return _decorated(qs).order_by("submitted_at", "pk")


def organisations_for_writer(user, item: LibraryItem | None = None) -> QuerySet[Organisation]:
    """The organisations a writer may name on an item: those they belong to (a verified
    fact), and those already on the item."""
    q = Q(memberships__user_id=user.pk)
    if item is not None:
        q |= Q(library_items=item)
    return Organisation.objects.filter(q).distinct().order_by("name")


CONTACT_CHOICES_MAX = 200


def contacts_for_writer(user, item: LibraryItem | None = None) -> QuerySet[User]:
    """Who a writer may name as an item's contact: themselves, colleagues from their
    organisations (the first 200 by name) and the item's current contact."""
    colleagues = list(
        User.objects.filter(
            is_active=True,
            org_memberships__organisation__memberships__user_id=user.pk,
        )
        .order_by("full_name", "pk")
        .values_list("pk", flat=True)
        .distinct()[:CONTACT_CHOICES_MAX]
    )
    ids = {user.pk, *colleagues}
    if item is not None and item.contact_id:
        ids.add(item.contact_id)
    return User.objects.filter(pk__in=ids).order_by("full_name", "pk")


def solution_for_thread(user, thread_id: int) -> LibraryItem:
    item = LibraryItem.objects.filter(source_thread_id=thread_id).first()
    if item is None or not policies.can_read(user, item):
        raise NotFound(_("There is no such library item."))
    return item


def community_items(user, community: Community, limit: int = 5) -> list[LibraryItem]:
    """The community page's panel: its newest published items (the reader can already
    read the community)."""
    return list(
        LibraryItem.objects.filter(community=community, status=ItemStatus.PUBLISHED)
        .select_related("community")
        .order_by("-updated_at", "-pk")[:limit]
    )


# --- versions and differences -----------------------------------------------------------


@dataclass(frozen=True)
class FieldDiff:
    field: str
    label: str
    parts: list[tuple[str, str]]  # ("same" | "added" | "removed", text)


def field_label(field: str) -> str:
    return str(LibraryItem._meta.get_field(field).verbose_name).capitalize()


def version_diff(item: LibraryItem, older: int, newer: int) -> list[FieldDiff]:
    """Word-level differences between two versions of an item, field by field (only
    fields that changed)."""
    rows = {v.number: v for v in item.versions.filter(number__in=[older, newer])}
    if older not in rows or newer not in rows:
        raise NotFound(_("There is no such version."))
    diffs = []
    for field in VERSIONED_TEXT_FIELDS:
        a = str(rows[older].data.get(field, "") or "")
        b = str(rows[newer].data.get(field, "") or "")
        if a == b:
            continue
        a_words, b_words = a.split(" "), b.split(" ")
        parts: list[tuple[str, str]] = []
        matcher = difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                parts.append(("same", " ".join(a_words[i1:i2])))
            if op in ("delete", "replace"):
                parts.append(("removed", " ".join(a_words[i1:i2])))
            if op in ("insert", "replace"):
                parts.append(("added", " ".join(b_words[j1:j2])))
        diffs.append(FieldDiff(field, field_label(field), parts))
    return diffs


# --- glossary -------------------------------------------------------------------------


def glossary_terms(user, *, q: str = "", status: str = "") -> QuerySet[GlossaryTerm]:
    qs = GlossaryTerm.objects.filter(policies.term_visible_q(user))
    if policies.can_decide_terms(user):
        qs = GlossaryTerm.objects.all()
    qs = qs.filter(status=status) if status else qs.exclude(status=TermStatus.DECLINED)
    if q:
        qs = qs.filter(Q(term__icontains=q) | Q(definition__icontains=q))
    return qs.prefetch_related("professions").order_by("term")


def approved_terms() -> list[GlossaryTerm]:
    return list(
        GlossaryTerm.objects.filter(status=TermStatus.APPROVED)
        .prefetch_related("professions")
        .order_by("term")
    )


def term_for_decider(user, term_id: int) -> GlossaryTerm:
    term = GlossaryTerm.objects.filter(pk=term_id).first()
    if term is None or not policies.can_decide_terms(user):
        raise NotFound(_("There is no such term."))
    return term


KIND_LABELS = dict(ItemKind.choices)


GLOSSARY_VERSION_KEY = "library:glossary:version"


def approved_terms_version() -> str | None:
    """The version of the approved terms every process is to use: a token in the shared
    cache, made when the terms are read (``approved_terms_read``) and lasting a minute,
    cleared by ``forget_approved_terms`` when a term is decided. ``None``: read them."""
    from django.core.cache import cache

    return cache.get(GLOSSARY_VERSION_KEY)


def approved_terms_read() -> tuple[str, list[GlossaryTerm]]:
    """The approved terms, and the new version they are published under: one query a
    minute for each process, not one a page."""
    from django.core.cache import cache

    terms = list(GlossaryTerm.objects.filter(status=TermStatus.APPROVED).order_by("term"))
    version = uuid.uuid4().hex
    cache.set(GLOSSARY_VERSION_KEY, version, 60)
    return version, terms


def forget_approved_terms() -> None:
    from django.core.cache import cache

    cache.delete(GLOSSARY_VERSION_KEY)
