"""Who may register for an event, decided once: the registration service refuses with
this answer, and the event's page and the events list say it before anyone presses
Register, so the explanation and the refusal cannot disagree.

``facts_for(user, events)`` reads what the rule needs about the person in a fixed number
of queries (at most three, whatever the number of events): their communities among the
events' communities, whether they have had their one trial of a host-members-only event,
and which communities' trials they have had. ``outlook(event, facts, ...)`` is then pure.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.accounts.models import User
from practice_commons.accounts.selectors import host_members_q
from practice_commons.communities import selectors as community_selectors

from .models import ACTIVE_STATUSES, Audience, Event, EventStatus, Registration

# Refusals a page shows as "registration is closed" rather than as a rule about people.
CLOSED_CODES = frozenset({"cancelled", "not_published", "started"})


@dataclass(frozen=True)
class NextStep:
    """What to do about it: a link's text and address."""

    label: str
    url: str


@dataclass(frozen=True)
class Outlook:
    """The answer for one person and one event. ``code`` names a refusal (the service's
    ``RegistrationRefused`` code) and is empty when they may register; ``message`` says
    why, or, for someone who may come on trial, that this would be their trial."""

    allowed: bool
    code: str = ""
    message: str = ""
    is_trial: bool = False
    next_step: NextStep | None = None

    @property
    def short(self) -> str:
        """A few words for a list row."""
        if self.allowed:
            return _("Trial place available to you") if self.is_trial else _("Open to you")
        return {
            "trial_used": _("Your trial is used"),
            "members_only": _("For members: not open to you"),
            "community_only": _("For community members: not open to you"),
            "invitation_required": _("By invitation"),
            "sign_in": _("Sign in to see if you can come"),
        }.get(self.code, "")


@dataclass(frozen=True)
class ReaderFacts:
    signed_in: bool = False
    host_member: bool = False
    host_trial_used: bool = False
    member_of: frozenset = field(default_factory=frozenset)
    community_trials_used: frozenset = field(default_factory=frozenset)


def host_name() -> str:
    return getattr(settings, "HOST_NAME", settings.SITE_NAME)


def become_member_step() -> NextStep:
    return NextStep(
        _("How to become a member of %(host)s") % {"host": host_name()},
        reverse("accounts:profile") + "#host-membership",
    )


def join_community_step(event: Event) -> NextStep:
    return NextStep(
        _("Join %(community)s") % {"community": event.community.name},
        reverse("communities:join", kwargs={"slug": event.community.slug}),
    )


def _live_or_attended() -> Q:
    return Q(status__in=ACTIVE_STATUSES) | Q(attended_at__isnull=False)


