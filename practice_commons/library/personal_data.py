"""The library part of a subject-access export (``core.personal_data``): the items the
person wrote (every version they wrote), items naming them as contact or source author,
their endorsements and "read and reflected" marks, the files they uploaded (under
``files/library/``) and the glossary terms they suggested. Reviewers' notes on their
items are included (the reviewer only by being a reviewer, never by name)."""

from django.db.models import Q

from practice_commons.core.personal_data import Part, register_exporter, rows

from .models import Endorsement, GlossaryTerm, ItemAttachment, ItemVersion, LibraryItem, Reflection


def export(user) -> Part:
    attachments = list(
        ItemAttachment.objects.filter(uploaded_by=user).select_related("item").order_by("pk")
    )
    files = [(f"{a.pk}-{a.original_name or 'attachment'}", a.file) for a in attachments if a.file]
    items = (
        LibraryItem.objects.filter(Q(created_by=user) | Q(contact=user) | Q(source_author=user))
        .select_related("community")
        .order_by("created_at")
    )
    data = {
        "items": rows(
            items,
            "id",
            "kind",
            "status",
            "community__name",
            "title",
            "summary",
            "context",
            "what_was_done",
            "outcomes",
            "evidence",
            "before_trying",
            "url",
            "created_at",
            "updated_at",
            "submitted_at",
            "published_at",
            "version",
            you_wrote=lambda i: i.created_by_id == user.pk,
            you_are_contact=lambda i: i.contact_id == user.pk,
            you_are_source_author=lambda i: i.source_author_id == user.pk,
            review_note=lambda i: i.review_note if i.created_by_id == user.pk else "",
        ),
        "versions_you_wrote": rows(
            ItemVersion.objects.filter(created_by=user).order_by("item_id", "number"),
            "item_id",
            "number",
            "data",
            "created_at",
        ),
        "items_you_reviewed": rows(
            LibraryItem.objects.filter(reviewed_by=user).order_by("pk"), "id", "title", "status"
        ),
        "endorsements": rows(
            Endorsement.objects.filter(user=user).select_related("item").order_by("created_at"),
            "item_id",
            "item__title",
            "kind",
            "note",
            "created_at",
        ),
        "reflected_on": rows(
            Reflection.objects.filter(user=user).select_related("item").order_by("created_at"),
            "item_id",
            "item__title",
            "created_at",
        ),
        "attachments": rows(
            attachments,
            "item_id",
            "original_name",
            "content_type",
            "size",
            "created_at",
            archive_file=lambda a: f"files/library/{a.pk}-{a.original_name or 'attachment'}",
        ),
        "glossary_suggestions": rows(
            GlossaryTerm.objects.filter(suggested_by=user).order_by("created_at"),
            "term",
            "definition",
            "status",
            "created_at",
            "decided_at",
        ),
        "glossary_decisions_count": GlossaryTerm.objects.filter(decided_by=user).count(),
    }
    return Part(data=data, files=files)


register_exporter(
    "library",
    export,
    covers=[
        "library.LibraryItem",
        "library.ItemVersion",
        "library.Endorsement",
        "library.Reflection",
        "library.ItemAttachment",
        "library.GlossaryTerm",
    ],
)
