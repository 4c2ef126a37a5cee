"""Before a session: scheduling it (as an events ``Event``), booking places (through the
events registration service), the presenter and their prepared issue, and each
attendee's confirmation of the group rules."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.accounts.services import audit_record
from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import Community
from practice_commons.confidentiality.guard import guard_texts
from practice_commons.core.errors import NotFound, PermissionDenied
from practice_commons.events import services as event_services
from practice_commons.events.models import Audience, EventFormat, EventKind, RegistrationStatus

from .. import selectors
from ..models import FORMAT_HINTS, Participant, ReflectiveSession, SessionFormat, Stage
from ._common import (
    SessionRefused,
    bump,
    clean_session_name,
    clean_text,
    lock,
    require_name_to_book,
    require_runner,
    require_signed_in,
)

MAX_ISSUE = 1500
MIN_PLACES, MAX_PLACES = 2, 30
# Who may book a session: the community's members by default, or host members only.
AUDIENCES = (Audience.COMMUNITY, Audience.MEMBERS)


def _clean_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise ValidationError(
            {"audience": _("Choose who may book: the community's members, or host members only.")}
        )
    return audience


# How a description names the format mid-sentence ("in the peer supervision format"):
# not the lowered label, whose "proctor's" reads as a person's name to the guard.
FORMAT_IN_PROSE = {
    SessionFormat.FLEXIBLE: gettext_lazy("flexible group membership"),
    SessionFormat.ACTION_LEARNING: gettext_lazy("action learning set"),
    SessionFormat.PEER_SUPERVISION: gettext_lazy("peer supervision"),
}


def _description(theme: str, session_format: str, community: Community) -> str:
    hint = FORMAT_HINTS.get(session_format, "")
    return _(
        "A reflective peer session of %(community)s in the %(format)s format. Theme: "
        "%(theme)s.\n\n%(hint)s\n\nBook your place, confirm the group rules and join the "
        "session from its page in Reflective sessions."
    ) % {
        "community": community.name,
        "format": FORMAT_IN_PROSE[session_format],
        "theme": theme,
        "hint": hint,
    }


def _cpd_hours(starts_at: datetime, ends_at: datetime) -> Decimal:
    hours = (ends_at - starts_at).total_seconds() / 3600
    return Decimal(str(round(min(max(hours, 0), 99), 1)))


@transaction.atomic
def session_schedule(
    *,
    actor,
    community: Community,
    title: str,
    theme: str,
    starts_at: datetime,
    ends_at: datetime,
    session_format: str = SessionFormat.FLEXIBLE,
    where: str = EventFormat.ONLINE,
    venue: str = "",
    address: str = "",
    online_url: str = "",
    capacity: int | None = 8,
    trial_allowed: bool = False,
    audience: str = Audience.COMMUNITY,
    confidentiality_acknowledged: bool = False,
) -> ReflectiveSession:
    """Schedule a session: a published events ``Event`` (kind reflective session; for the
    community's members by default, or host members only if ``audience`` says so; a
    trial place for non-members where allowed), and the session row. The title and
    theme must not identify anyone: they go through the guard."""
    require_signed_in(actor)
    title = clean_session_name(title, field="title")
    theme = clean_session_name(theme, field="theme")
    guard_texts(texts={"title": title, "theme": theme}, acknowledged=confidentiality_acknowledged)
    if not selectors.can_schedule(actor, community):
        raise PermissionDenied(_("Only the community's facilitators can schedule sessions."))
    if session_format not in SessionFormat.values:
        raise ValidationError({"session_format": _("Choose a format.")})
    audience = _clean_audience(audience)
    if capacity is None or not MIN_PLACES <= int(capacity) <= MAX_PLACES:
        raise ValidationError(
            {
                "capacity": _("Enter from %(a)d to %(b)d places.")
                % {"a": MIN_PLACES, "b": MAX_PLACES}
            }
        )
    event = event_services.event_create(
        actor=actor,
        data={
            "title": title,
            "description": _description(theme, session_format, community),
            "kind": EventKind.REFLECTIVE_SESSION,
            "community": community,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "format": where,
            "venue": venue or "",
            "address": address or "",
            "online_url": online_url or "",
            "capacity": int(capacity),
            "audience": audience,
            "trial_allowed": bool(trial_allowed),
            "cpd_hours": _cpd_hours(starts_at, ends_at) if starts_at and ends_at else None,
        },
        publish=True,
        confidentiality_acknowledged=confidentiality_acknowledged,
    )
    now = timezone.now()
    session = ReflectiveSession.objects.create(
        event=event,
        community=community,
        facilitator=actor,
        theme=theme,
        format=session_format,
        trial_allowed=bool(trial_allowed),
        created_at=now,
        updated_at=now,
    )
    audit_record(
        actor=actor,
        action="reflection.schedule",
        target=session,
        data={"event_id": event.pk, "format": session_format, "audience": audience},
    )
    return session


def _ensure_participant(user, session: ReflectiveSession) -> Participant:
    """The person's participant row, made on first need (they may have booked on the
    event's own page). Checks who may take part."""
    participant = Participant.objects.filter(session=session, user=user).first()
    if participant is not None:
        return participant
    eligibility = selectors.eligibility(user, session)
    if not eligibility.allowed:
        raise SessionRefused(eligibility.reason, code="not_eligible")
    return Participant.objects.create(session=session, user=user, is_trial=eligibility.is_trial)


