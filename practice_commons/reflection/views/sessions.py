"""The lists of sessions and one session's page (book, rules, presenter, open, join)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from practice_commons.communities import selectors as community_selectors
from practice_commons.events import selectors as event_selectors
from practice_commons.events.models import RegistrationStatus

from .. import selectors
from ..forms import PresenterForm
from ..models import SessionFormat, Stage
from ._common import PAGE_SIZE


@login_required
def my_sessions(request):
    page = Paginator(selectors.sessions_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "reflection/my_sessions.html", {"page_obj": page, "now": timezone.now()})


def community_sessions(request, slug: str):
    community = community_selectors.community_for_reader(request.user, slug)
    upcoming = list(selectors.community_sessions(request.user, community, upcoming=True)[:20])
    page = Paginator(
        selectors.community_sessions(request.user, community, upcoming=False), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "reflection/community_sessions.html",
        {
            "community": community,
            "upcoming": upcoming,
            "page_obj": page,
            "can_schedule": selectors.can_schedule(request.user, community),
            "can_see_stats": selectors.can_see_stats(request.user, community),
        },
    )


def detail(request, pk: int):
    session = selectors.session_for(request.user, pk)
    user = request.user
    registration = selectors.registration_of(user, session)
    participant = selectors.participant_of(user, session)
    runner = selectors.can_run(user, session)
    has_place = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    material = selectors.can_see_material(user, session, participant)
    closed_reason = selectors.booking_closed_reason(session)
    context = {
        "session": session,
        "event": session.event,
        "community": session.community,
        "registration": registration,
        "participant": participant,
        "has_place": has_place,
        "runner": runner,
        "can_see_material": material,
        "rules_confirmed": selectors.rules_confirmed(participant, session),
        "eligibility": selectors.eligibility(user, session) if user.is_authenticated else None,
        "is_presenter": user.is_authenticated and session.presenter_id == user.pk,
        "actions": list(selectors.action_commitments(session, viewer=user)) if material else [],
        "presenter_summary": selectors.presenter_summary_for(user, session) if material else "",
        "attended": registration is not None and registration.attended_at is not None,
        "feedback": selectors.feedback_of(user, session),
        "can_book": not closed_reason,
        "closed_reason": closed_reason,
        "counts": event_selectors.registration_counts(session.event),
        "booking_rule": selectors.booking_rule(session),
        "host_members_only": selectors.host_members_only(session),
        "format_label": SessionFormat(session.format).label,
        "summary_obj": session,  # the reportable row for the presenter's summary
        "can_edit": session.stage == Stage.SCHEDULED
        and selectors.can_schedule(user, session.community),
    }
    if runner and session.stage in (Stage.SCHEDULED, Stage.CHECK_IN):
        context["presenter_form"] = PresenterForm(
            initial={"presenter": session.presenter_id}, session=session
        )
    return render(request, "reflection/detail.html", context)
