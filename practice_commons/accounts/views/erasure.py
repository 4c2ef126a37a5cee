"""Delete your account: what goes and what stays, the reasons it cannot go yet if there
are any, and a form asking for the sign-in address before anything is deleted."""

from django import forms
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from practice_commons.core.errors import Conflict

from .. import services


class AccountEraseForm(forms.Form):
    confirm_email = forms.CharField(
        label=_("Type the email address you sign in with"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": _("Enter the email address you sign in with.")},
    )


@never_cache
@login_required
def account_erase(request):
    person = request.user
    form = AccountEraseForm(request.POST or None)
    blockers = services.account_erasure_blockers(person)
    if request.method == "POST" and form.is_valid() and not blockers:
        try:
            services.account_erase(
                actor=person, person=person, confirm_email=form.cleaned_data["confirm_email"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except Conflict as exc:
            blockers = [str(exc)]
        else:
            logout(request)
            return redirect("accounts:account_erased")
    return render(request, "accounts/erasure/confirm.html", {"form": form, "blockers": blockers})


def account_erased(request):
    return render(request, "accounts/erasure/done.html")
