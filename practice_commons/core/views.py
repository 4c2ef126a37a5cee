from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import health, mailbox
from . import privacy as privacy_notice
from .home import NEEDS, NEW, blocks_for


def home(request):
    """The work queue for someone signed in; what the platform is for a visitor."""
    if request.user.is_authenticated:
        return _work_queue(request)
    return render(request, "core/home.html")


@login_required
def dashboard(request):
    """The same work queue as the home page, at the address sign-in has always used."""
    return _work_queue(request)


def _work_queue(request):
    blocks = blocks_for(request.user)
    return render(request, "core/dashboard.html", {"needs": blocks[NEEDS], "new": blocks[NEW]})


def accessibility(request):
    return render(request, "core/accessibility.html")


def privacy(request):
    return render(request, "core/privacy.html", {"rules": privacy_notice.retention_rules()})


def processing_record(request):
    return render(
        request,
        "core/processing_record.html",
        {
            "rules": privacy_notice.retention_rules(),
            "purposes": privacy_notice.PURPOSES,
            "subjects": privacy_notice.DATA_SUBJECTS,
            "categories": privacy_notice.categories(),
            "recipients": privacy_notice.recipients(),
            "security": privacy_notice.SECURITY,
        },
    )


@never_cache
@require_GET
def healthz(request):
    results = health.run_checks()
    healthy = all(v == "ok" for v in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503
    )


def _require_debug():
    if not settings.DEBUG:
        raise Http404


def dev_mailbox(request):
    _require_debug()
    return render(request, "core/mailbox.html", {"messages_sent": mailbox.list_mail()})


def dev_mailbox_message(request, key):
    _require_debug()
    message = mailbox.get_mail(key)
    if message is None:
        raise Http404
    return render(request, "core/mailbox_message.html", {"mail": message})
