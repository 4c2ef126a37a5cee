"""The cross-profession glossary: any member suggests a term; host admins and
facilitators approve or decline it. Only approved terms are shown and recognised."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practice_commons.accounts.models import Nation
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.text import clean_name_field

from .. import policies, selectors
from ..models import GlossaryTerm, TermStatus
from .common import clean_choices, clean_text, require_signed_in

MAX_ALIASES = 10
MAX_LINKS = 5


def _clean_list(values, *, field: str, max_items: int, max_length: int) -> list[str]:
    if isinstance(values, str):
        values = [v for chunk in values.splitlines() for v in chunk.split(",")]
    items = [str(v).strip() for v in (values or []) if str(v).strip()]
    if len(items) > max_items:
        raise ValidationError({field: _("Give %(n)s or fewer.") % {"n": max_items}})
    if any(len(v) > max_length for v in items):
        raise ValidationError(
            {field: _("Each must be %(n)s characters or fewer.") % {"n": max_length}}
        )
    return list(dict.fromkeys(items))


def term_suggest(
    *,
    actor,
    term: str,
    definition: str,
    professions=None,
    nations=None,
    also_known_as=None,
    equivalents: str = "",
    links=None,
    confidentiality_acknowledged: bool = False,
) -> GlossaryTerm:
    """A suggested term (approved at once when a decider suggests it)."""
    require_signed_in(actor)
    if not policies.can_suggest_term(actor):
        raise PermissionDenied(_("Sign in to suggest a term."))
    errors: dict = {}
    cleaned: dict = {}
    steps = {
        "term": lambda: clean_name_field(term, field="term", label=_("Term"), max_length=80),
        "definition": lambda: clean_text(
            definition, field="definition", label=_("definition"), max_length=1500, required=True
        ),
        "equivalents": lambda: clean_text(
            equivalents,
            field="equivalents",
            label=_("equivalent terms"),
            max_length=500,
            required=False,
        ),
        "also_known_as": lambda: _clean_list(
            also_known_as, field="also_known_as", max_items=MAX_ALIASES, max_length=80
        ),
        "links": lambda: _clean_list(links, field="links", max_items=MAX_LINKS, max_length=500),
        "nations": lambda: clean_choices(
            nations, field="nations", label=_("nations"), choices=Nation
        ),
    }
    for name, step in steps.items():
        try:
            cleaned[name] = step()
        except ValidationError as exc:
            errors.update(exc.message_dict)
    for link in cleaned.get("links", []):
        try:
            URLValidator(schemes=["http", "https"])(link)
        except ValidationError:
            errors["links"] = [_("Each link must be a web address starting with https://.")]
    if errors:
        raise ValidationError(errors)
    guard_texts(
        texts={
            "term": cleaned["term"],
            "definition": cleaned["definition"],
            "equivalents": cleaned["equivalents"],
            "also_known_as": ", ".join(cleaned["also_known_as"]),
        },
        acknowledged=confidentiality_acknowledged,
    )
    base = slugify(cleaned["term"])[:80] or "term"
    slug, n = base, 1
    while GlossaryTerm.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    decider = policies.can_decide_terms(actor)
    with transaction.atomic():
        entry = GlossaryTerm.objects.create(
            slug=slug,
            suggested_by=actor,
            status=TermStatus.APPROVED if decider else TermStatus.SUGGESTED,
            decided_by=actor if decider else None,
            decided_at=timezone.now() if decider else None,
            **cleaned,
        )
        if professions:
            entry.professions.set(professions)
        audit_record(actor=actor, action="library.term.suggest", target=entry)
    transaction.on_commit(selectors.forget_approved_terms)
    return entry


def term_decide(*, actor, term: GlossaryTerm, approve: bool) -> GlossaryTerm:
    if not policies.can_decide_terms(actor):
        raise PermissionDenied(_("Only host admins and facilitators can approve terms."))
    if term.status != TermStatus.SUGGESTED:
        raise Conflict(_("This term has already been decided."))
    with transaction.atomic():
        term.status = TermStatus.APPROVED if approve else TermStatus.DECLINED
        term.decided_by = actor
        term.decided_at = timezone.now()
        term.save(update_fields=["status", "decided_by", "decided_at"])
        audit_record(
            actor=actor,
            action="library.term.approve" if approve else "library.term.decline",
            target=term,
        )
    transaction.on_commit(selectors.forget_approved_terms)
    return term
