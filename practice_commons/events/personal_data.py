"""The events part of a subject-access export (``core.personal_data``): the person's
registrations (status, waiting list, trial place, attendance) with their own feedback,
the events and series they organise, invitations they accepted or sent (without the
invited person's address) and whether they have a calendar feed (never its token)."""

from practice_commons.core.personal_data import register_exporter, rows

from .models import CalendarFeed, Event, EventInvitation, Feedback, Registration, Series


def export(user) -> dict:
    feedback = {
        f.registration_id: {
            "rating": f.rating,
            "learnt": f.learnt,
            "impact": f.impact,
            "comments": f.comments,
            "created_at": f.created_at,
        }
        for f in Feedback.objects.filter(registration__user=user)
    }
    return {
        "registrations": rows(
            Registration.objects.filter(user=user)
            .select_related("event", "organisation", "profession")
            .order_by("created_at", "pk"),
            "event_id",
            "event__title",
            "event__starts_at",
            "event__ends_at",
            "status",
            "waitlist_reason",
            "is_trial",
            "organisation__name",
            "profession__name",
            "created_at",
            "confirmed_at",
            "offered_at",
            "offer_expires_at",
            "cancelled_at",
            "attended_at",
            attended=lambda r: r.attended_at is not None,
            your_feedback=lambda r: feedback.get(r.pk),
        ),
        "events_organised": rows(
            Event.objects.filter(organiser=user).order_by("starts_at"),
            "id",
            "title",
            "kind",
            "status",
            "starts_at",
            "ends_at",
            "contact_name",
            "contact_email",
            "created_at",
        ),
        "series_organised": rows(
            Series.objects.filter(organiser=user).order_by("created_at"),
            "id",
            "title",
            "rule",
            "start_date",
            "created_at",
        ),
        "invitations_accepted": rows(
            EventInvitation.objects.filter(accepted_by=user).select_related("event"),
            "event__title",
            "created_at",
            "accepted_at",
        ),
        "invitations_sent": rows(
            EventInvitation.objects.filter(invited_by=user).select_related("event"),
            "event__title",
            "message",
            "created_at",
            "accepted_at",
            "withdrawn_at",
        ),
        "calendar_feeds": rows(CalendarFeed.objects.filter(user=user), "created_at"),
        "attendance_marked_count": Registration.objects.filter(attendance_marked_by=user).count(),
    }


register_exporter(
    "events",
    export,
    covers=[
        "events.Registration",
        "events.Event",
        "events.Series",
        "events.EventInvitation",
        "events.CalendarFeed",
    ],
)
