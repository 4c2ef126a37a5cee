"""A person's own pages. Only they ever see their answers: every read goes through
``selectors.my_answers``/``my_answer`` (found by their pseudonymous key), and each page
shows the support services and the "Exit this page" button."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from practice_commons.confidentiality.forms import write_from_form

from .. import charts, questions, selectors, services
from ..forms import CheckInForm, ConditionsForm, DeleteAllForm, InstrumentForm
from ..instruments import instrument as find_instrument
from ..models import Kind


def _context(request, **extra) -> dict:
    return {"support_services": selectors.support_services(), **extra}


@login_required
def home(request):
    answers = selectors.my_answers(request.user)
    return render(
        request,
        "wellbeing/home.html",
        _context(
            request,
            latest=answers[0] if answers else None,
            count=len(answers),
            instruments=selectors.instruments(),
            instrument_names=_names(selectors.instruments()),
            can_see_figures=bool(selectors.visible_kinds(request.user)),
        ),
    )


def _names(found) -> str:
    """The questionnaires' short names as a list in a sentence ("A and B")."""
    names = [i.short_name for i in found]
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request):
    form = CheckInForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form, services.checkin_submit, actor=request.user, **form.cleaned_data
        )
        if written:
            return redirect(
                "wellbeing:result", token=selectors.answer_token(request.user, written.value.pk)
            )
    return render(request, "wellbeing/checkin.html", _context(request, form=form))


@login_required
@require_http_methods(["GET", "POST"])
def conditions(request):
    form = ConditionsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form, services.conditions_submit, actor=request.user, **form.cleaned_data
        )
        if written:
            return redirect(
                "wellbeing:result", token=selectors.answer_token(request.user, written.value.pk)
            )
    return render(request, "wellbeing/conditions.html", _context(request, form=form))


@login_required
def result(request, token):
    """Your answer (a check-in or working conditions), with signposting. The address
    carries a token only you can use, never the answer's id."""
    answer = selectors.my_answer_by_token(request.user, token)
    if answer.kind not in (Kind.CHECKIN, Kind.CONDITIONS):
        return redirect("wellbeing:instrument_result", slug=answer.kind, token=answer.token)
    rows = _answer_rows(answer)
    return render(
        request,
        "wellbeing/result.html",
        _context(request, answer=answer, rows=rows, urgent=_finding_it_hard(answer)),
    )


def _finding_it_hard(answer) -> bool:
    """Whether to put the route to help at the top of the page, not only below."""
    scores = answer.scores
    if answer.kind == Kind.CHECKIN:
        return scores.get("feeling", 5) <= 2
    if answer.kind == Kind.CONDITIONS:
        return scores.get("satisfaction", 5) <= 1
    return False


def _t(text: str) -> str:
    """``text`` (English data from ``questions``) in the active language; "" stays ""."""
    return _(text) if text else ""


def _answer_rows(answer) -> list[tuple[str, str]]:
    if answer.kind == Kind.CHECKIN:
        return [
            (_(label), _t(dict(choices).get(int(answer.scores[name]), "")))
            for name, label, choices in questions.CHECKIN_QUESTIONS
        ]
    a = answer.answers
    chosen_pressures = set(a.get("pressures", []))
    chosen_helps = set(a.get("helps", []))
    pressures = [_(label) for key, label in questions.PRESSURES if key in chosen_pressures]
    helps = [_(label) for key, label in questions.HELPS if key in chosen_helps]
    return [
        (_("Hours beyond your contract last week"), str(a.get("extra_hours"))),
        (_("Days worked while unwell in the last year"), str(a.get("days_unwell"))),
        (_("Job satisfaction"), _t(dict(questions.SATISFACTION).get(a.get("satisfaction"), ""))),
        (
            _("Planning to leave within 15 months"),
            _t(dict(questions.LEAVE).get(a.get("leave"), "")),
        ),
        (_("Main pressures"), ", ".join(pressures) or _("None chosen")),
        (_("What helps"), ", ".join(helps) or _("None chosen")),
    ]


@login_required
def instruments(request):
    return render(
        request,
        "wellbeing/instruments.html",
        _context(request, instruments=selectors.instruments()),
    )


def _instrument_or_404(slug):
    found = find_instrument(slug)
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def instrument_take(request, slug):
    found = _instrument_or_404(slug)
    form = InstrumentForm(request.POST if request.method == "POST" else None, instrument=found)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.instrument_submit,
            actor=request.user,
            slug=found.slug,
            answers=form.answers(),
        )
        if written:
            return redirect(
                "wellbeing:instrument_result",
                slug=found.slug,
                token=selectors.answer_token(request.user, written.value.pk),
            )
    return render(
        request,
        "wellbeing/instrument_take.html",
        _context(request, instrument=found, form=form),
    )


@login_required
def instrument_result(request, slug, token):
    found = _instrument_or_404(slug)
    answer = selectors.my_answer_by_token(request.user, token)
    if answer.kind != found.slug:
        raise Http404
    scales = []
    urgent = False
    for scale in found.scales:
        value = answer.scores.get(scale.key)
        band = found.band(scale, value) if value else None
        scales.append({"scale": scale, "value": value, "band": band})
        if band is not None and band.label == "high" and not scale.higher_is_better:
            urgent = True
    earlier = [a for a in selectors.my_answers(request.user, found.slug) if a.id != answer.id]
    return render(
        request,
        "wellbeing/instrument_result.html",
        _context(
            request,
            instrument=found,
            answer=answer,
            scales=scales,
            earlier=earlier[:5],
            urgent=urgent,
        ),
    )


@login_required
def mine(request):
    """Your trends: check-ins as a chart with the same figures in a table, and every
    answer you have given."""
    answers = selectors.my_answers(request.user)
    checkins = [a for a in answers if a.kind == Kind.CHECKIN]
    chart = charts.checkin_chart(list(reversed(checkins[: charts.MAX_POINTS])))
    page = Paginator(answers, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "wellbeing/mine.html",
        _context(request, page_obj=page, checkins=checkins[:52], chart=chart),
    )


@login_required
@require_http_methods(["GET", "POST"])
def delete_all(request):
    form = DeleteAllForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(form, services.answers_delete_all, actor=request.user)
        if written:
            count = written.value
            messages.success(
                request,
                ngettext(
                    "Deleted %(count)d answer. Nothing you answered is kept.",
                    "Deleted %(count)d answers. Nothing you answered is kept.",
                    count,
                )
                % {"count": count},
            )
            return redirect(reverse("wellbeing:home"))
    count = len(selectors.my_answers(request.user))
    return render(request, "wellbeing/delete.html", _context(request, form=form, count=count))
