"""The organisation's webhooks page: add and remove endpoints, see recent deliveries
with what came back, replay one. Thin: every write is a service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict

from . import catalogue, selectors, services
from .forms import EndpointForm

RECENT_DELIVERIES = 20


@login_required
def webhooks(request, slug):
    organisation = selectors.organisation_for_webhooks(request.user, slug, hide=True)
    form = EndpointForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.webhook_endpoint_create,
            actor=request.user,
            organisation=organisation,
            url=form.cleaned_data["url"],
            events=form.cleaned_data["events"],
        )
        if written:
            created, form = written.value, EndpointForm()
    return render(
        request,
        "api/webhooks.html",
        {
            "organisation": organisation,
            "form": form,
            "created": created,
            "endpoints": selectors.endpoints_of(organisation),
            "event_types": catalogue.EVENT_TYPES,
        },
    )


@login_required
def webhook_detail(request, slug, endpoint_id):
    organisation = selectors.organisation_for_webhooks(request.user, slug, hide=True)
    endpoint = selectors.endpoint_of(organisation, endpoint_id)
    return render(
        request,
        "api/webhook_detail.html",
        {
            "organisation": organisation,
            "endpoint": endpoint,
            "deliveries": selectors.deliveries_of(endpoint)[:RECENT_DELIVERIES],
            "event_types": catalogue.EVENT_TYPES,
        },
    )


@login_required
@require_POST
def webhook_active(request, slug, endpoint_id):
    organisation = selectors.organisation_for_webhooks(request.user, slug, hide=True)
    endpoint = selectors.endpoint_of(organisation, endpoint_id)
    turn_on = request.POST.get("active") == "1"
    services.webhook_endpoint_update(actor=request.user, endpoint=endpoint, active=turn_on)
    messages.success(
        request, _("The endpoint is turned on.") if turn_on else _("The endpoint is turned off.")
    )
    return redirect("api:webhook_detail", organisation.slug, endpoint.pk)


@login_required
@require_POST
def webhook_delete(request, slug, endpoint_id):
    organisation = selectors.organisation_for_webhooks(request.user, slug, hide=True)
    endpoint = selectors.endpoint_of(organisation, endpoint_id)
    services.webhook_endpoint_delete(actor=request.user, endpoint=endpoint)
    messages.success(request, _("The endpoint %(url)s was removed.") % {"url": endpoint.url})
    return redirect("api:webhooks", organisation.slug)


@login_required
@require_POST
def webhook_replay(request, slug, endpoint_id, delivery_id):
    organisation = selectors.organisation_for_webhooks(request.user, slug, hide=True)
    endpoint = selectors.endpoint_of(organisation, endpoint_id)
    delivery = selectors.delivery_of(endpoint, delivery_id)
    try:
        services.webhook_delivery_replay(actor=request.user, delivery=delivery)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The delivery is being sent again."))
    return redirect("api:webhook_detail", organisation.slug, endpoint.pk)
