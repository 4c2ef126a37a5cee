"""Organisers: create, edit, publish and cancel an event; create, edit, publish and skip
dates of a series. Refused writes show on the form (``write_from_form``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.accounts.models import Organisation
from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import PermissionDenied

from .. import selectors, services, timefmt
from ..forms import CancelEventForm, EventForm, SeriesEditForm, SeriesForm
from .common import event_community, post_data


def _require_may_create(request) -> None:
    if not selectors.may_create_any_event(request.user):
        raise PermissionDenied(
            _(
                "Community facilitators, organisation admins and champions, "
                "and host admins can create events."
            )
        )


def _organiser_choices(request):
    return {
        "communities": selectors.communities_for_organiser(request.user).order_by("name"),
        "organisations": selectors.organisations_for_organiser(request.user).order_by("name"),
    }


def _keep_current_hosts(form, event) -> None:
    """An organiser may edit an event whose host they do not speak for themselves (a
    facilitator editing an event an organisation co-runs): keep the current hosts among
    the choices so the form stays valid; the service checks any change of host."""
    if event.community_id:
        form.fields["community"].queryset = form.fields["community"].queryset | event_community(
            event
        )
    if event.organisation_id:
        form.fields["organisation"].queryset = form.fields[
            "organisation"
        ].queryset | Organisation.objects.filter(pk=event.organisation_id)


# --- One event -----------------------------------------------------------------------------
@login_required
@sensitive_post_parameters()
def create(request):
    _require_may_create(request)
    initial = {}
    slug = request.GET.get("community")
    if slug:
        initial["community"] = community_selectors.community_for_reader(request.user, slug)
    form = EventForm(post_data(request), initial=initial, **_organiser_choices(request))
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.event_create,
            actor=request.user,
            data=form.event_data(),
            professions=form.cleaned_data["target_professions"],
            co_hosts=form.cleaned_data["co_hosts"],
            publish="publish" in request.POST,
        )
        if written:
            event = written.value
            messages.success(
                request,
                _("The event is published.")
                if event.is_published
                else _("The event is saved as a draft. Publish it when it is ready."),
            )
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": None})


@login_required
@sensitive_post_parameters()
def edit(request, pk: int):
    event = selectors.event_for_manager(request.user, pk)
    form = EventForm(
        post_data(request), initial=EventForm.initial_for(event), **_organiser_choices(request)
    )
    _keep_current_hosts(form, event)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.event_update,
            actor=request.user,
            event=event,
            data=form.event_data(),
            professions=form.cleaned_data["target_professions"],
            co_hosts=form.cleaned_data["co_hosts"],
        )
        if written:
            messages.success(request, _("The event has been updated."))
            return redirect(written.value)
    return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def publish(request, pk: int):
    event = selectors.event_for_manager(request.user, pk)
    try:
        services.event_publish(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event is published."))
    return redirect(event)


@login_required
@sensitive_post_parameters()
def cancel(request, pk: int):
    event = selectors.event_for_manager(request.user, pk)
    form = CancelEventForm(post_data(request))
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.event_cancel,
            actor=request.user,
            event=event,
            reason=form.cleaned_data["reason"],
        )
        if written:
            messages.success(
                request, _("The event is cancelled and everyone registered has been told.")
            )
            return redirect(event)
    return render(request, "events/event_cancel.html", {"form": form, "event": event})


# --- Series --------------------------------------------------------------------------------
@login_required
@sensitive_post_parameters()
def series_create(request):
    _require_may_create(request)
    form = SeriesForm(post_data(request), **_organiser_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            services.series_create,
            actor=request.user,
            data=form.event_data(),
            rule=data["rule"],
            start_date=data["start_date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            professions=data["target_professions"],
            co_hosts=data["co_hosts"],
            publish="publish" in request.POST,
        )
        if written:
            messages.success(request, _("The series is created."))
            return redirect(written.value)
    return render(request, "events/series_form.html", {"form": form, "series": None})


@login_required
@sensitive_post_parameters()
def series_edit(request, pk: int):
    series, template = selectors.series_for_manager(request.user, pk)
    form = SeriesEditForm(
        post_data(request), initial=EventForm.initial_for(template), **_organiser_choices(request)
    )
    _keep_current_hosts(form, template)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.series_update,
            actor=request.user,
            series=series,
            data=form.event_data(),
            professions=form.cleaned_data["target_professions"],
            co_hosts=form.cleaned_data["co_hosts"],
        )
        if written:
            messages.success(request, _("%(n)d future dates updated.") % {"n": written.value})
            return redirect(series)
    return render(request, "events/series_form.html", {"form": form, "series": series})


@login_required
@require_POST
def series_skip(request, pk: int, event_pk: int):
    series = selectors.series_for(request.user, pk)
    event = selectors.event_for_manager(request.user, event_pk)
    if event.series_id != series.pk:
        raise Http404
    services.series_skip_occurrence(actor=request.user, event=event)
    messages.success(
        request,
        _("%(day)s is taken out of the series and its registrants have been told.")
        % {"day": timefmt.day(event.starts_at)},
    )
    return redirect(series)


@login_required
@require_POST
def series_publish(request, pk: int):
    series = selectors.series_for(request.user, pk)
    try:
        count = services.series_publish(actor=request.user, series=series)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(n)d dates published.") % {"n": count})
    return redirect(series)
