"""An attendee's feedback on an event they attended (sending again replaces it)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from practice_commons.confidentiality.forms import write_from_form

from .. import services
from ..forms import FeedbackForm
from .common import attended_registration, post_data

FEEDBACK_FIELDS = ("rating", "learnt", "impact", "comments")


@login_required
@sensitive_post_parameters()
def feedback(request, pk: int):
    event, registration = attended_registration(request, pk)
    existing = getattr(registration, "feedback", None)
    initial = {f: getattr(existing, f) for f in FEEDBACK_FIELDS} if existing else {}
    form = FeedbackForm(post_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.feedback_submit,
            actor=request.user,
            registration=registration,
            **{f: form.cleaned_data[f] for f in FEEDBACK_FIELDS},
        )
        if written:
            messages.success(
                request, _("Thank you: your feedback has been sent to the organisers.")
            )
            return redirect("events:mine")
    return render(request, "events/feedback.html", {"form": form, "event": event})
