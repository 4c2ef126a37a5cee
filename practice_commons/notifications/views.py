"""Pages and htmx partials. Each view parses the request, calls one selector or service
and renders; every action is a POST that also works without JavaScript (redirect
back), and for htmx returns the partial to swap with an ``HX-Trigger`` so the bell
refreshes."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict, PermissionDenied
from practice_commons.core.http import safe_next_url

from . import newsletters, selectors, services
from .devices import device_label
from .forms import MuteForm, NewsletterForm, PreferencesForm, PushPreferencesForm, QuietHoursForm
from .kinds import DIGEST_UNSUBSCRIBE_KIND, NotificationKind
from .registry import scope_labels
from .tokens import read_unsubscribe_token

PAGE_SIZE = 20
CHANGED_EVENT = "notificationsChanged"


def _next_url(request, fallback: str) -> str:
    return safe_next_url(request, request.POST.get("next") or request.GET.get("next"), fallback)


def _changed(response: HttpResponse) -> HttpResponse:
    return trigger_client_event(response, CHANGED_EVENT)


# --- Notifications page ---------------------------------------------------------------


@login_required
@require_GET
def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page_obj": page}
    if request.htmx and request.GET.get("page"):
        return render(request, "notifications/includes/list_page.html", context)
    return render(request, "notifications/list.html", context)


@login_required
@require_GET
def bell(request):
    return render(request, "notifications/includes/bell.html")


@login_required
@require_GET
def open_notification(request, pk):
    """Mark read, then go where the notification points."""
    notification = services.notification_mark_read(actor=request.user, notification_id=pk)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_read(request, pk):
    notification = services.notification_mark_read(actor=request.user, notification_id=pk)
    if request.htmx:
        response = render(
            request, "notifications/includes/item.html", {"notification": notification}
        )
        return _changed(response)
    return redirect(_next_url(request, reverse("notifications:list")))


@login_required
@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    if request.htmx:
        page = Paginator(selectors.notifications_for(request.user), PAGE_SIZE).get_page(1)
        response = render(
            request,
            "notifications/includes/list_body.html",
            {"page_obj": page, "status_message": _("All notifications marked as read.")},
        )
        return _changed(response)
    if count:
        messages.success(request, _("All notifications marked as read."))
    return redirect(_next_url(request, reverse("notifications:list")))


# --- Preferences -------------------------------------------------------------------------


def _preferences_form(request, data=None):
    preferences = selectors.preferences_for(request.user)
    labels = scope_labels("community", preferences["communities"].keys())
    settings_row = selectors.settings_for(request.user)
    return PreferencesForm(
        data,
        preferences=preferences,
        community_labels=labels,
        digest_frequency=settings_row.digest_frequency,
    )


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request):
    form = _preferences_form(request, request.POST if request.method == "POST" else None)
    saved = False
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            actor=request.user, kinds=form.kind_channels(), communities=form.community_channels()
        )
        services.notification_settings_update(
            actor=request.user, digest_frequency=form.cleaned_data["digest_frequency"]
        )
        if not request.htmx:
            messages.success(request, _("Your notification choices have been saved."))
            return redirect("notifications:preferences")
        saved = True
        form = _preferences_form(request)
    context = {"form": form, "saved": saved}
    if request.htmx:
        return render(request, "notifications/includes/preferences_form.html", context)
    return render(request, "notifications/preferences.html", {**context, **_push_context(request)})


# --- Notifications on this device (Web Push) ----------------------------------------------


def _push_context(request, push_form=None) -> dict:
    return {
        "push_enabled": services.push_enabled(),
        "vapid_public_key": services.vapid_public_key(),
        "push_devices": selectors.push_subscriptions_for(request.user)[:50],
        "push_form": push_form
        or PushPreferencesForm(settings_row=selectors.settings_for(request.user)),
    }


@login_required
@require_POST
def push_subscribe(request):
    """The browser's ``PushSubscription`` as JSON (``push.js`` posts it with the CSRF
    token): ``{"endpoint", "keys": {"p256dh", "auth"}}``. Answers JSON: 201 with the
    device, 400 with what was wrong, 409 when push is off on this site."""
    try:
        data = json.loads(request.body or b"{}")
        keys = data.get("keys") or {}
        endpoint, p256dh, auth = data.get("endpoint"), keys.get("p256dh"), keys.get("auth")
        if not all(isinstance(v, str) for v in (endpoint, p256dh, auth)):
            raise ValueError
    except (ValueError, AttributeError, UnicodeDecodeError):
        return JsonResponse(
            {"detail": _("Send the browser's push subscription: endpoint and keys.")}, status=400
        )
    try:
        device = services.push_subscribe(
            actor=request.user,
            endpoint=endpoint,
            p256dh=p256dh,
            auth=auth,
            device_label=device_label(request.headers.get("User-Agent", "")),
            session_key=request.session.session_key,
        )
    except ValidationError as exc:
        return JsonResponse({"detail": exc.message_dict}, status=400)
    except Conflict as exc:
        return JsonResponse({"detail": exc.message}, status=409)
    messages.success(request, _("Notifications are on for this device."))
    return JsonResponse(
        {"id": device.pk, "device_label": device.device_label or _("Unknown device")}, status=201
    )


@login_required
@require_POST
def push_remove(request, pk):
    services.push_unsubscribe(actor=request.user, subscription_id=pk)
    messages.success(request, _("That device will no longer get notifications."))
    return redirect(reverse("notifications:preferences") + "#devices")


@login_required
@require_POST
def push_preferences(request):
    form = PushPreferencesForm(request.POST, settings_row=selectors.settings_for(request.user))
    if form.is_valid():
        services.push_settings_update(
            actor=request.user,
            kinds=form.cleaned_data["push_kinds"],
            show_private_detail=form.cleaned_data["push_show_private_detail"],
        )
        messages.success(request, _("Your choices for your devices have been saved."))
        return redirect(reverse("notifications:preferences") + "#devices")
    return render(
        request,
        "notifications/preferences.html",
        {"form": _preferences_form(request), **_push_context(request, push_form=form)},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def quiet_hours(request):
    settings_row = selectors.settings_for(request.user)
    form = QuietHoursForm(request.POST or None, settings_row=settings_row)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.notification_settings_update,
            actor=request.user,
            timezone_name=form.cleaned_data["timezone"],
            quiet_hours_enabled=form.cleaned_data["quiet_hours_enabled"],
            quiet_hours=form.cleaned_data["quiet_hours"],
        )
        if written:
            messages.success(request, _("Your quiet hours have been saved."))
            return redirect("notifications:quiet_hours")
    return render(request, "notifications/quiet_hours.html", {"form": form})


# --- Muting a thread -------------------------------------------------------------------


def _mute(request, *, mute: bool):
    form = MuteForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    key = form.cleaned_data["thread_key"]
    try:
        if mute:
            services.thread_mute(actor=request.user, thread_key=key)
        else:
            services.thread_unmute(actor=request.user, thread_key=key)
    except ValidationError:
        return HttpResponse(status=400)
    next_url = _next_url(request, reverse("notifications:list"))
    if request.htmx:
        return render(
            request,
            "notifications/includes/mute_button.html",
            {"thread_key": key, "muted": mute, "next": next_url},
        )
    messages.success(
        request,
        _("You will not be notified about this conversation.")
        if mute
        else _("You will be notified about this conversation again."),
    )
    return redirect(next_url)


@login_required
@require_POST
def thread_mute(request):
    return _mute(request, mute=True)


@login_required
@require_POST
def thread_unmute(request):
    return _mute(request, mute=False)


# --- Unsubscribe ---------------------------------------------------------------------------


def _kind_label(kind: str) -> str:
    if kind == DIGEST_UNSUBSCRIBE_KIND:
        return _("Digest emails")
    try:
        return str(NotificationKind(kind).label)
    except ValueError:
        return ""


@csrf_exempt  # RFC 8058 one-click: the mail client POSTs without a session; the token
# in the URL is what authenticates the request, and it can only switch email off.
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    parsed = read_unsubscribe_token(token)
    if parsed is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    context = {"token": token, "kind_label": _kind_label(parsed[1])}
    if request.method == "POST":
        try:
            services.unsubscribe(token=token)
        except ValidationError:
            return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
        context["done"] = True
    return render(request, "notifications/unsubscribe.html", context)


# --- Newsletters -------------------------------------------------------------------------


@login_required
@require_GET
def newsletter_index(request):
    scopes = [
        {"kind": kind, "id": scope_id, "label": newsletters.audience(kind).label(scope_id)}
        for kind, scope_id in selectors.newsletter_audiences_for(request.user)
    ]
    drafts = selectors.newsletters_drafted_by(request.user).filter(status="draft")[:20]
    return render(
        request, "notifications/newsletters/index.html", {"scopes": scopes, "drafts": drafts}
    )


@login_required
@require_GET
def newsletter_archive(request, scope_kind, scope_id):
    sent = selectors.newsletter_archive_for_reader(request.user, scope_kind, scope_id)
    aud = newsletters.audience(scope_kind)
    page = Paginator(sent, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/newsletters/archive.html",
        {
            "page_obj": page,
            "scope_kind": scope_kind,
            "scope_id": scope_id,
            "scope_label": aud.label(scope_id),
            "scope_url": aud.url(scope_id),
            "can_send": aud.can_send(request.user, scope_id),
        },
    )


def _newsletter_form_page(request, *, scope_kind, scope_id, newsletter=None):
    aud = selectors.newsletter_audience_for_sender(request.user, scope_kind, scope_id)
    candidates = newsletters.newsletter_candidates(scope_kind, scope_id)
    initial = None
    if newsletter is not None:
        picked_urls = {item["url"] for item in newsletter.items}
        initial = {
            "subject": newsletter.subject,
            "body": newsletter.body,
            "items": [key for _s, key, item in candidates if item.url in picked_urls],
        }
    form = NewsletterForm(request.POST or None, initial=initial, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        if newsletter is None:
            service, target = (
                services.newsletter_create,
                {"scope_kind": scope_kind, "scope_id": scope_id},
            )
        else:
            service, target = services.newsletter_update, {"newsletter": newsletter}
        written = write_from_form(
            form,
            service,
            actor=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            items=form.picked_items(),
            **target,
        )
        if written:
            return redirect("notifications:newsletter_detail", pk=written.value.pk)
    return render(
        request,
        "notifications/newsletters/compose.html",
        {
            "form": form,
            "newsletter": newsletter,
            "scope_label": aud.label(scope_id),
            "scope_kind": scope_kind,
            "scope_id": scope_id,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def newsletter_compose(request, scope_kind, scope_id):
    return _newsletter_form_page(request, scope_kind=scope_kind, scope_id=scope_id)


@login_required
@require_http_methods(["GET", "POST"])
def newsletter_edit(request, pk):
    newsletter = selectors.newsletter_for_viewer(request.user, pk)
    if newsletter.is_sent:
        return redirect("notifications:newsletter_detail", pk=pk)
    return _newsletter_form_page(
        request,
        scope_kind=newsletter.scope_kind,
        scope_id=newsletter.scope_id,
        newsletter=newsletter,
    )


@login_required
@require_GET
def newsletter_detail(request, pk):
    newsletter = selectors.newsletter_for_viewer(request.user, pk)
    aud = newsletters.audience(newsletter.scope_kind)
    return render(
        request,
        "notifications/newsletters/detail.html",
        {
            "newsletter": newsletter,
            "scope_label": aud.label(newsletter.scope_id),
            "archive_url": reverse(
                "notifications:newsletter_archive",
                kwargs={"scope_kind": newsletter.scope_kind, "scope_id": newsletter.scope_id},
            ),
            "can_send": not newsletter.is_sent and aud.can_send(request.user, newsletter.scope_id),
        },
    )


@login_required
@require_POST
def newsletter_send(request, pk):
    newsletter = selectors.newsletter_for_viewer(request.user, pk)
    try:
        services.newsletter_send(actor=request.user, newsletter=newsletter)
    except PermissionDenied:
        raise Http404 from None  # drafts of scopes the person cannot send to stay unconfirmed
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your newsletter is on its way."))
    return redirect("notifications:newsletter_detail", pk=pk)