def facts_for(user, events, *, exclude_event_id=None) -> ReaderFacts:
    """What the rule needs to know about ``user`` for these events: only what some event
    asks (no query for an event open to anyone signed in), at most three queries.
    ``exclude_event_id``: a trial place at that event does not count as used (the
    service asks about the event being registered for)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ReaderFacts()
    events = list(events)
    host_member = bool(user.is_host_member)
    community_ids = {
        e.community_id
        for e in events
        if e.community_id and e.audience in (Audience.COMMUNITY, Audience.MEMBERS)
    }
    member_of = frozenset()
    if community_ids:
        member_of = frozenset(
            community_selectors.community_ids_for_member(user).filter(
                community_id__in=community_ids
            )
        )
    host_trial_used = False
    if not host_member and any(e.audience == Audience.MEMBERS and e.trial_allowed for e in events):
        host_trial_used = (
            Registration.objects.filter(
                user_id=user.pk, is_trial=True, event__audience=Audience.MEMBERS
            )
            .filter(_live_or_attended())
            .exists()
        )
    outside = {
        e.community_id
        for e in events
        if e.audience == Audience.COMMUNITY
        and e.community_id
        and e.trial_allowed
        and e.community_id not in member_of
    }
    community_trials_used = frozenset()
    if outside:
        used = Registration.objects.filter(
            user_id=user.pk,
            is_trial=True,
            event__community_id__in=outside,
            event__audience=Audience.COMMUNITY,
        ).filter(_live_or_attended())
        if exclude_event_id is not None:
            used = used.exclude(event_id=exclude_event_id)
        community_trials_used = frozenset(used.values_list("event__community_id", flat=True))
    return ReaderFacts(
        signed_in=True,
        host_member=host_member,
        host_trial_used=host_trial_used,
        member_of=member_of,
        community_trials_used=community_trials_used,
    )


def outlook(
    event: Event, facts: ReaderFacts, *, invitation=None, manager: bool = False, now=None
) -> Outlook:
    """May this person register for ``event``? The registration service raises
    ``RegistrationRefused(message, code=code)`` for every refusal here; pages show the
    same message and next step. Organisers and invitees pass any audience."""
    if event.status == EventStatus.CANCELLED:
        return Outlook(False, "cancelled", _("This event has been cancelled."))
    if event.status != EventStatus.PUBLISHED:
        return Outlook(False, "not_published", _("This event is not open for registration yet."))
    if event.has_started(now or timezone.now()):
        return Outlook(False, "started", _("This event has already started."))
    if not facts.signed_in:
        return Outlook(False, "sign_in", audience_sentence(event))
    if event.audience == Audience.INVITATION and invitation is None and not manager:
        return Outlook(
            False,
            "invitation_required",
            _("This event is by invitation only. Use the link in your invitation."),
        )
    if invitation is not None or manager:
        return Outlook(True)
    if event.audience == Audience.MEMBERS and not facts.host_member:
        # Host members only: the verified register decides, with one trial across the host.
        if not event.trial_allowed:
            return Outlook(
                False,
                "members_only",
                _(
                    "This event is for members of %(host)s. Become a member to take part in "
                    "members-only events and sessions."
                )
                % {"host": host_name()},
                next_step=become_member_step(),
            )
        if facts.host_trial_used:
            return Outlook(
                False,
                "trial_used",
                _(
                    "You have already had your one trial of a members-only event or session. "
                    "Become a member of %(host)s to keep coming: members can join every "
                    "members-only event."
                )
                % {"host": host_name()},
                next_step=become_member_step(),
            )
        return Outlook(
            True,
            is_trial=True,
            message=_(
                "You are not a member of %(host)s, but you can come to this event on trial. "
                "It would be your one trial of a members-only event or session: after it, "
                "become a member to keep coming."
            )
            % {"host": host_name()},
            next_step=become_member_step(),
        )
    if (
        event.audience == Audience.COMMUNITY
        and event.community_id
        and event.community_id not in facts.member_of
    ):
        # The community's own members, whatever their host membership; a non-member
        # may come once on trial to this community where the event allows it.
        name = event.community.name
        if not event.trial_allowed:
            return Outlook(
                False,
                "community_only",
                _("This event is for members of %(community)s. Join the community to take part.")
                % {"community": name},
                next_step=join_community_step(event),
            )
        if event.community_id in facts.community_trials_used:
            return Outlook(
                False,
                "trial_used",
                _(
                    "You have already had your one trial with %(community)s. Join the "
                    "community to keep coming."
                )
                % {"community": name},
                next_step=join_community_step(event),
            )
        return Outlook(
            True,
            is_trial=True,
            message=_(
                "You are not a member of %(community)s, but you can come to this event on "
                "trial. It would be your one trial with %(community)s: after it, join the "
                "community to keep coming."
            )
            % {"community": name},
            next_step=join_community_step(event),
        )
    if event.audience == Audience.MEMBERS:
        return Outlook(
            True,
            message=_("You are a member of %(host)s, so you can register.") % {"host": host_name()},
        )
    if event.audience == Audience.COMMUNITY and event.community_id:
        return Outlook(
            True,
            message=_("You are a member of %(community)s, so you can register.")
            % {"community": event.community.name},
        )
    return Outlook(True)


def audience_sentence(event: Event) -> str:
    """Who may register, in a sentence, for someone not signed in."""
    if event.audience == Audience.MEMBERS:
        text = _("Members of %(host)s can register.") % {"host": host_name()}
        if event.trial_allowed:
            text += " " + _("Someone who is not a member may come to one such event on trial.")
        return text
    if event.audience == Audience.COMMUNITY and event.community_id:
        text = _("Members of %(community)s can register.") % {"community": event.community.name}
        if event.trial_allowed:
            text += " " + _("Someone who is not a member may come once on trial.")
        return text
    if event.audience == Audience.INVITATION:
        return _("This event is by invitation only.")
    return _("Anyone signed in can register.")


def outlook_for(user, event: Event, *, invitation=None, manager: bool = False, now=None) -> Outlook:
    """``outlook`` for one person and one event, reading the facts it needs."""
    return outlook(
        event,
        facts_for(user, [event], exclude_event_id=event.pk),
        invitation=invitation,
        manager=manager,
        now=now,
    )


def with_reader_facts(qs: QuerySet[Event], user) -> QuerySet[Event]:
    """A list's events, each carrying what ``outlook`` needs to know about ``user``
    (subqueries in the list's own query, so a page of any length costs no more):
    whether they are a host member, a member of the event's community, have had the
    host's trial, or this community's."""
    if user is None or not getattr(user, "is_authenticated", False):
        return qs
    trials = Registration.objects.filter(user_id=user.pk, is_trial=True).filter(_live_or_attended())
    return qs.annotate(
        reader_host_member=Exists(User.objects.filter(host_members_q(), pk=user.pk)),
        reader_member=Exists(
            community_selectors.community_ids_for_member(user).filter(
                community_id=OuterRef("community_id")
            )
        ),
        reader_host_trial_used=Exists(trials.filter(event__audience=Audience.MEMBERS)),
        reader_community_trial_used=Exists(
            trials.filter(
                event__audience=Audience.COMMUNITY, event__community_id=OuterRef("community_id")
            )
        ),
    )


def outlooks_for(user, events) -> dict[int, Outlook]:
    """``outlook`` for each event of a list (one page) that has a rule about people
    (members, community, invitation), from the facts ``with_reader_facts`` put on each
    row: no query. Host admins manage every event."""
    events = list(events)
    if user is None or not getattr(user, "is_authenticated", False):
        facts = ReaderFacts()
    else:
        facts = ReaderFacts(
            signed_in=True,
            host_member=any(getattr(e, "reader_host_member", False) for e in events),
            host_trial_used=any(getattr(e, "reader_host_trial_used", False) for e in events),
            member_of=frozenset(
                e.community_id for e in events if getattr(e, "reader_member", False)
            ),
            community_trials_used=frozenset(
                e.community_id for e in events if getattr(e, "reader_community_trial_used", False)
            ),
        )
    manager = bool(getattr(user, "is_host_admin", False))
    return {
        e.pk: outlook(e, facts, manager=manager)
        for e in events
        if e.audience in (Audience.MEMBERS, Audience.COMMUNITY, Audience.INVITATION)
    }
