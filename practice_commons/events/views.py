"""Pages of the events app. Thin: parse the request, call a selector or a service, render.
An event the reader may not see is 404 (``selectors.event_for``); a visible event whose
action needs a role they lack is 403."""

import calendar
import csv
from collections import defaultdict
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.accounts.models import Organisation
from practice_commons.communities import selectors as community_selectors
from practice_commons.communities.models import Community
from practice_commons.confidentiality.forms import (
    attach_confidentiality_errors,
    attach_write_errors,
)
from practice_commons.confidentiality.guard import ConfidentialityError
from practice_commons.core.pagination import query_string_without_page

from . import ical, qr, recurrence, selectors, services, timefmt
from .certificates import certificate_pdf
from .forms import (
    CancelEventForm,
    CheckInForm,
    EventForm,
    FeedbackForm,
    FilterForm,
    InviteForm,
    SeriesEditForm,
    SeriesForm,
)
from .links import links_for
from .models import LONDON, EventStatus, RegistrationStatus

PAGE_SIZE = 20
PER_DAY = 4  # events shown in a day of the month grid; "N more" links to the list


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _post(request):
    return request.POST if request.method == "POST" else None


def _require_manager(request, event) -> None:
    if not selectors.can_manage(request.user, event):
        raise PermissionDenied(_("Only this event's organisers can do that."))


def _filter_form(request) -> FilterForm:
    return FilterForm(
        request.GET or None,
        communities=community_selectors.communities_visible_to(request.user)
        .filter(archived_at__isnull=True)
        .order_by("name"),
    )


# --- Listing and calendar ------------------------------------------------------------------
def event_list(request):
    form = _filter_form(request)
    filters = form.filters()
    from_date = _parse_date(request.GET.get("from", ""))
    page = Paginator(
        selectors.upcoming_events(request.user, from_date=from_date, **filters), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "form": form,
        "page_obj": page,
        "from_date": from_date,
        "filtered": any(v for v in filters.values()) or from_date is not None,
        "query_string": query_string_without_page(request),
        "month_url": reverse("events:month", kwargs={"year": today.year, "month": today.month}),
        "can_create": selectors.may_create_any_event(request.user),
    }
    return render(request, "events/event_list.html", context)