@transaction.atomic
def session_edit(
    *,
    actor,
    session: ReflectiveSession,
    theme: str,
    format: str,  # noqa: A002 - the name the model and the brief use
    audience: str | None = None,
    confidentiality_acknowledged: bool = False,
) -> ReflectiveSession:
    """Change a session's theme, format and who may book (``audience``; ``None`` keeps
    it) before it opens. Facilitators of the community
    only (the scheduling check); refused once the session has opened or closed. The
    event's description follows (through the events service); the time and place are
    changed on the events page."""
    require_signed_in(actor)
    theme = clean_session_name(theme, field="theme")
    guard_texts(texts={"theme": theme}, acknowledged=confidentiality_acknowledged)
    if format not in SessionFormat.values:
        raise ValidationError({"format": _("Choose a format.")})
    if audience is not None:
        audience = _clean_audience(audience)
    session = lock(session)
    if not selectors.can_schedule(actor, session.community):
        raise PermissionDenied(_("Only the community's facilitators can change a session."))
    if session.stage == Stage.CLOSED:
        raise SessionRefused(
            _("This session has ended: its theme and format can no longer change."),
            code="closed",
        )
    if session.stage != Stage.SCHEDULED:
        raise SessionRefused(
            _("This session has opened: its theme and format can no longer change."),
            code="already_open",
        )
    changed = [
        field
        for field, value in (("theme", theme), ("format", format))
        if getattr(session, field) != value
    ]
    audience_changed = audience is not None and audience != session.event.audience
    if not changed and not audience_changed:
        return session
    session.theme = theme
    session.format = format
    data = {"description": _description(theme, format, session.community)}
    if audience_changed:
        data["audience"] = audience
    session.event = event_services.event_update(
        actor=actor,
        event=session.event,
        data=data,
        confidentiality_acknowledged=confidentiality_acknowledged,
    )
    bump(session, *changed)
    audit_record(
        actor=actor,
        action="reflection.edit",
        target=session,
        data={"changed": changed + (["audience"] if audience_changed else []), "format": format},
    )
    return session


@transaction.atomic
def session_book(*, actor, session: ReflectiveSession) -> Participant:
    """Book a place: members of the community, or a non-member once on trial where the
    session allows it. The place itself is an events registration (capacity, waiting
    list and the host's own trial rule are the events service's)."""
    require_signed_in(actor)
    session = lock(session)
    if not community_selectors.can_read(actor, session.community):
        raise NotFound
    if session.stage == Stage.CLOSED:
        raise SessionRefused(_("This session has ended."), code="closed")
    if selectors.can_run(actor, session):
        raise SessionRefused(
            _("You facilitate this session, so you do not need a place."), code="facilitator"
        )
    eligibility = selectors.eligibility(actor, session)
    if not eligibility.allowed:
        raise SessionRefused(eligibility.reason, code="not_eligible")
    require_name_to_book(actor)
    registration = event_services.registration_create(actor=actor, event=session.event)
    participant, created = Participant.objects.get_or_create(
        session=session, user=actor, defaults={"is_trial": eligibility.is_trial}
    )
    if not created and participant.is_trial != eligibility.is_trial:
        participant.is_trial = eligibility.is_trial
        participant.save(update_fields=["is_trial"])
    bump(session)  # the facilitator's check-in list shows the new place
    audit_record(
        actor=actor,
        action="reflection.book",
        target=session,
        data={"status": registration.status, "trial": eligibility.is_trial},
    )
    return participant


