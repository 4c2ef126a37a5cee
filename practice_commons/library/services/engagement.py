"""Endorsements ("we tried this too", with a short note), celebrations, and marking an
item "read and reflected on" (which the CPD app hears through ``signals.item_reflected``)."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, PermissionDenied

from .. import policies, signals
from ..models import Endorsement, EndorsementKind, ItemStatus, LibraryItem, Reflection
from .common import clean_text, require_readable, require_signed_in

NOTE_MAX_LENGTH = 500
COUNTERS = {
    EndorsementKind.ENDORSE: "endorsement_count",
    EndorsementKind.CELEBRATE: "celebration_count",
}


def endorsement_add(
    *,
    actor,
    item: LibraryItem,
    kind: str = EndorsementKind.ENDORSE,
    note: str = "",
    confidentiality_acknowledged: bool = False,
) -> Endorsement:
    """Endorse ("we tried this too") or celebrate a published item, once each per person."""
    require_signed_in(actor)
    require_readable(actor, item)
    if kind not in EndorsementKind.values:
        from django.core.exceptions import ValidationError

        raise ValidationError({"kind": _("Choose endorse or celebrate.")})
    if not policies.can_endorse(actor, item):
        raise PermissionDenied(
            _("You can endorse or celebrate published items written by someone else.")
        )
    note = clean_text(
        note, field="note", label=_("your note"), max_length=NOTE_MAX_LENGTH, required=False
    )
    if note:
        guard_texts(texts={"note": note}, acknowledged=confidentiality_acknowledged)
    try:
        with transaction.atomic():
            endorsement = Endorsement.objects.create(item=item, user=actor, kind=kind, note=note)
            counter = COUNTERS[kind]
            LibraryItem.objects.filter(pk=item.pk).update(**{counter: F(counter) + 1})
    except IntegrityError:
        raise Conflict(
            _("You have already endorsed this.")
            if kind == EndorsementKind.ENDORSE
            else _("You have already celebrated this.")
        ) from None
    item.refresh_from_db(fields=list(COUNTERS.values()))
    return endorsement


def item_reflect(*, actor, item: LibraryItem) -> Reflection:
    """Mark a published item "read and reflected on". Once per person: a second mark
    returns the first and sends nothing."""
    require_signed_in(actor)
    require_readable(actor, item)
    if item.status != ItemStatus.PUBLISHED:
        raise Conflict(_("Only published items can be marked as reflected on."))
    with transaction.atomic():
        reflection, created = Reflection.objects.get_or_create(item=item, user=actor)
    if created:
        payload = {
            "user_id": actor.pk,
            "source_kind": "library_item",
            "source_id": item.pk,
            "title": item.title,
            "date": timezone.localdate(),
            "url": item.get_absolute_url(),
        }
        transaction.on_commit(lambda: signals.item_reflected.send(sender=LibraryItem, **payload))
    return reflection
