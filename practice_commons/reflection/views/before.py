"""Before a session: scheduling and changing it, booking and cancelling a place, the
group rules, the presenter and their prepared issue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import PermissionDenied
from practice_commons.events.models import Audience

from .. import selectors, services
from ..forms import EditForm, IssueForm, PresenterForm, ScheduleForm
from ..models import Stage
from ._common import back_to, error_text, form_data, form_error_text


def _schedule_showing_dates_on_the_form(**kwargs):
    """``services.session_schedule``, with the events service's errors about the start
    (``starts_at``) moved to this form's ``date`` field, where the writer can fix them."""
    try:
        return services.session_schedule(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and "starts_at" in exc.error_dict:
            exc.error_dict["date"] = exc.error_dict.pop("starts_at")
        raise


@login_required
@sensitive_post_parameters()
def schedule(request, slug: str):
    community = community_selectors.community_for_reader(request.user, slug)
    if not selectors.can_schedule(request.user, community):
        raise PermissionDenied(_("Only the community's facilitators can schedule sessions."))
    form = ScheduleForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            _schedule_showing_dates_on_the_form,
            actor=request.user,
            community=community,
            title=data["title"],
            theme=data["theme"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            session_format=data["session_format"],
            where=data["where"],
            venue=data["venue"],
            address=data["address"],
            online_url=data["online_url"],
            capacity=data["capacity"],
            trial_allowed=data["trial_allowed"],
            audience=data["audience"] or Audience.COMMUNITY,
        )
        if written:
            messages.success(request, _("The session is scheduled and open for booking."))
            return redirect(written.value)
    return render(request, "reflection/schedule.html", {"form": form, "community": community})


@login_required
@sensitive_post_parameters()
def edit(request, pk: int):
    """Change the theme and format before the session opens (time and place are the
    event's, changed on the events page)."""
    session = selectors.session_for(request.user, pk)
    if not selectors.can_schedule(request.user, session.community):
        raise PermissionDenied(_("Only the community's facilitators can change a session."))
    form = EditForm(
        form_data(request),
        initial={
            "theme": session.theme,
            "format": session.format,
            "audience": session.event.audience,
        },
    )
    if session.stage != Stage.SCHEDULED:
        messages.error(
            request, _("This session has opened: its theme and format can no longer change.")
        )
        return back_to(session)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.session_edit,
            actor=request.user,
            session=session,
            theme=form.cleaned_data["theme"],
            format=form.cleaned_data["format"],
            audience=form.cleaned_data["audience"] or None,
        )
        if written:
            messages.success(request, _("The session's theme, format and who may book are saved."))
            return back_to(session)
    return render(request, "reflection/edit.html", {"form": form, "session": session})


@login_required
@require_POST
def book(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        participant = services.session_book(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return back_to(session)
    if selectors.has_place(request.user, session):
        text = _("You have a place. Confirm the group rules before the session opens.")
        if participant.is_trial:
            text += " " + _("This is your one trial session with this community.")
        messages.success(request, text)
    else:
        messages.success(request, _("The session is full: you are on the waiting list."))
    return back_to(session)


@login_required
@require_POST
def cancel_booking(request, pk: int):
    session = selectors.session_for(request.user, pk)
    try:
        services.booking_cancel(actor=request.user, session=session)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Your place is cancelled."))
    return back_to(session)


@login_required
def rules(request, pk: int):
    session = selectors.session_for(request.user, pk)
    participant = selectors.participant_of(request.user, session)
    version, rule_list = selectors.rules_of(session)
    error = ""
    if request.method == "POST":
        if not request.POST.get("agree"):
            error = _("Tick the box to confirm you will keep to the group rules.")
        else:
            try:
                services.rules_confirm(actor=request.user, session=session)
            except ValidationError as exc:
                messages.error(request, error_text(exc))
                return back_to(session)
            messages.success(request, _("Thank you: you have confirmed the group rules."))
            if session.is_open:
                return redirect("reflection:live", pk=session.pk)
            return back_to(session)
    return render(
        request,
        "reflection/rules.html",
        {
            "session": session,
            "community": session.community,
            "rules": rule_list,
            "version": version,
            "confirmed": selectors.rules_confirmed(participant, session),
            "has_place": selectors.has_place(request.user, session),
            "error": error,
        },
    )


def _presenter_success(request, user) -> str:
    if user is None:
        return _("There is no presenter for now.")
    if user.pk == request.user.pk:
        return _("You are presenting. Write a short summary of your issue to prepare.")
    return _("%(name)s is presenting.") % {"name": user.display_name}


@login_required
@require_POST
def presenter(request, pk: int):
    """Volunteer (``action=volunteer``), step down (any other action), or — for a
    facilitator — choose someone with a place (``action=choose``, ``presenter=<id>``)."""
    session = selectors.session_for(request.user, pk)
    action = request.POST.get("action", "")
    user = None
    if action == "volunteer":
        user = request.user
    elif action == "choose":
        form = PresenterForm(request.POST, session=session)
        if not form.is_valid():
            messages.error(request, form_error_text(form))
            return _after_presenter(request, session)
        user = form.cleaned_data["presenter"]
    try:
        services.presenter_set(actor=request.user, session=session, user=user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _presenter_success(request, user))
    return _after_presenter(request, session)


def _after_presenter(request, session):
    if request.POST.get("next") == "live":
        return redirect("reflection:live", pk=session.pk)
    return back_to(session)


@login_required
@sensitive_post_parameters()
def issue(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if session.presenter_id != request.user.pk:
        raise PermissionDenied(_("Only the presenter can write the summary of the issue."))
    form = IssueForm(form_data(request), initial={"issue_summary": session.issue_summary})
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.issue_summary_save,
            actor=request.user,
            session=session,
            text=form.cleaned_data["issue_summary"],
        )
        if written:
            messages.success(request, _("Your summary of the issue is saved."))
            return back_to(session)
    return render(request, "reflection/issue.html", {"form": form, "session": session})
