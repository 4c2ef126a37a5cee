"""The glossary: approved terms for everyone, a suggestion form for members, and
approve/decline for host admins and facilitators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict

from .. import policies, selectors, services
from ..forms import TermForm

TERMS_PER_PAGE = 50


def _page(request, form=None):
    q = (request.GET.get("q") or "")[:100]
    qs = selectors.glossary_terms(request.user, q=q)
    page = Paginator(qs, TERMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/glossary.html",
        {
            "page_obj": page,
            "q": q,
            "form": form if form is not None else TermForm(),
            "can_suggest": policies.can_suggest_term(request.user),
            "can_decide": policies.can_decide_terms(request.user),
        },
    )


def glossary(request):
    return _page(request)


@login_required
@sensitive_post_parameters()
def glossary_suggest(request):
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            services.term_suggest,
            actor=request.user,
            term=data["term"],
            definition=data["definition"],
            professions=list(data.get("professions") or []),
            nations=data.get("nations") or [],
            also_known_as=data.get("also_known_as", ""),
            equivalents=data.get("equivalents", ""),
            links=data.get("links", ""),
        )
        if written:
            term = written.value
            messages.success(
                request,
                _("“%(term)s” is in the glossary.") % {"term": term.term}
                if term.status == "approved"
                else _("Thank you. “%(term)s” will appear once a facilitator approves it.")
                % {"term": term.term},
            )
            return redirect("library:glossary")
    return _page(request, form)


@login_required
@require_POST
def glossary_decide(request, pk):
    term = selectors.term_for_decider(request.user, pk)
    try:
        services.term_decide(
            actor=request.user, term=term, approve=request.POST.get("decision") == "approve"
        )
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Your decision on “%(term)s” is recorded.") % {"term": term.term}
        )
    return redirect("library:glossary")
