from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form

from . import reference as api_reference
from . import selectors, services
from .auth import rate_limit_in_words
from .forms import TokenForm


def reference(request):
    """The API reference, for anyone (the OpenAPI document it reads is public too)."""
    return render(request, "api/reference.html", api_reference.reference())


@login_required
def tokens(request):
    form = TokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.api_token_create,
            actor=request.user,
            user=request.user,
            name=form.cleaned_data["name"],
            days_valid=form.cleaned_data["days_valid"],
            scope=form.cleaned_data["scope"],
        )
        if written:
            issued, form = written.value, TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "issued": issued,
            "tokens": selectors.tokens_for(request.user),
            "rate_limit": rate_limit_in_words(),
        },
    )


@login_required
@require_POST
def token_revoke(request, token_id):
    token = selectors.token_owned_by(request.user, token_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("api:tokens")
