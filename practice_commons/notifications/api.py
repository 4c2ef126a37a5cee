"""``/api/v1/notifications``: the person's own notifications (thin; same selectors and
services as the pages). Someone else's id answers 404, exactly like a missing one."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.pagination import paginate

from practice_commons.core.api_pagination import (
    CursorPagination,
    cursor_page,
    cursor_query,
    limit_query,
)
from practice_commons.core.api_schemas import ErrorOut, GuardErrorOut, ObjectId
from practice_commons.core.errors import NotFound

from . import newsletters, quiet, selectors, services
from .api_schemas import (
    NewsletterCandidateOut,
    NewsletterIn,
    NewsletterIndexOut,
    NewsletterListOut,
    NewsletterOut,
    NotificationOut,
    PreferencesIn,
    PreferencesOut,
    PushSubscriptionIn,
    PushSubscriptionOut,
    QuietHoursIn,
    QuietHoursOut,
    ReadAllOut,
    ThreadKeyIn,
    UnreadOut,
)
from .devices import device_label
from .registry import scope_labels

router = Router(tags=["notifications"])


@router.get(
    "",
    response={200: list[NotificationOut], 400: ErrorOut},
    summary="Your notifications, newest first",
)
@paginate(CursorPagination, scope="notifications")
def list_notifications(request):
    """Your own notifications, read and unread, newest first; nobody else's are ever
    listed. Paged with `limit` and `cursor` (follow `next`)."""
    return selectors.notifications_for(request.user)


@router.get("/unread-count", response=UnreadOut, summary="How many are unread")
def unread_count(request):
    """How many of your own notifications you have not read yet, for a badge; read
    ones and other people's are not counted."""
    return {"unread": selectors.unread_count(request.user)}


@router.post("/read-all", response=ReadAllOut, summary="Mark all your notifications read")
def read_all(request):
    """Marks every unread notification of yours read at once and answers how many
    changed; ones already read keep their time."""
    return {"marked_read": services.notifications_mark_all_read(actor=request.user)}


@router.post(
    "/{notification_id}/read", response=NotificationOut, summary="Mark one notification read"
)
def read_one(request, notification_id: int):
    """Marks one of your notifications read (already read: unchanged) and returns it.
    Someone else's id answers 404, exactly like a missing one."""
    return services.notification_mark_read(actor=request.user, notification_id=notification_id)


# --- Email preferences (the same selectors and services as the preferences page) ----------


def _preferences_out(user) -> dict:
    preferences = selectors.preferences_for(user)
    names = scope_labels("community", preferences["communities"].keys())
    settings_row = selectors.settings_for(user)
    return {
        "digest_frequency": settings_row.digest_frequency,
        "push_kinds": list(settings_row.push_kinds or []),
        "push_show_private_detail": settings_row.push_show_private_detail,
        "kinds": [
            {"kind": kind, "label": str(label), "channel": channel}
            for kind, label, channel in preferences["kinds"]
        ],
        "communities": [
            {"community_id": cid, "name": names.get(cid, ""), "channel": channel}
            for cid, channel in preferences["communities"].items()
        ],
    }


@router.get(
    "/preferences",
    response=PreferencesOut,
    summary="Your email choices: a channel for each kind, overrides for communities, the digest",
)
def preferences_read(request):
    """Your own email choices: the channel for each kind of notification (straight
    away, daily or weekly digest, off), your overrides for communities you hear from,
    how often the summary digest comes, and which kinds go to your devices as push.
    Channels govern email only: in-app notifications are recorded whatever they say."""
    return _preferences_out(request.user)


