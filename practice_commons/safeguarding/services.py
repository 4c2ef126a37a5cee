"""Every write about reports, holds and safeguarding leads.

What must stay true:

* A confidentiality or safeguarding report hides its content in the same transaction that
  stores the report, before anyone has looked at it.
* Every moderation action names a reason and leaves an audit entry (who, when, what, why).
* Reporters learn the outcome, never the details; owners learn their content is hidden,
  never who reported it. Emails go out after commit and carry no user-written text.
* Free text (report details, moderators' reasons) passes the confidentiality guard first.

Other apps register reportable models and lead scopes with the re-exported
``register_reportable`` and ``register_scope`` (see the app README).
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.models import User
from practice_commons.accounts.selectors import language_of
from practice_commons.accounts.services import audit_record
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.lazy_text import lazy_call, lazy_format
from practice_commons.notifications import services as notification_services

from . import selectors, signals
from .models import DETAILS_MAX_LENGTH, ContentHold, Report, SafeguardingLead
from .registry import register_reportable, register_scope, reportable_for, scope_for

__all__ = [
    "MODERATION_ACTIONS",
    "available_actions",
    "register_reportable",
    "register_scope",
    "report_act",
    "report_create",
    "safeguarding_lead_assign",
    "safeguarding_lead_remove",
]

REASON_MAX_LENGTH = 1000

ACKNOWLEDGE, REDACT, RESTORE, REMOVE, ESCALATE = (
    "acknowledge",
    "redact",
    "restore",
    "remove",
    "escalate",
)
MODERATION_ACTIONS = (ACKNOWLEDGE, REDACT, RESTORE, REMOVE, ESCALATE)
# Actions that decide what happens to the content: they close every open report about it.
_CLOSING = {
    REDACT: (Report.Status.REDACTED, Report.Outcome.REDACTED),
    RESTORE: (Report.Status.RESTORED, Report.Outcome.NO_ACTION),
    REMOVE: (Report.Status.REMOVED, Report.Outcome.REMOVED),
}


# --- Reporting --------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *, actor, target, reason: str, details: str = "", confidentiality_acknowledged: bool = False
) -> Report:
    """Report ``target``. Routes to the leads of its scope (host admins when none are
    named) and, for confidentiality and safeguarding reasons, hides it at once."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("Sign in to report something."))
    registration = reportable_for(target)
    if registration is None or target.pk is None:
        raise ValidationError(_("This cannot be reported."))
    details = (details or "").strip()
    _validate_report_input(reason=reason, details=details)
    guard_texts(texts={"details": details}, acknowledged=confidentiality_acknowledged)
    content_type = ContentType.objects.get_for_model(target)
    if Report.objects.filter(
        reporter=actor,
        content_type=content_type,
        object_id=target.pk,
        status__in=Report.OPEN_STATUSES,
    ).exists():
        raise ValidationError(_("You have already reported this. We will tell you the outcome."))

    scope, people = selectors.route_for(target)
    report = Report.objects.create(
        reporter=actor,
        content_type=content_type,
        object_id=target.pk,
        reason=reason,
        details=details,
        scope_type=ContentType.objects.get_for_model(scope) if scope is not None else None,
        scope_id=scope.pk if scope is not None else None,
    )
    report.routed_to.set(people)
    audit_record(
        actor=actor,
        action="report.create",
        target=report,
        data={
            "content_type": f"{content_type.app_label}.{content_type.model}",
            "object_id": target.pk,
            "reason": reason,
            "routed_to": [p.pk for p in people],
        },
    )
    if report.hides_content:
        _hold(target, report=report, actor=actor)
    _after_commit(_tell_moderators_new_report, report.pk, [p.pk for p in people])
    return report


def _validate_report_input(*, reason: str, details: str) -> None:
    errors = {}
    if reason not in Report.Reason.values:
        errors["reason"] = _("Choose why you are reporting this.")
    if len(details) > DETAILS_MAX_LENGTH:
        errors["details"] = _("Details must be %(n)s characters or fewer.") % {
            "n": f"{DETAILS_MAX_LENGTH:,}"
        }
    if errors:
        raise ValidationError(errors)


def _hold(target, *, report: Report | None, actor) -> ContentHold:
    content_type = ContentType.objects.get_for_model(target)
    hold, created = ContentHold.objects.get_or_create(
        content_type=content_type, object_id=target.pk, defaults={"report": report}
    )
    if created:
        content_type = ContentType.objects.get_for_model(target)
        audit_record(
            actor=actor,
            action="content.hide",
            target=report or target,
            data={
                "content_type": f"{content_type.app_label}.{content_type.model}",
                "object_id": target.pk,
            },
        )
        model, pk = type(target), target.pk
        _after_commit(lambda: signals.content_hidden.send(sender=model, object_id=pk))
        owner = _owner_of(target)
        if owner is not None:
            _after_commit(_tell_owner_hidden, owner.pk)
    return hold


