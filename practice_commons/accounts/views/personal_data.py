"""Download your data: ask for the archive, then download it (the owner only)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from practice_commons.core.errors import Conflict
from practice_commons.core.http import private_file_response

from .. import selectors, services


@require_POST
@login_required
def personal_data_request(request):
    try:
        services.personal_data_export_request(actor=request.user)
    except Conflict as exc:
        messages.info(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "We are preparing your data. We will send you a notification with a link "
                "when it is ready to download."
            ),
        )
    return redirect(reverse("accounts:profile") + "#your-data")


@never_cache
@login_required
def personal_data_download(request, export_id: int):
    export = selectors.personal_data_export_for_owner(request.user, export_id)
    return private_file_response(
        export.file.open("rb"), filename=export.download_name, content_type="application/zip"
    )