@router.patch(
    "/preferences",
    response={200: PreferencesOut, 400: ErrorOut},
    summary="Change your email choices (only what you send)",
)
def preferences_update(request, payload: PreferencesIn):
    """Only what you send changes: each kind listed takes its channel, each community
    listed its override ("" removes it), and the digest and push choices only when
    present. A community you do not hear from (not listed by GET) is 400 and nothing
    changes. Answers your choices as they now stand."""
    known = selectors.preferences_for(request.user)["communities"]
    unknown = [c.community_id for c in payload.communities if c.community_id not in known]
    if unknown:
        raise ValidationError(
            {"communities": [_("Not a community you hear from: %s") % ", ".join(map(str, unknown))]}
        )
    services.preferences_update(
        actor=request.user,
        kinds={k.kind: k.channel for k in payload.kinds},
        communities={c.community_id: c.channel for c in payload.communities},
    )
    if payload.digest_frequency is not None:
        services.notification_settings_update(
            actor=request.user, digest_frequency=payload.digest_frequency
        )
    if payload.push_kinds is not None or payload.push_show_private_detail is not None:
        services.push_settings_update(
            actor=request.user,
            kinds=payload.push_kinds,
            show_private_detail=payload.push_show_private_detail,
        )
    return _preferences_out(request.user)


# --- Quiet hours and muted conversations --------------------------------------------------


def _quiet_hours_out(user) -> dict:
    row = selectors.settings_for(user)
    windows = row.quiet_hours or {}
    return {
        "timezone": row.timezone,
        "quiet_hours_enabled": row.quiet_hours_enabled,
        "days": {
            key: [f"{start}-{end}" for start, end in windows.get(key, [])]
            for key in quiet.WEEKDAY_KEYS
        },
    }


