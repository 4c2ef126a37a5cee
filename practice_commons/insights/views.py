"""Pages: a community's health (with CSV), its value-creation stories, its impact report
(page and PDF), and the networkers across agencies. Thin: selectors read, services
write, policies decide who may see what."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import PermissionDenied
from practice_commons.library import knowledge

from . import charts, pdf, policies, selectors, services
from .forms import PeriodForm, StoryForm


def _community(request, slug, *, facilitators=True):
    community = community_selectors.community_for_reader(request.user, slug)
    if facilitators and not policies.can_see_health(request.user, community):
        raise PermissionDenied(_("Only the community's facilitators can see its insights."))
    return community


def _period(request):
    form = PeriodForm(request.GET or None)
    period, error = None, ""
    if form.is_bound and form.is_valid():
        try:
            period = selectors.period_from(form.cleaned_data["start"], form.cleaned_data["end"])
        except ValueError as exc:
            error = str(exc)
            form.add_error("start", error)
    if period is None:
        period = selectors.period_from(None, None)
    return form, period


def _query(period) -> str:
    return f"?start={period.start:%Y-%m-%d}"


@login_required
def health(request, slug):
    community = _community(request, slug)
    form, period = _period(request)
    data = selectors.community_health(community, period)
    kmap = knowledge.knowledge_map(request.user, community)
    return render(
        request,
        "insights/health.html",
        {
            "community": community,
            "form": form,
            "health": data,
            "charts": charts.health_charts(data),
            "gaps": kmap.gap_rows[:20],
            "query": _query(period),
            "K": selectors.K,
        },
    )


@login_required
def health_csv(request, slug):
    community = _community(request, slug)
    _form, period = _period(request)
    data = selectors.community_health(community, period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{community.slug}-health.csv"'
    writer = csv.writer(response)
    writer.writerow(["figure", "this_period", "previous_period", "change"])
    for key, _label, this, prev, change in data.comparison():
        writer.writerow([key, this.text, prev.text, change.text])
    for kind, _label, fig in data.current.threads_by_kind:
        writer.writerow([f"threads_{kind}", fig.text, "", ""])
    writer.writerow([])
    writer.writerow(["month", "threads_started", "active_members"])
    for point in data.months:
        writer.writerow([f"{point.month:%Y-%m}", point.threads, point.active.text])
    return response


def _report_context(request, community):
    form, period = _period(request)
    data = selectors.community_health(community, period)
    return {
        "community": community,
        "form": form,
        "health": data,
        "gaps": knowledge.knowledge_map(request.user, community).gap_rows[:10],
        "quotes": selectors.consented_quotes(community, period),
        "stories": selectors.report_stories(community, period),
        "query": _query(period),
    }


@login_required
def report(request, slug):
    community = _community(request, slug)
    return render(request, "insights/report.html", _report_context(request, community))


@login_required
def report_pdf(request, slug):
    community = _community(request, slug)
    body = pdf.impact_report_pdf(_report_context(request, community))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{community.slug}-impact-report.pdf"'
    return response


def stories(request, slug):
    community = _community(request, slug, facilitators=False)
    can_write = policies.can_write_story(request.user, community)
    return render(
        request,
        "insights/stories.html",
        {
            "community": community,
            "stories": selectors.stories_for(request.user, community)[:50],
            "can_write": can_write,
            "can_curate": policies.can_curate(request.user, community),
            "user_id": request.user.pk,
        },
    )


@sensitive_post_parameters()
@login_required
def story_new(request, slug):
    community = _community(request, slug, facilitators=False)
    if not policies.can_write_story(request.user, community):
        raise PermissionDenied(_("Only members of this community can add its stories."))
    form = StoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            services.story_create,
            actor=request.user,
            community=community,
            title=data["title"],
            cycles=data["cycles"],
            what_happened=data["what_happened"],
            what_it_gave=data["what_it_gave"],
            how_used=data["how_used"],
            difference=data["difference"],
            evidence=data["evidence"],
            consent_to_publish=data["consent_to_publish"],
        )
        if written:
            return redirect(reverse("insights:stories", args=[community.slug]))
    return render(request, "insights/story_form.html", {"community": community, "form": form})


def _own_story(request, slug, story_id):
    """The signed-in author's story (404 for a story they may not read, 403 for one they
    may read but did not write)."""
    community = _community(request, slug, facilitators=False)
    story = selectors.story_for_reader(request.user, community, story_id)
    if not policies.can_change_story(request.user, story):
        raise PermissionDenied(_("Only the author of a story can change it."))
    return community, story


STORY_INITIAL = (
    "title",
    "cycles",
    "what_happened",
    "what_it_gave",
    "how_used",
    "difference",
    "evidence",
    "consent_to_publish",
)


@sensitive_post_parameters()
@login_required
def story_edit(request, slug, story_id):
    community, story = _own_story(request, slug, story_id)
    form = StoryForm(
        request.POST or None, initial={name: getattr(story, name) for name in STORY_INITIAL}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        written = write_from_form(
            form,
            services.story_update,
            actor=request.user,
            story=story,
            **{name: data[name] for name in STORY_INITIAL},
        )
        if written:
            messages.success(request, _("Your story has been saved."))
            return redirect(story.get_absolute_url())
    return render(
        request,
        "insights/story_form.html",
        {"community": community, "form": form, "story": story},
    )


@login_required
def story_delete(request, slug, story_id):
    community, story = _own_story(request, slug, story_id)
    if request.method == "POST":
        services.story_delete(actor=request.user, story=story)
        messages.success(request, _("Your story has been deleted."))
        return redirect(reverse("insights:stories", args=[community.slug]))
    return render(request, "insights/story_delete.html", {"community": community, "story": story})


@require_POST
@login_required
def story_hide(request, slug, story_id):
    community = _community(request, slug)
    story = selectors.story_for_curator(request.user, community, story_id)
    services.story_set_hidden(
        actor=request.user, story=story, hidden=request.POST.get("hidden") == "1"
    )
    return redirect(story.get_absolute_url())


@require_POST
@login_required
def story_feature(request, slug, story_id):
    community = _community(request, slug)
    story = selectors.story_for_curator(request.user, community, story_id)
    featured = request.POST.get("featured") == "1"
    try:
        services.story_set_featured(actor=request.user, story=story, featured=featured)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("insights:stories", args=[community.slug]))


@login_required
def networkers(request):
    if not policies.can_see_network(request.user):
        raise PermissionDenied(_("Only host admins and organisation champions can see this."))
    return render(
        request,
        "insights/networkers.html",
        {"view": selectors.network_view(request.user), "K": selectors.K},
    )


@require_POST
@login_required
def network_refresh(request):
    services.network_refresh_request(actor=request.user)
    messages.success(request, _("A new snapshot is being computed. It takes a few minutes."))
    return redirect(reverse("insights:networkers"))
