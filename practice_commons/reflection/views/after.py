"""After a session: recording attendance (which drafts each attendee's CPD record and
asks them for feedback) and the feedback form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import PermissionDenied

from .. import selectors, services
from ..forms import FeedbackForm
from ._common import back_to, error_text, form_data, refusal_on


def _ticked_user_ids(request) -> list[int]:
    return [int(pk) for pk in request.POST.getlist("attended") if pk.isdigit()]


@login_required
def attendance(request, pk: int):
    session = selectors.session_for(request.user, pk)
    if not selectors.can_run(request.user, session):
        raise PermissionDenied(_("Only the session's facilitators can record attendance."))
    rows = selectors.attendance_rows(session)
    if request.method == "POST":
        try:
            changed = services.attendance_record(
                actor=request.user, session=session, user_ids=_ticked_user_ids(request)
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request,
                _(
                    "Attendance is recorded (%(n)d changed). Each attendee has a draft CPD "
                    "record and a request for feedback."
                )
                % {"n": changed},
            )
            return redirect("reflection:attendance", pk=session.pk)
    return render(
        request,
        "reflection/attendance.html",
        {"session": session, "rows": rows, "any_marked": any(r["attended"] for r in rows)},
    )


@login_required
@sensitive_post_parameters()
def feedback(request, pk: int):
    session = selectors.session_for(request.user, pk)
    existing = selectors.feedback_of(request.user, session)
    attended = selectors.has_attended(request.user, session)
    form = FeedbackForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.feedback_submit,
            actor=request.user,
            session=session,
            usefulness=form.cleaned_data["usefulness"],
            gave_you=form.cleaned_data["gave_you"],
            consent_to_quote=form.cleaned_data["consent_to_quote"],
        )
        if written:
            messages.success(request, _("Thank you for your feedback."))
            return back_to(session)
        if refused := refusal_on(form):
            messages.error(request, refused)
            return back_to(session)
    return render(
        request,
        "reflection/feedback.html",
        {"form": form, "session": session, "existing": existing, "attended": attended},
    )