def _parsed_days(days: dict[str, list[str]], current: dict) -> dict:
    windows = {key: current.get(key, []) for key in quiet.WEEKDAY_KEYS}
    errors = {}
    for key, times in days.items():
        try:
            windows[key] = quiet.parse_day(", ".join(times))
        except ValidationError as exc:
            errors[f"days.{key}"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return windows


@router.get("/quiet-hours", response=QuietHoursOut, summary="Your quiet hours and time zone")
def quiet_hours_read(request):
    """Your time zone, whether quiet hours are on, and your quiet times for each
    weekday ("0" Monday to "6" Sunday): emails and pushes due in them wait until the
    quiet time ends."""
    return _quiet_hours_out(request.user)


@router.patch(
    "/quiet-hours",
    response={200: QuietHoursOut, 400: ErrorOut},
    summary="Change your quiet hours or time zone (only what you send)",
)
def quiet_hours_update(request, payload: QuietHoursIn):
    """Only what you send changes; each weekday you send replaces that day's times.
    An unknown time zone or a time that cannot be read is 400, as is a whole week of
    quiet time while quiet hours are on."""
    windows = None
    if payload.days is not None:
        windows = _parsed_days(payload.days, selectors.settings_for(request.user).quiet_hours)
    services.notification_settings_update(
        actor=request.user,
        timezone_name=payload.timezone,
        quiet_hours_enabled=payload.quiet_hours_enabled,
        quiet_hours=windows,
    )
    return _quiet_hours_out(request.user)


@router.post(
    "/threads/mute",
    response={204: None, 400: ErrorOut},
    summary="Stop notifications about one conversation (muting twice is the same as once)",
)
def thread_mute(request, payload: ThreadKeyIn):
    """No more notifications, in the app, by email or push, about one conversation,
    named by its thread key (e.g. `discussions.thread:12`). Muting twice is the same
    as once; an empty key is 400."""
    services.thread_mute(actor=request.user, thread_key=payload.thread_key)
    return Status(204, None)


@router.post(
    "/threads/unmute",
    response={204: None},
    summary="Hear about a muted conversation again",
)
def thread_unmute(request, payload: ThreadKeyIn):
    """Lifts your mute on the conversation, so new activity notifies you again;
    unmuting one that was not muted changes nothing and still answers 204."""
    services.thread_unmute(actor=request.user, thread_key=payload.thread_key)
    return Status(204, None)


# --- Newsletters: /api/v1/notifications/newsletters ----------------------------------------


NEWSLETTER_WRITE_ERRORS = {400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: GuardErrorOut}


def _audience_out(kind: str, scope_id: int) -> dict:
    return {"kind": kind, "id": scope_id, "label": newsletters.audience(kind).label(scope_id)}


def _newsletter_out(newsletter, *, audience: dict | None = None) -> dict:
    return {
        "id": newsletter.pk,
        "audience": audience or _audience_out(newsletter.scope_kind, newsletter.scope_id),
        "subject": newsletter.subject,
        "body": newsletter.body,
        "items": newsletter.items,
        "status": newsletter.status,
        "author": newsletter.author.display_name if newsletter.author else "",
        "created_at": newsletter.created_at,
        "sent_at": newsletter.sent_at,
        "recipient_count": newsletter.recipient_count,
    }


@router.get(
    "/newsletters",
    response=NewsletterIndexOut,
    summary="The audiences you may write newsletters to, and your drafts",
)
def newsletter_index(request):
    """The audiences you may write newsletters to (communities you own or facilitate,
    organisations where you are an admin or champion), and your latest 20 drafts.
    Sent newsletters are in each audience's archive."""
    return {
        "audiences": [
            _audience_out(kind, sid)
            for kind, sid in selectors.newsletter_audiences_for(request.user)
        ],
        "drafts": [
            _newsletter_out(n)
            for n in selectors.newsletters_drafted_by(request.user).filter(status="draft")[:20]
        ],
    }


@router.get(
    "/newsletters/audiences/{scope_kind}/{scope_id}",
    response={200: NewsletterListOut, 400: ErrorOut, 404: ErrorOut},
    summary="An audience's sent newsletters, newest first (its readers and senders)",
)
def newsletter_archive(
    request,
    scope_kind: str,
    scope_id: ObjectId,
    limit: int = limit_query(20),
    cursor: str = cursor_query(),
):
    """An audience's sent newsletters, newest first, for its members and those who
    may send to it; 404 for anyone else and for an unknown audience kind. Paged with
    `limit` and `cursor` (follow `next`)."""
    sent = selectors.newsletter_archive_for_reader(request.user, scope_kind, scope_id)
    audience = _audience_out(scope_kind, scope_id)
    return cursor_page(
        request,
        sent,
        scope="newsletter-archive",
        out=lambda newsletter: _newsletter_out(newsletter, audience=audience),
        cursor=cursor,
        limit=limit,
    )


@router.get(
    "/newsletters/audiences/{scope_kind}/{scope_id}/candidates",
    response={200: list[NewsletterCandidateOut], 404: ErrorOut},
    summary="Recent items you may list in a newsletter to this audience (its senders)",
)
def newsletter_candidates(request, scope_kind: str, scope_id: ObjectId):
    """Items from the audience's last 31 days (e.g. solved threads) that a newsletter
    may list, at most 20 per section; send their `key` in `items`. For those who may
    send to the audience only (404 for anyone else)."""
    selectors.newsletter_audience_for_sender(request.user, scope_kind, scope_id)
    return [
        {
            "key": key,
            "section": str(section),
            "title": item.title,
            "url": item.url,
            "summary": item.summary,
        }
        for section, key, item in newsletters.newsletter_candidates(scope_kind, scope_id)
    ]


@router.post(
    "/newsletters/audiences/{scope_kind}/{scope_id}",
    response={201: NewsletterOut, **NEWSLETTER_WRITE_ERRORS},
    summary="Write a draft newsletter to an audience (its senders); sending is a separate step",
)
def newsletter_create(request, scope_kind: str, scope_id: ObjectId, payload: NewsletterIn):
    """Saves a draft to the audience for those who may send to it (404 for anyone
    else); nothing is sent until `send`. The subject and body are required (400),
    `items` must be keys from the candidates (400 for one no longer offered), and the
    text goes through the confidentiality guard (422 unless acknowledged)."""
    selectors.newsletter_audience_for_sender(request.user, scope_kind, scope_id)
    items = newsletters.picked_items(
        newsletters.newsletter_candidates(scope_kind, scope_id), payload.items
    )
    newsletter = services.newsletter_create(
        actor=request.user,
        scope_kind=scope_kind,
        scope_id=scope_id,
        subject=payload.subject,
        body=payload.body,
        items=items,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return Status(201, _newsletter_out(newsletter))


@router.get(
    "/newsletters/{newsletter_id}",
    response={200: NewsletterOut, 404: ErrorOut},
    summary="One newsletter: a draft for its senders, a sent one for its audience",
)
def newsletter_detail(request, newsletter_id: ObjectId):
    """A draft only for those who may send to its audience; a sent newsletter for the
    audience's members and senders. Anyone else gets 404, so other audiences' drafts
    are not confirmed."""
    return _newsletter_out(selectors.newsletter_for_viewer(request.user, newsletter_id))


@router.patch(
    "/newsletters/{newsletter_id}",
    response={200: NewsletterOut, **NEWSLETTER_WRITE_ERRORS},
    summary="Change a draft newsletter (409 once it is sent)",
)
def newsletter_update(request, newsletter_id: ObjectId, payload: NewsletterIn):
    """Replaces the draft's subject, body and items (items left out are removed), checked
    as on creation, including the confidentiality guard's 422. 409 once it has been sent;
    404 for anyone who may not send to its audience."""
    newsletter = selectors.newsletter_for_viewer(request.user, newsletter_id)
    items = newsletters.picked_items(
        newsletters.newsletter_candidates(newsletter.scope_kind, newsletter.scope_id),
        payload.items,
    )
    newsletter = _as_sender(
        services.newsletter_update,
        actor=request.user,
        newsletter=newsletter,
        subject=payload.subject,
        body=payload.body,
        items=items,
        confidentiality_acknowledged=payload.confidentiality_acknowledged,
    )
    return _newsletter_out(newsletter)


@router.post(
    "/newsletters/{newsletter_id}/send",
    response={200: NewsletterOut, 404: ErrorOut, 409: ErrorOut},
    summary="Send a draft newsletter to its audience, once (409 if already sent)",
)
def newsletter_send(request, newsletter_id: ObjectId):
    """Marks the draft sent and queues it for everyone in the audience, emailed
    according to each person's newsletter choice; it is sent once even if asked twice
    at the same moment (409 when already sent). 404 for anyone who may not send to
    its audience."""
    newsletter = selectors.newsletter_for_viewer(request.user, newsletter_id)
    return _newsletter_out(
        _as_sender(services.newsletter_send, actor=request.user, newsletter=newsletter)
    )


def _as_sender(service, **kwargs):
    """A reader who may not send gets 404, as on the pages: an audience's other
    newsletters are not confirmed to them."""
    try:
        return service(**kwargs)
    except PermissionDenied:
        raise NotFound from None


# --- Web Push subscriptions: /api/v1/push/subscriptions -----------------------------------

push_router = Router(tags=["push"])


@push_router.get(
    "/subscriptions",
    response={200: list[PushSubscriptionOut], 400: ErrorOut},
    summary="Your devices that get push notifications, newest first",
)
@paginate(CursorPagination, scope="push-subscriptions")
def push_subscriptions(request):
    """The devices (browser push subscriptions) that get your push notifications,
    newest first, with when each last received one. Paged with `limit` and `cursor`
    (follow `next`)."""
    return selectors.push_subscriptions_for(request.user)


@push_router.post(
    "/subscriptions",
    response={201: PushSubscriptionOut, 400: ErrorOut, 409: ErrorOut},
    summary="Add a device (its browser's push subscription); 409 when push is off on this site",
)
def push_subscription_create(request, payload: PushSubscriptionIn):
    """Stores your browser's push subscription (what `PushSubscription.toJSON()`
    gives) so your chosen kinds reach this device; the same subscription held by
    another person moves to you. An address that is not https, or keys of the wrong
    size, are 400; 409 when push notifications are turned off on this site."""
    device = services.push_subscribe(
        actor=request.user,
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        device_label=device_label(request.headers.get("User-Agent", "")),
    )
    return Status(201, device)


@push_router.delete(
    "/subscriptions/{subscription_id}",
    response={204: None, 404: ErrorOut},
    summary="Remove one of your devices (someone else's id answers 404)",
)
def push_subscription_delete(request, subscription_id: ObjectId):
    """Stops push notifications to one of your devices by removing its subscription.
    Someone else's id answers 404, like a missing one."""
    services.push_unsubscribe(actor=request.user, subscription_id=subscription_id)
    return Status(204, None)
