"""Who is coming and who came: the organisers' (and co-hosts') registrations list and
CSV, attendance, QR check-in at the door, the attendee's ticket and certificate."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from practice_commons.core.errors import PermissionDenied

from .. import qr, selectors, services, timefmt
from ..certificates import certificate_pdf
from ..forms import CheckInForm
from ..models import RegistrationStatus
from .common import attended_registration, require_manager

REGISTRATIONS_PAGE_SIZE = 100
# No email column: a person's address is never shown to anyone else (organisers included).
CSV_HEADER = ["name", "profession", "organisation", "status", "registered", "attended"]


def _registrations_scope(request, event):
    """(registrations, is_manager, cohost organisations) or 403."""
    if selectors.can_manage(request.user, event):
        return selectors.registrations_for_manager(event), True, []
    cohosts = selectors.cohost_organisations_of(request.user, event)
    if cohosts:
        return selectors.registrations_for_cohost(event, cohosts), False, cohosts
    raise PermissionDenied(_("Only the organisers and co-hosts can see registrations."))


def _posted_ids(request, name: str) -> list[int]:
    return [int(i) for i in request.POST.getlist(name) if i.isdigit()]


def _save_attendance(request, event) -> None:
    """Tick the people marked attended and untick those shown but no longer marked."""
    ids = _posted_ids(request, "attended")
    shown = _posted_ids(request, "shown")
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


@login_required
def registrations(request, pk: int):
    event = selectors.event_for(request.user, pk)
    rows, manager, cohosts = _registrations_scope(request, event)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied(_("Only this event's organisers can take attendance."))
        _save_attendance(request, event)
        return redirect("events:registrations", pk=event.pk)
    page = Paginator(rows, REGISTRATIONS_PAGE_SIZE).get_page(request.GET.get("page"))
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
    writer.writerow(CSV_HEADER)
    for r in rows.iterator(chunk_size=500):
        writer.writerow(
            [
                _csv_safe(r.user.display_name),
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
    require_manager(request, event)
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


@login_required
def certificate(request, pk: int):
    event, registration = attended_registration(request, pk)
    response = HttpResponse(certificate_pdf(registration), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-event-{event.pk}.pdf"'
    return response