@transaction.atomic
def booking_cancel(*, actor, session: ReflectiveSession) -> None:
    """Give up a place (before the session opens). A presenter who cancels stops being
    the presenter; their prepared issue goes with them."""
    require_signed_in(actor)
    session = lock(session)
    if session.stage != Stage.SCHEDULED:
        raise SessionRefused(
            _("The session has started: leave it from the live session instead."),
            code="started",
        )
    registration = selectors.registration_of(actor, session)
    if registration is None or not registration.is_active:
        raise SessionRefused(_("You do not have a place at this session."), code="no_place")
    event_services.registration_cancel(actor=actor, registration=registration)
    Participant.objects.filter(session=session, user=actor, joined_at__isnull=True).delete()
    if session.presenter_id == actor.pk:
        session.presenter = None
        session.issue_summary = ""
        bump(session, "presenter", "issue_summary")
    audit_record(actor=actor, action="reflection.booking_cancel", target=session)


@transaction.atomic
def rules_confirm(*, actor, session: ReflectiveSession, user=None) -> Participant:
    """Record that ``user`` (the actor, or — for a facilitator at check-in in the room —
    someone present) has confirmed the community's current group rules. Only people
    with a place can confirm; nobody joins the live session until they have."""
    require_signed_in(actor)
    user = user or actor
    session = lock(session)
    if user.pk != actor.pk:
        require_runner(actor, session)
    if session.stage == Stage.CLOSED:
        raise SessionRefused(_("This session has ended."), code="closed")
    if not selectors.has_place(user, session):
        message = (
            _("Book a place first: only people with a place confirm the rules.")
            if user.pk == actor.pk
            else _("%(name)s does not have a place at this session.") % {"name": user.display_name}
        )
        raise SessionRefused(message, code="no_place")
    participant = _ensure_participant(user, session)
    version, _rules = selectors.rules_of(session)
    participant.rules_version = version
    participant.rules_confirmed_at = timezone.now()
    participant.rules_confirmed_by = actor
    participant.save(update_fields=["rules_version", "rules_confirmed_at", "rules_confirmed_by"])
    bump(session)
    audit_record(
        actor=actor,
        action="reflection.rules_confirm",
        target=session,
        data={"user_id": user.pk, "version": version},
    )
    return participant


@transaction.atomic
def presenter_set(*, actor, session: ReflectiveSession, user=None) -> ReflectiveSession:
    """A person with a place volunteers (``user`` is the actor), a facilitator chooses
    someone with a place, or (``user=None``) the presenter steps down or a facilitator
    clears the choice. Not once the presenter's account has begun."""
    require_signed_in(actor)
    session = lock(session)
    runner = selectors.can_run(actor, session)
    if session.stage not in (Stage.SCHEDULED, Stage.CHECK_IN):
        raise SessionRefused(
            _("The presenter's account has begun: the presenter can no longer change."),
            code="too_late",
        )
    if user is None:
        if not runner and session.presenter_id != actor.pk:
            raise PermissionDenied(_("Only the presenter or a facilitator can do that."))
    else:
        if user.pk != actor.pk and not runner:
            raise PermissionDenied(_("Only a facilitator can choose someone else to present."))
        if not runner and session.presenter_id is not None and session.presenter_id != actor.pk:
            raise SessionRefused(
                _("Someone has already volunteered to present. Ask the facilitator."),
                code="taken",
            )
        registration = selectors.registration_of(user, session)
        if registration is None or registration.status != RegistrationStatus.CONFIRMED:
            raise SessionRefused(
                _("The presenter must have a place at the session."), code="no_place"
            )
        _ensure_participant(user, session)
    new_id = user.pk if user is not None else None
    if new_id != session.presenter_id:
        session.presenter = user
        # The prepared issue belongs to the person who wrote it.
        session.issue_summary = ""
        bump(session, "presenter", "issue_summary")
        audit_record(
            actor=actor,
            action="reflection.presenter",
            target=session,
            data={"presenter_id": new_id},
        )
    return session


@transaction.atomic
def issue_summary_save(
    *, actor, session: ReflectiveSession, text: str, confidentiality_acknowledged: bool = False
) -> ReflectiveSession:
    """The presenter's short, non-identifying summary of the issue they will bring."""
    require_signed_in(actor)
    text = clean_text(text, field="issue_summary", max_length=MAX_ISSUE, required=True)
    guard_texts(texts={"issue_summary": text}, acknowledged=confidentiality_acknowledged)
    session = lock(session)
    if session.presenter_id != actor.pk:
        raise PermissionDenied(_("Only the presenter can write the summary of the issue."))
    if session.stage == Stage.CLOSED:
        raise SessionRefused(_("This session has ended."), code="closed")
    session.issue_summary = text
    bump(session, "issue_summary")
    audit_record(actor=actor, action="reflection.issue_summary", target=session)
    return session