def _release(target_type: ContentType, object_id: int, *, actor, report: Report) -> None:
    deleted, _count = ContentHold.objects.filter(
        content_type=target_type, object_id=object_id
    ).delete()
    if deleted:
        audit_record(
            actor=actor,
            action="content.show",
            target=report,
            data={
                "content_type": f"{target_type.app_label}.{target_type.model}",
                "object_id": object_id,
            },
        )
        model = target_type.model_class()
        _after_commit(lambda: signals.content_restored.send(sender=model, object_id=object_id))


# --- Moderation -------------------------------------------------------------------------


def available_actions(report: Report) -> list[str]:
    """What a moderator may do next; the detail page offers exactly these."""
    model = report.content_type.model_class()
    registration = reportable_for(model) if model else None
    can_redact = bool(registration and registration.redact) and report.content_object is not None
    if report.is_open:
        actions = [ACKNOWLEDGE] if report.status != Report.Status.ACKNOWLEDGED else []
        actions += [REDACT] if can_redact else []
        actions += [RESTORE, REMOVE]
        actions += [ESCALATE] if report.status != Report.Status.ESCALATED else []
        return actions
    actions = [REDACT] if can_redact and report.status != Report.Status.REDACTED else []
    actions += [RESTORE] if report.status != Report.Status.RESTORED else []
    actions += [REMOVE] if report.status != Report.Status.REMOVED else []
    return actions


@transaction.atomic
def report_act(
    *, actor, report: Report, action: str, reason: str, confidentiality_acknowledged: bool = False
) -> Report:
    """Take one moderation action on ``report``, with the moderator's reason."""
    if not selectors.can_moderate(actor, report):
        raise PermissionDenied(_("This report is not yours to review."))
    reason = (reason or "").strip()
    report = Report.objects.select_for_update().select_related("content_type").get(pk=report.pk)
    if action not in available_actions(report):
        raise ValidationError({"action": _("Choose one of the actions offered.")})
    if not reason:
        raise ValidationError({"reason": _("Enter the reason for this action.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {
                "reason": _("The reason must be %(n)s characters or fewer.")
                % {"n": f"{REASON_MAX_LENGTH:,}"}
            }
        )
    guard_texts(texts={"reason": reason}, acknowledged=confidentiality_acknowledged)
    if action == ACKNOWLEDGE:
        _set_status(report, Report.Status.ACKNOWLEDGED)
    elif action == ESCALATE:
        _escalate(report, actor=actor)
    else:
        _decide(report, action=action, actor=actor, reason=reason)
        return report
    audit_record(actor=actor, action=f"report.{action}", target=report, reason=reason)
    return report


def _set_status(report: Report, status: str, *, outcome: str | None = None) -> None:
    now = timezone.now()
    report.status, report.updated_at = status, now
    fields = ["status", "updated_at"]
    if outcome is not None:
        report.outcome, report.closed_at = outcome, now
        fields += ["outcome", "closed_at"]
    report.save(update_fields=fields)


def _escalate(report: Report, *, actor) -> None:
    admins = list(selectors.host_admins())
    if not admins:
        raise ValidationError(_("There is no host admin to escalate to."))
    report.routed_to.add(*admins)
    _set_status(report, Report.Status.ESCALATED)
    _after_commit(_tell_moderators_new_report, report.pk, [a.pk for a in admins], True)


def _decide(report: Report, *, action: str, actor, reason: str) -> None:
    """Redact, restore or remove the content, then close every open report about it."""
    target = report.content_object
    registration = reportable_for(report.content_type.model_class())
    if action == REDACT:
        registration.redact(target, actor=actor)
    elif action == REMOVE and target is not None and registration and registration.remove:
        registration.remove(target, actor=actor)
    if action == REMOVE:
        ContentHold.objects.update_or_create(
            content_type=report.content_type,
            object_id=report.object_id,
            defaults={"removed": True, "report": report},
        )
    else:
        _release(report.content_type, report.object_id, actor=actor, report=report)
    status, outcome = _CLOSING[action]
    siblings = Report.objects.filter(
        content_type=report.content_type,
        object_id=report.object_id,
        status__in=Report.OPEN_STATUSES,
    ).exclude(pk=report.pk)
    for closed in [report, *siblings]:
        _set_status(closed, status, outcome=outcome)
        audit_record(
            actor=actor,
            action=f"report.{action}",
            target=closed,
            reason=reason,
            data={"decided_with": report.pk} if closed.pk != report.pk else {},
        )
        _after_commit(_tell_reporter_outcome, closed.pk)
        pk = closed.pk
        _after_commit(lambda pk=pk: signals.report_closed.send(sender=Report, report_id=pk))


# --- Safeguarding leads -----------------------------------------------------------------


@transaction.atomic
def safeguarding_lead_assign(*, actor, user, scope_object) -> SafeguardingLead:
    """Name ``user`` as a safeguarding lead for ``scope_object`` (idempotent)."""
    if not selectors.can_manage_leads(actor, scope_object):
        raise PermissionDenied(_("You cannot name safeguarding leads here."))
    registration = scope_for(scope_object)
    if registration is None:
        raise ValidationError(_("Safeguarding leads cannot be named for this."))
    if not user.is_active:
        raise ValidationError({"user": _("That account is not active.")})
    if registration.can_lead and not registration.can_lead(user, scope_object):
        raise ValidationError(
            {
                "user": _("Only people in %(scope)s can be its safeguarding lead.")
                % {"scope": scope_object}
            }
        )
    lead, created = SafeguardingLead.objects.get_or_create(
        user=user,
        scope_type=ContentType.objects.get_for_model(scope_object),
        scope_id=scope_object.pk,
        defaults={"assigned_by": actor},
    )
    if created:
        audit_record(
            actor=actor,
            action="safeguarding_lead.assign",
            target=scope_object,
            data={"user_id": user.pk},
        )
    return lead


@transaction.atomic
def safeguarding_lead_remove(*, actor, lead: SafeguardingLead) -> None:
    scope_object = lead.scope
    if scope_object is None or not selectors.can_manage_leads(actor, scope_object):
        raise PermissionDenied(_("You cannot remove safeguarding leads here."))
    audit_record(
        actor=actor,
        action="safeguarding_lead.remove",
        target=scope_object,
        data={"user_id": lead.user_id},
    )
    lead.delete()


# --- Telling people (after commit; no user-written text in any message) ---------------


def _after_commit(func, *args) -> None:
    transaction.on_commit(lambda: func(*args))


def _owner_of(target):
    registration = reportable_for(target)
    try:
        owner = registration.owner(target) if registration else None
    except Exception:  # noqa: BLE001 - a broken owner lookup must not block the hold
        owner = None
    return owner if getattr(owner, "email", None) else None


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _mail(recipients: Iterable, subject: str, body: str) -> None:
    """Send as written: callers build the texts in the recipient's language."""
    addresses = [u.email for u in recipients if u.email and u.is_active]
    if addresses:
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            addresses,
        )


