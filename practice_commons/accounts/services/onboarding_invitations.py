"""Bulk onboarding, step 3 and after: inviting the rows of a checked staff file, and the
invited person accepting (see ``onboarding.py`` for the whole flow).

Invitations are unique by organisation and address, so uploading the same file again
changes nothing. Tokens are stored only as digests: the emails are sent by the process
that made the tokens, after the chunk that made them commits.
"""

import logging
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.errors import Conflict, PermissionDenied

from ..models import (
    AffiliationRequest,
    OnboardingImport,
    OnboardingInvitation,
    OrganisationMembership,
    User,
)
from ..models.affiliation import new_token
from .common import audit_record
from .onboarding import (
    CHUNK,
    SYNC_ROWS,
    Outcome,
    enqueue_after_commit,
    known_addresses,
    require_manager,
    row_outcome,
)

logger = logging.getLogger(__name__)

Status = OnboardingImport.Status


def invitation_days() -> int:
    return settings.ONBOARDING_INVITATION_DAYS


# --- 3. Invite -------------------------------------------------------------------------


@transaction.atomic
def onboarding_import_confirm(*, actor: User, upload: OnboardingImport) -> OnboardingImport:
    """The admin's "send invitations" after reading the preview."""
    require_manager(actor, upload.organisation)
    upload = OnboardingImport.objects.select_for_update().get(pk=upload.pk)
    if upload.status != Status.PREVIEW:
        raise Conflict(_("This file has already been imported, or has errors to fix."))
    upload.status = Status.IMPORTING
    upload.processed_rows = 0
    upload.save(update_fields=["status", "processed_rows"])
    audit_record(
        actor=actor, action="onboarding.confirm", target=upload, data={"rows": upload.total_rows}
    )
    if upload.total_rows <= SYNC_ROWS:
        onboarding_import_run(import_id=upload.pk)
        upload.refresh_from_db()
    else:
        enqueue_after_commit("run_onboarding_import", upload.pk)
    return upload


def onboarding_import_run(*, import_id: int) -> int:
    """Invite every row that needs it, a chunk per transaction, resuming where an
    interrupted run stopped (``processed_rows``). Returns invitations sent."""
    upload = (
        OnboardingImport.objects.select_related("organisation", "uploaded_by")
        .filter(pk=import_id, status=Status.IMPORTING)
        .first()
    )
    if upload is None:
        return 0
    start = upload.processed_rows
    sent = 0
    for offset in range(start, upload.total_rows, CHUNK):
        chunk = upload.rows[offset : offset + CHUNK]
        sent += _invite_chunk(upload, chunk, processed=offset + len(chunk))
    _finish(upload)
    return sent


@transaction.atomic
def _invite_chunk(upload: OnboardingImport, chunk: list[list], *, processed: int) -> int:
    locked = OnboardingImport.objects.select_for_update().get(pk=upload.pk)
    emails = [row[2] for row in chunk]
    known = known_addresses(upload.organisation_id, emails)
    existing = {
        i.email: i
        for i in OnboardingInvitation.objects.filter(
            organisation_id=upload.organisation_id, email__in=emails
        )
    }
    expires_at = timezone.now() + timedelta(days=invitation_days())
    tokens: dict[str, str] = {}
    new, renewed = [], []
    counts = {Outcome.ALREADY_INVITED: 0, Outcome.ALREADY_MEMBER: 0}
    for _number, name, email, profession_id, team, _preview in chunk:
        outcome = row_outcome(email, known)
        if outcome in counts:
            counts[outcome] += 1
            continue
        token, digest = new_token()
        tokens[digest] = token
        if outcome == Outcome.INVITE_AGAIN:
            invitation = existing[email]
            invitation.token_digest, invitation.expires_at = digest, expires_at
            renewed.append(invitation)
            continue
        new.append(
            OnboardingInvitation(
                organisation_id=upload.organisation_id,
                email=email,
                full_name=name,
                profession_id=profession_id,
                team=team,
                token_digest=digest,
                expires_at=expires_at,
                invited_by=upload.uploaded_by,
                source_import_id=upload.pk,
            )
        )
    OnboardingInvitation.objects.bulk_create(new, batch_size=CHUNK, ignore_conflicts=True)
    OnboardingInvitation.objects.bulk_update(renewed, ["token_digest", "expires_at"])
    # Re-read by digest: a row another run inserted first was skipped and gets no email.
    invited = list(
        OnboardingInvitation.objects.filter(token_digest__in=list(tokens)).select_related(
            "organisation"
        )
    )
    skipped = len(tokens) - len(invited)
    locked.processed_rows = processed
    locked.invited_count += len(invited)
    locked.already_invited_count += counts[Outcome.ALREADY_INVITED] + skipped
    locked.already_member_count += counts[Outcome.ALREADY_MEMBER]
    locked.save(
        update_fields=[
            "processed_rows",
            "invited_count",
            "already_invited_count",
            "already_member_count",
        ]
    )
    messages = [(i.pk, tokens[i.token_digest]) for i in invited]
    transaction.on_commit(lambda: _send_invitations(upload, messages))
    return len(invited)


