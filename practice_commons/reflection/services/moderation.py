"""Safeguarding moderation of session material: the presenter's summary and their action
commitments can be reported (``registrations.py``). These services are called only by
the safeguarding app, which has already checked that the actor handles the report.
Private notes are never reportable: nobody but their author ever reads them."""

from django.db import transaction

from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import redact_texts

from ..models import ActionCommitment, ReflectiveSession
from ._common import bump, lock


@transaction.atomic
def presenter_summary_redact(*, actor, session: ReflectiveSession) -> ReflectiveSession:
    """Replace identifying details in the presenter's summary with labels."""
    session = lock(session)
    redacted = redact_texts({"summary": session.presenter_summary})["summary"]
    if redacted != session.presenter_summary:
        session.presenter_summary = redacted
        bump(session, "presenter_summary")
    audit_record(actor=actor, action="reflection.summary_redact", target=session)
    return session


@transaction.atomic
def presenter_summary_remove(*, actor, session: ReflectiveSession) -> ReflectiveSession:
    """Clear the presenter's summary."""
    session = lock(session)
    if session.presenter_summary:
        session.presenter_summary = ""
        bump(session, "presenter_summary")
    audit_record(actor=actor, action="reflection.summary_remove", target=session)
    return session


@transaction.atomic
def action_redact(*, actor, action: ActionCommitment) -> ActionCommitment:
    """Replace identifying details in an action commitment with labels."""
    session = lock(action.session)
    action = ActionCommitment.objects.select_for_update().get(pk=action.pk)
    redacted = redact_texts({"text": action.text})["text"]
    if redacted != action.text:
        action.text = redacted[: ActionCommitment._meta.get_field("text").max_length]
        action.save(update_fields=["text"])
        bump(session)
    audit_record(
        actor=actor,
        action="reflection.action_redact",
        target=session,
        data={"action_id": action.pk},
    )
    return action


@transaction.atomic
def action_remove(*, actor, action: ActionCommitment) -> None:
    """Delete an action commitment."""
    session = lock(action.session)
    action_id = action.pk
    ActionCommitment.objects.filter(pk=action_id).delete()
    bump(session)
    audit_record(
        actor=actor,
        action="reflection.action_remove",
        target=session,
        data={"action_id": action_id},
    )