def _tell_moderators_new_report(
    report_id: int, user_ids: list[int], escalated: bool = False
) -> None:
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return
    for user in User.objects.filter(pk__in=user_ids):
        with translation.override(language_of(user)):
            subject = _("Escalated report to review") if escalated else _("New report to review")
            body = _(
                "A report (%(reason)s) needs your review in the moderation queue:\n%(url)s\n\n"
                "Open the link to see it; for everyone's safety, this email does not say what "
                "was reported."
            ) % {
                "reason": report.get_reason_display(),
                "url": _absolute(report.get_absolute_url()),
            }
            _mail([user], subject, body)


def _tell_owner_hidden(user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is None:
        return
    with translation.override(language_of(user)):
        _tell_owner_hidden_in_their_language(user)


def _tell_owner_hidden_in_their_language(user) -> None:
    _mail(
        [user],
        _("Something you wrote is hidden while it is reviewed"),
        _(
            "Something you wrote on %(site)s has been reported and is hidden while a "
            "safeguarding lead reviews it.\n\n"
            "If it contains details of someone you work with, follow your employer's "
            "safeguarding and information-sharing procedure now, as well as editing it.\n"
        )
        % {"site": settings.SITE_NAME},
    )


def _tell_reporter_outcome(report_id: int) -> None:
    """Tell the reporter what was decided, never the details or who decided."""
    report = Report.objects.select_related("reporter").filter(pk=report_id).first()
    if report is None or report.reporter is None:
        return
    title = lazy_format(  # in the reporter's own language
        gettext_lazy("Your report has been reviewed: %(outcome)s"),
        outcome=lazy_call(_outcome_sentence, report),
    )
    notification_services.notify(
        recipient=report.reporter,
        kind="report_outcome",
        title=title,
        url=reverse("safeguarding:my_reports"),
    )


def _outcome_sentence(report: Report) -> str:
    label = report.get_outcome_display()
    return label[:1].lower() + label[1:]
