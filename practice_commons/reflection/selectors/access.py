"""Who may do what with a session, decided once for pages, the API and the services:
running it, seeing its figures, seeing its material, taking part (membership, or one
trial session for a non-member), and whether someone's confirmation of the group rules
is current."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from practice_commons.accounts.models import User
from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import MODERATOR_ROLES, Community
from practice_commons.core.errors import PermissionDenied
from practice_commons.events import selectors as event_selectors
from practice_commons.events.models import (
    ACTIVE_STATUSES,
    Audience,
    Registration,
    RegistrationStatus,
)

from ..models import Participant, ReflectiveSession, Stage


def signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def can_schedule(user, community: Community) -> bool:
    """Facilitators and owners of the community (and host admins, who then run the
    session they schedule)."""
    return community.archived_at is None and community_selectors.can_moderate(user, community)


def can_run(user, session: ReflectiveSession) -> bool:
    if not signed_in(user):
        return False
    if session.facilitator_id == user.pk:
        return True
    membership = community_selectors.membership_of(user, session.community)
    return membership is not None and membership.role in MODERATOR_ROLES


def can_see_stats(user, community: Community) -> bool:
    """Aggregates only (no names, no material): facilitators, owners, host admins."""
    return community_selectors.can_moderate(user, community)


def live_access(user, session: ReflectiveSession) -> tuple[bool, Participant | None]:
    """``(runs_it, participant)`` for someone who may see the live session (its
    facilitators, and people with a place who have a participant row), else
    ``PermissionDenied``. The live page and the API both ask here."""
    runner = can_run(user, session)
    participant = participant_of(user, session)
    if runner:
        return True, participant
    if participant is None or not has_place(user, session):
        raise PermissionDenied(_("Only people with a place at this session can join it."))
    return False, participant


def marked_left(session: ReflectiveSession, runner: bool, participant) -> bool:
    """Whether to tell this person, on their own screen, that a facilitator marked them
    as having left (with the offer to rejoin); the live view then shows nothing else."""
    return bool(
        not runner
        and session.is_open
        and participant is not None
        and participant.left_at is not None
        and participant.left_marked_by_id is not None
    )


def participant_of(user, session: ReflectiveSession) -> Participant | None:
    if not signed_in(user):
        return None
    return Participant.objects.filter(session_id=session.pk, user_id=user.pk).first()


def registration_of(user, session: ReflectiveSession) -> Registration | None:
    return event_selectors.registration_of(user, session.event)


def has_place(user, session: ReflectiveSession) -> bool:
    registration = registration_of(user, session)
    return registration is not None and registration.status == RegistrationStatus.CONFIRMED


def people_with_place(session: ReflectiveSession) -> QuerySet[User]:
    """Everyone with a confirmed place, by name: the people a facilitator can choose as
    presenter, mark present or record as having confirmed the rules in the room."""
    places = Registration.objects.filter(
        event_id=session.event_id, status=RegistrationStatus.CONFIRMED
    ).values("user_id")
    return User.objects.filter(pk__in=places).order_by("full_name", "email")


def presenter_candidate(session: ReflectiveSession, user_id: int) -> User:
    """The person with a place who may be chosen as presenter; ``ValidationError``
    otherwise (the same choice the session's page offers)."""
    person = people_with_place(session).filter(pk=user_id).first()
    if person is None:
        raise ValidationError({"user_id": _("Choose someone who has a place at this session.")})
    return person


def has_attended(user, session: ReflectiveSession) -> bool:
    registration = registration_of(user, session)
    return registration is not None and registration.attended_at is not None


def can_see_material(user, session: ReflectiveSession, participant=None) -> bool:
    if not signed_in(user):
        return False
    if user.pk in (session.presenter_id, session.facilitator_id):
        return True
    participant = participant if participant is not None else participant_of(user, session)
    if participant is not None and participant.user_id == user.pk and participant.has_joined:
        return True
    return has_attended(user, session)


def rules_of(session: ReflectiveSession) -> tuple[int, list[dict]]:
    """(version, rules) of the community's current group rules (a sub-group's are its
    parent's). Version 0 when the community has none written down."""
    rules = session.community.current_rules
    if rules is None:
        return 0, []
    return rules.version, list(rules.rules or [])


def rules_confirmed(participant: Participant | None, session: ReflectiveSession) -> bool:
    if participant is None or participant.rules_confirmed_at is None:
        return False
    version, _rules = rules_of(session)
    return (participant.rules_version or 0) >= version


def used_trial(user, community: Community, *, exclude_session_id=None) -> bool:
    """Whether a non-member has had their one trial session in this community: a trial
    place that is still live (confirmed, offered or waiting) or that they attended."""
    live = Registration.objects.filter(
        event_id=OuterRef("session__event_id"), user_id=user.pk
    ).filter(Q(status__in=ACTIVE_STATUSES) | Q(attended_at__isnull=False))
    qs = Participant.objects.filter(user_id=user.pk, is_trial=True, session__community=community)
    if exclude_session_id is not None:
        qs = qs.exclude(session_id=exclude_session_id)
    return qs.filter(Exists(live)).exists()


@dataclass(frozen=True)
class Eligibility:
    """Whether someone may book, and if not why (``reason``) and what to do about it
    (``next_label`` and ``next_url``: join the community, or become a host member)."""

    allowed: bool
    is_trial: bool = False
    reason: str = ""
    next_label: str = ""
    next_url: str = ""


def _join_step(community: Community) -> dict:
    return {
        "next_label": _("Join %(community)s") % {"community": community.name},
        "next_url": reverse("communities:join", kwargs={"slug": community.slug}),
    }


def _host_member_step() -> dict:
    host = getattr(settings, "HOST_NAME", settings.SITE_NAME)
    return {
        "next_label": _("How to become a member of %(host)s") % {"host": host},
        "next_url": reverse("accounts:profile") + "#host-membership",
    }


def booking_closed_reason(session: ReflectiveSession) -> str:
    """Why nobody can book this session any more (or yet), in a sentence; empty while
    booking is open. The same conditions as the session's page's Book button."""
    event = session.event
    if event.status == "cancelled":
        return _("This session has been cancelled, so it cannot be booked.")
    if session.stage == Stage.CLOSED:
        return _("This session has ended, so it cannot be booked.")
    if session.stage != Stage.SCHEDULED or event.has_started():
        return _("This session has started, so booking is closed.")
    if event.status != "published":
        return _("This session is not open for booking yet.")
    return ""


def host_members_only(session: ReflectiveSession) -> bool:
    """Whether the facilitator made the session host-members-only (the event's audience);
    by default a community's session is for the community's members."""
    return session.event.audience == Audience.MEMBERS


def booking_rule(session: ReflectiveSession) -> str:
    """Who may book, in a sentence, for the session's page (shown before Book)."""
    community = session.community.name
    host = getattr(settings, "HOST_NAME", settings.SITE_NAME)
    if host_members_only(session):
        text = _(
            "Members of %(community)s who are also members of %(host)s (from the host's "
            "membership register): the facilitator made this session for host members only."
        ) % {"community": community, "host": host}
        if session.trial_allowed:
            text += " " + _(
                "Someone who is not a member may come once on trial (one trial across %(host)s)."
            ) % {"host": host}
        return text
    text = _("Members of %(community)s, whether or not they are members of %(host)s.") % {
        "community": community,
        "host": host,
    }
    if session.trial_allowed:
        text += " " + _("Someone who is not a member may come to one session on trial.")
    return text


def eligibility(user, session: ReflectiveSession) -> Eligibility:
    """Who may take part. By default (audience "community") the community's members,
    whatever their host membership, and a non-member once per community on trial where
    the session allows it. A host-members-only session adds the host's rule: a host
    member (the verified register), or one trial across the host where allowed."""

    if not signed_in(user):
        return Eligibility(False, reason=_("Sign in to book a place."))
    community = session.community
    is_trial = False
    if not community_selectors.is_member(user, community):
        if not session.trial_allowed:
            return Eligibility(
                False,
                reason=_(
                    "Reflective sessions of %(community)s are for its members. Join the "
                    "community to take part."
                )
                % {"community": community.name},
                **_join_step(community),
            )
        if used_trial(user, community, exclude_session_id=session.pk):
            return Eligibility(
                False,
                reason=_(
                    "You have already had your trial session with %(community)s. Join the "
                    "community to keep coming."
                )
                % {"community": community.name},
                **_join_step(community),
            )
        is_trial = True
    if host_members_only(session) and not user.is_host_member:
        host = getattr(settings, "HOST_NAME", settings.SITE_NAME)
        if not session.trial_allowed:
            return Eligibility(
                False,
                reason=_(
                    "The facilitator made this session for members of %(host)s only. Become a "
                    "member of %(host)s to take part."
                )
                % {"host": host},
                **_host_member_step(),
            )
        if event_selectors.has_used_trial(user):
            return Eligibility(
                False,
                reason=_(
                    "You have already had your one trial of a members-only session. Become a "
                    "member of %(host)s to keep coming."
                )
                % {"host": host},
                **_host_member_step(),
            )
        is_trial = True
        return Eligibility(True, is_trial=True, **_host_member_step())
    if is_trial:
        return Eligibility(True, is_trial=True, **_join_step(community))
    return Eligibility(True)
