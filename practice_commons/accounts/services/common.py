"""Helpers every accounts service uses: the audit trail, full validation, unique slugs."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.text import slugify

from practice_commons.core.form_messages import reword_model_errors

from ..models import AuditEvent


def audit_record(*, actor, action: str, target=None, reason: str = "", data=None) -> AuditEvent:
    """Append one entry to the audit trail. Callers pass ids and labels, never free text
    a person wrote, so the trail cannot leak what the confidentiality guard blocked."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        reason=reason,
        data=data or {},
    )


def full_clean_with_lengths(instance, *, exclude=None) -> None:
    """``full_clean`` plus the ``max_length`` of text fields, which Django checks only in
    forms: the API and other callers must not store an oversized bio either. Errors name
    the field and say how to fix it ("About you must be 2,000 characters or fewer; yours
    is 2,345."), not Django's defaults."""
    errors: dict = {}
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    for field in instance._meta.concrete_fields:
        if (
            not isinstance(field, models.TextField)
            or not field.max_length
            or field.name in (exclude or ())
            or field.name in errors
        ):
            continue
        try:
            MaxLengthValidator(field.max_length)(getattr(instance, field.attname) or "")
        except ValidationError as exc:
            errors[field.name] = exc.error_list
    if errors:
        raise reword_model_errors(type(instance), ValidationError(errors))


def unique_slug(model, base: str) -> str:
    slug = slugify(base)[:180] or "item"
    candidate, n = slug, 2
    while model.objects.filter(slug=candidate).exists():
        candidate = f"{slug}-{n}"
        n += 1
    return candidate
