"""Sharing chosen records with a supervisor: the owner's shares page (make, revoke) and
the shared view a link opens without an account. The shared view shows only the records
chosen for that share, and answers 404 once the link is revoked or has expired."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict

from .. import frameworks, selectors, services
from ..forms import ShareForm
from .records import file_response

SHARE_CHOICES_MAX = 200


@login_required
@sensitive_post_parameters()
def share_list(request):
    records = list(selectors.records_for(request.user)[:SHARE_CHOICES_MAX])
    initial = {}
    if request.GET.get("record", "").isdigit():
        initial["records"] = [request.GET["record"]]
    form = ShareForm(request.POST or None, records=records, initial=initial)
    link = ""
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.share_create,
            actor=request.user,
            record_ids=form.cleaned_data["records"],
            recipient=form.cleaned_data["recipient"],
            days=form.cleaned_data["days"],
        )
        if written:
            share, token = written.value
            link = request.build_absolute_uri(reverse("cpd:shared", args=[token]))
            form = ShareForm(records=records)
    return render(
        request,
        "cpd/shares.html",
        {
            "form": form,
            "link": link,
            "shares": selectors.shares_for(request.user)[:50],
            "has_records": bool(records),
        },
    )


@login_required
@require_POST
def share_revoke(request, share_id):
    share = selectors.share_for_owner(request.user, share_id)
    try:
        services.share_revoke(actor=request.user, share=share)
    except Conflict as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("The link no longer works."))
    return redirect("cpd:shares")


@never_cache
def shared_view(request, token):
    share = selectors.share_for_token(token)
    services.share_viewed(share=share)
    framework = frameworks.framework_for(share.owner)
    records = list(selectors.shared_records(share))
    for record in records:
        record.pcf = [frameworks.pcf_domain(c) for c in record.pcf_domains or []]
        record.standard_list = [framework.standard(c) for c in record.standards or []]
    response = render(
        request,
        "cpd/shared.html",
        {"share": share, "records": records, "framework": framework, "token": token},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
def shared_evidence(request, token, evidence_id):
    share = selectors.share_for_token(token)
    evidence = selectors.shared_evidence(share, evidence_id)
    if not evidence.file:
        return redirect("cpd:shared", token=token)
    return file_response(evidence)