def month(request, year: int, month: int):
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise Http404
    form = _filter_form(request)
    filters = form.filters()
    events = list(selectors.events_in_month(request.user, year, month, **filters))
    by_day = defaultdict(list)
    for event in events:
        by_day[event.starts_at.astimezone(LONDON).date()].append(event)
    weeks = [
        [
            {
                "date": d,
                "in_month": d.month == month,
                "events": by_day.get(d, [])[:PER_DAY],
                "more": max(len(by_day.get(d, [])) - PER_DAY, 0),
            }
            for d in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    previous = date(year - (month == 1), (month - 2) % 12 + 1, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    query = query_string_without_page(request)
    return render(
        request,
        "events/month.html",
        {
            "form": form,
            "weeks": weeks,
            "events": events,
            "month_start": date(year, month, 1),
            "previous": previous,
            "following": following,
            "query_string": query,
            "filtered": any(v for v in filters.values()),
            "today": timezone.localdate(),
            "weekdays": [
                "Monday",
                "Tuesday",
                "Wednesday",
                "Thursday",
                "Friday",
                "Saturday",
                "Sunday",
            ],
        },
    )


# --- One event -----------------------------------------------------------------------------
def detail(request, pk: int):
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    manager = selectors.can_manage(request.user, event)
    counts = selectors.registration_counts(event)
    confirmed = registration is not None and registration.status == RegistrationStatus.CONFIRMED
    cohosts = selectors.cohost_organisations_of(request.user, event)
    context = {
        "event": event,
        "registration": registration,
        "position": selectors.waitlist_position(registration) if registration else None,
        "counts": counts,
        "can_manage": manager,
        "cohost_organisations": cohosts,
        "show_link": bool(event.online_url) and (confirmed or manager),
        "attendee_names": (
            selectors.attendee_names(event)
            if event.show_attendee_names and (confirmed or manager)
            else []
        ),
        "when": timefmt.when(event.starts_at, event.ends_at),
        "invitation_token": request.GET.get("invitation", ""),
        "can_register": event.status == EventStatus.PUBLISHED and not event.has_started(),
        "series_rule": recurrence.describe(event.series.rule) if event.series_id else "",
        "now": timezone.now(),
        "related_links": links_for(event, request.user),
    }
    return render(request, "events/event_detail.html", context)


def _organiser_choices(request):
    return {
        "communities": selectors.communities_for_organiser(request.user).order_by("name"),
        "organisations": selectors.organisations_for_organiser(request.user).order_by("name"),
    }


@login_required
@sensitive_post_parameters()
def create(request):
    if not selectors.may_create_any_event(request.user):
        raise PermissionDenied(
            _(
                "Community facilitators, organisation admins and champions, "
                "and host admins can create events."
            )
        )
    initial = {}
    slug = request.GET.get("community")
    if slug:
        initial["community"] = community_selectors.community_for_reader(request.user, slug)
    form = EventForm(_post(request), initial=initial, **_organiser_choices(request))
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user,
                data=form.event_data(),
                professions=form.cleaned_data["target_professions"],
                co_hosts=form.cleaned_data["co_hosts"],
                publish="publish" in request.POST,
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
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
        _post(request), initial=EventForm.initial_for(event), **_organiser_choices(request)
    )
    _keep_current_hosts(form, event)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_update(
                actor=request.user,
                event=event,
                data=form.event_data(),
                professions=form.cleaned_data["target_professions"],
                co_hosts=form.cleaned_data["co_hosts"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, _("The event has been updated."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form, "event": event})


def _one_community(event):
    return Community.objects.filter(pk=event.community_id)


def _keep_current_hosts(form, event) -> None:
    """An organiser may edit an event whose host they do not speak for themselves (a
    facilitator editing an event an organisation co-runs): keep the current hosts among
    the choices so the form stays valid; the service checks any change of host."""
    if event.community_id:
        form.fields["community"].queryset = form.fields["community"].queryset | _one_community(
            event
        )
    if event.organisation_id:
        form.fields["organisation"].queryset = form.fields[
            "organisation"
        ].queryset | Organisation.objects.filter(pk=event.organisation_id)


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
    form = CancelEventForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                actor=request.user,
                event=event,
                reason=form.cleaned_data["reason"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except ConfidentialityError as exc:
            attach_confidentiality_errors(form, exc)
        else:
            messages.success(
                request, _("The event is cancelled and everyone registered has been told.")
            )
            return redirect(event)
    return render(request, "events/event_cancel.html", {"form": form, "event": event})


# --- Registering ---------------------------------------------------------------------------
@login_required
@require_POST
def register(request, pk: int):
    token = request.POST.get("invitation", "")
    if token:
        invitation = selectors.invitation_from_token(token)
        if invitation.event_id != pk:
            raise Http404
        event = invitation.event
    else:
        event = selectors.event_for(request.user, pk)
    try:
        registration = services.registration_create(
            actor=request.user, event=event, invitation_token=token
        )
    except services.RegistrationRefused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if registration.status == RegistrationStatus.CONFIRMED:
            messages.success(request, _("Your place is confirmed."))
        else:
            position = selectors.waitlist_position(registration)
            messages.info(
                request,
                _(
                    "The event is full, so you are on the waiting list "
                    "(number %(n)s). We will tell you if a place comes up."
                )
                % {"n": position},
            )
    return redirect(event)


@login_required
@require_POST
def unregister(request, pk: int):
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        raise Http404
    services.registration_cancel(actor=request.user, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


@login_required
@require_POST
def confirm_place(request, pk: int):
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    if registration is None:
        raise Http404
    try:
        services.offer_confirm(actor=request.user, registration=registration)
    except services.RegistrationRefused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your place is confirmed."))
    return redirect(event)


@login_required
@require_POST
def series_register(request, pk: int):
    series = selectors.series_for(request.user, pk)
    try:
        registrations = services.series_register(actor=request.user, series=series)
    except services.RegistrationRefused as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        confirmed = sum(r.status == RegistrationStatus.CONFIRMED for r in registrations)
        waiting = len(registrations) - confirmed
        messages.success(
            request,
            _("You are registered for %(n)d dates: %(c)d confirmed, %(w)d on the waiting list.")
            % {"n": len(registrations), "c": confirmed, "w": waiting},
        )
    return redirect(series)


# --- Organisers: registrations, attendance, check-in ---------------------------------------
def _registrations_scope(request, event):
    """(registrations, is_manager, cohost organisations) or 403."""
    if selectors.can_manage(request.user, event):
        return selectors.registrations_for_manager(event), True, []
    cohosts = selectors.cohost_organisations_of(request.user, event)
    if cohosts:
        return selectors.registrations_for_cohost(event, cohosts), False, cohosts
    raise PermissionDenied(_("Only the organisers and co-hosts can see registrations."))


@login_required
def registrations(request, pk: int):
    event = selectors.event_for(request.user, pk)
    rows, manager, cohosts = _registrations_scope(request, event)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied(_("Only this event's organisers can take attendance."))
        ids = [int(i) for i in request.POST.getlist("attended") if i.isdigit()]
        shown = [int(i) for i in request.POST.getlist("shown") if i.isdigit()]
        try:
            added = services.attendance_mark(
                actor=request.user, event=event, registration_ids=ids, attended=True
            )
            removed = services.attendance_mark(
                actor=request.user,
                event=event,
                attended=False,
                registration_ids=[i for i in shown if i not in ids],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Attendance saved: %(a)d marked, %(r)d unmarked.") % {"a": added, "r": removed},
            )
        return redirect("events:registrations", pk=event.pk)
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "events/registrations.html",
        {
            "event": event,
            "page_obj": page,
            "can_manage": manager,
            "cohosts": cohosts,
            "counts": selectors.registration_counts(event),
            "feedback": selectors.feedback_summary(event) if manager else None,
            "attendance_open": event.starts_at - services.ATTENDANCE_OPENS_BEFORE <= timezone.now(),
        },
    )


@login_required
def registrations_csv(request, pk: int):
    event = selectors.event_for(request.user, pk)
    rows, _manager, cohosts = _registrations_scope(request, event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    suffix = f"-{cohosts[0].slug}" if len(cohosts) == 1 else ""
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}{suffix}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        ["name", "email", "profession", "organisation", "status", "registered", "attended"]
    )
    for r in rows.iterator(chunk_size=500):
        writer.writerow(
            [
                _csv_safe(r.user.display_name),
                r.user.email,
                _csv_safe(r.profession.name if r.profession else ""),
                _csv_safe(r.organisation.name if r.organisation else ""),
                r.status,
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                "yes" if r.attended_at else "no",
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    """Stop spreadsheet formula injection from names people typed."""
    return f"'{value}" if value[:1] in ("=", "+", "-", "@") else value


@login_required
def check_in(request, pk: int, code: str = ""):
    event = selectors.event_for(request.user, pk)
    _require_manager(request, event)
    form = CheckInForm(request.POST if request.method == "POST" and not code else None)
    if request.method == "POST" and not code and form.is_valid():
        # A typed code, or the whole check-in URL a scanner app pasted in.
        code = form.cleaned_data["code"].strip().rstrip("/").rsplit("/", 1)[-1]
        return redirect("events:check_in_code", pk=event.pk, code=code)
    registration = None
    if code:
        registration = selectors.registration_from_checkin_code(event, code)
        if request.method == "POST":
            try:
                services.check_in(actor=request.user, event=event, code=code)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": registration.user.display_name}
                )
                return redirect("events:check_in", pk=event.pk)
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "form": form,
            "registration": registration,
            "counts": selectors.registration_counts(event),
        },
    )


@login_required
def ticket(request, pk: int):
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    if registration is None or registration.status != RegistrationStatus.CONFIRMED:
        raise Http404
    url = request.build_absolute_uri(
        reverse("events:check_in_code", kwargs={"pk": event.pk, "code": registration.checkin_code})
    )
    return render(
        request,
        "events/ticket.html",
        {
            "event": event,
            "registration": registration,
            "qr": qr.svg(
                url, label=_("Check-in code for %(name)s") % {"name": request.user.display_name}
            ),
            "when": timefmt.when(event.starts_at, event.ends_at),
        },
    )


# --- Invitations ---------------------------------------------------------------------------
@login_required
@sensitive_post_parameters()
def invite(request, pk: int):
    event = selectors.event_for_manager(request.user, pk)
    communities = selectors.communities_for_organiser(request.user).order_by("name")
    form = InviteForm(
        _post(request), communities=communities, initial={"community": event.community}
    )
    if event.community_id:
        form.fields["community"].queryset = communities | _one_community(event)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.invitation_create(
                actor=request.user,
                event=event,
                emails=form.email_list(),
                message=form.cleaned_data["message"],
                community=form.cleaned_data["community"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, _("%(n)d invitations sent.") % {"n": len(sent)})
            return redirect("events:invite", pk=event.pk)
    return render(
        request,
        "events/invite.html",
        {
            "form": form,
            "event": event,
            "invitations": list(selectors.invitations_for(event)[:200]),
        },
    )


def invitation(request, token: str):
    """The invitation: the event and the community that invites, to anyone with the link
    (signed in or not). Accepting needs an account."""
    invitation = selectors.invitation_from_token(token)
    event = invitation.event
    registration = selectors.registration_of(request.user, event)
    return render(
        request,
        "events/invitation.html",
        {
            "invitation": invitation,
            "event": event,
            "token": token,
            "registration": registration,
            "used_by_other": (
                invitation.accepted_by_id is not None
                and invitation.accepted_by_id != getattr(request.user, "pk", None)
            ),
            "when": timefmt.when(event.starts_at, event.ends_at),
        },
    )


# --- Calendars -----------------------------------------------------------------------------
def event_ics(request, pk: int):
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    show_link = (
        registration is not None and registration.status == RegistrationStatus.CONFIRMED
    ) or selectors.can_manage(request.user, event)
    response = HttpResponse(
        ical.event_ics(event, show_link=show_link), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


def feed(request, token: str):
    calendar_feed = selectors.feed_from_token(token)
    user = calendar_feed.user
    response = HttpResponse(
        ical.feed_ics(user, selectors.feed_registrations(user)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def feed_regenerate(request):
    services.calendar_feed_regenerate(actor=request.user)
    messages.success(
        request, _("You have a new calendar address. Any old one has stopped working.")
    )
    return redirect("events:mine")


@login_required
@require_POST
def feed_revoke(request):
    services.calendar_feed_revoke(actor=request.user)
    messages.success(request, _("Your calendar address has been turned off."))
    return redirect("events:mine")


@login_required
def mine(request):
    feed_row = selectors.feed_of(request.user)
    return render(
        request,
        "events/mine.html",
        {
            "upcoming": list(selectors.registrations_for_user(request.user)[:50]),
            "attended": list(selectors.attended_registrations(request.user)[:50]),
            "organised": list(selectors.events_managed_by(request.user)[:50]),
            "feed_url": request.build_absolute_uri(feed_row.get_absolute_url()) if feed_row else "",
        },
    )


# --- After the event: feedback and certificate ---------------------------------------------
def _attended_registration(request, pk: int):
    event = selectors.event_for(request.user, pk)
    registration = selectors.registration_of(request.user, event)
    if registration is None or registration.attended_at is None:
        raise Http404
    registration.event = event
    return event, registration


@login_required
@sensitive_post_parameters()
def feedback(request, pk: int):
    event, registration = _attended_registration(request, pk)
    existing = getattr(registration, "feedback", None)
    initial = (
        {
            "rating": existing.rating,
            "learnt": existing.learnt,
            "impact": existing.impact,
            "comments": existing.comments,
        }
        if existing
        else {}
    )
    form = FeedbackForm(_post(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(
                actor=request.user,
                registration=registration,
                **{k: form.cleaned_data[k] for k in ("rating", "learnt", "impact", "comments")},
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(
                request, _("Thank you: your feedback has been sent to the organisers.")
            )
            return redirect("events:mine")
    return render(request, "events/feedback.html", {"form": form, "event": event})


@login_required
def certificate(request, pk: int):
    event, registration = _attended_registration(request, pk)
    response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-event-{event.pk}.pdf"'
    return response


# --- Series --------------------------------------------------------------------------------
@login_required
@sensitive_post_parameters()
def series_create(request):
    if not selectors.may_create_any_event(request.user):
        raise PermissionDenied(
            _(
                "Community facilitators, organisation admins and champions, "
                "and host admins can create events."
            )
        )
    form = SeriesForm(_post(request), **_organiser_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series = services.series_create(
                actor=request.user,
                data=form.event_data(),
                rule=data["rule"],
                start_date=data["start_date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                professions=data["target_professions"],
                co_hosts=data["co_hosts"],
                publish="publish" in request.POST,
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, _("The series is created."))
            return redirect(series)
    return render(request, "events/series_form.html", {"form": form, "series": None})


def series_detail(request, pk: int):
    series = selectors.series_for(request.user, pk)
    occurrences = list(selectors.series_occurrences(request.user, series))
    if not occurrences:
        raise Http404
    manager = selectors.can_manage(request.user, occurrences[0])
    return render(
        request,
        "events/series_detail.html",
        {
            "series": series,
            "occurrences": occurrences,
            "can_manage": manager,
            "rule": recurrence.describe(series.rule),
            "now": timezone.now(),
            "can_register": any(
                e.status == EventStatus.PUBLISHED and e.starts_at > timezone.now()
                for e in occurrences
            ),
        },
    )


@login_required
@sensitive_post_parameters()
def series_edit(request, pk: int):
    series = selectors.series_for(request.user, pk)
    template = (
        selectors.series_occurrences(request.user, series)
        .filter(detached=False)
        .order_by("-starts_at")
        .first()
    )
    if template is None or not selectors.can_manage(request.user, template):
        raise Http404
    initial = EventForm.initial_for(template)
    form = SeriesEditForm(_post(request), initial=initial, **_organiser_choices(request))
    _keep_current_hosts(form, template)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.series_update(
                actor=request.user,
                series=series,
                data=form.event_data(),
                professions=form.cleaned_data["target_professions"],
                co_hosts=form.cleaned_data["co_hosts"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, _("%(n)d future dates updated.") % {"n": changed})
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