def _finish(upload: OnboardingImport) -> None:
    with transaction.atomic():
        done = OnboardingImport.objects.select_for_update().get(pk=upload.pk)
        if done.status != Status.IMPORTING:
            return
        done.status = Status.DONE
        done.finished_at = timezone.now()
        done.rows = []  # the invitations hold what is needed; the file is not kept
        done.save(update_fields=["status", "finished_at", "rows"])
        audit_record(
            actor=upload.uploaded_by,
            action="onboarding.import",
            target=done,
            data={
                "invited": done.invited_count,
                "already_invited": done.already_invited_count,
                "already_members": done.already_member_count,
            },
        )


def _send_invitations(upload: OnboardingImport, messages: list[tuple[int, str]]) -> None:
    """One connection for the whole chunk. A failure is logged: the invitation stays, and
    uploading the file again after it expires invites again."""
    if not messages:
        return
    invitations = OnboardingInvitation.objects.select_related("organisation", "profession")
    by_pk = invitations.in_bulk([pk for pk, _ in messages])
    inviter = upload.uploaded_by.display_name if upload.uploaded_by else settings.SITE_NAME
    emails = [_invitation_email(by_pk[pk], token, inviter) for pk, token in messages]
    try:
        get_connection().send_messages(emails)
    except Exception:
        logger.exception("Could not send %s onboarding invitations", len(emails))
        return
    OnboardingInvitation.objects.filter(pk__in=list(by_pk)).update(sent_at=timezone.now())


def _invitation_email(invitation: OnboardingInvitation, token: str, inviter: str):
    path = reverse("accounts:onboarding_join", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "inviter": inviter,
        "link": settings.SITE_URL.rstrip("/") + path,
        "site_name": settings.SITE_NAME,
    }
    return EmailMessage(
        subject=render_to_string("accounts/onboarding/email/invite_subject.txt", context).strip(),
        body=render_to_string("accounts/onboarding/email/invite.txt", context),
        to=[invitation.email],
    )


# --- Accepting an invitation -------------------------------------------------------------


def has_verified_address(user: User, email: str) -> bool:
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def onboarding_invitation_accept(
    *, actor: User, invitation: OnboardingInvitation
) -> OrganisationMembership:
    """The invited person joins: only with the invited address verified on their account,
    once, before the invitation expires. Their profile's empty name and profession are
    filled in from the row; nothing they already wrote is replaced."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to accept the invitation."))
    invitation = OnboardingInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation has already been accepted."))
    if invitation.is_expired:
        raise Conflict(_("This invitation has expired: ask your organisation for a new one."))
    if not has_verified_address(actor, invitation.email):
        raise PermissionDenied(
            _("This invitation is for %(email)s: sign in with that address, verified.")
            % {"email": invitation.email}
        )
    membership, _created = OrganisationMembership.objects.get_or_create(
        organisation_id=invitation.organisation_id,
        user=actor,
        defaults={
            "verified_via": OrganisationMembership.Verification.ONBOARDING,
            "team": invitation.team,
        },
    )
    _prefill_profile(actor, invitation)
    AffiliationRequest.objects.filter(
        user=actor,
        organisation_id=invitation.organisation_id,
        status=AffiliationRequest.Status.PENDING,
    ).update(status=AffiliationRequest.Status.VERIFIED, decided_at=timezone.now(), decided_by=actor)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(
        actor=actor,
        action="onboarding.accept",
        target=invitation,
        data={"organisation_id": invitation.organisation_id, "user_id": actor.pk},
    )
    return membership


def _prefill_profile(user: User, invitation: OnboardingInvitation) -> None:
    changed = ["organisation"]
    user.organisation_id = invitation.organisation_id
    if not user.full_name and invitation.full_name:
        user.full_name = invitation.full_name
        changed.append("full_name")
    if user.profession_id is None and invitation.profession_id:
        user.profession_id = invitation.profession_id
        changed.append("profession")
    user.save(update_fields=changed)


def onboarding_invitations_accept_by_ids(*, actor: User, invitation_ids: list[int]) -> list:
    """Accept the invitations whose links this person followed before signing in (kept in
    their session by id). Those for another address, used or expired are left alone."""
    joined = []
    for invitation in OnboardingInvitation.objects.filter(pk__in=invitation_ids):
        try:
            onboarding_invitation_accept(actor=actor, invitation=invitation)
        except (Conflict, PermissionDenied):
            continue
        joined.append(invitation.organisation)
    return joined
