"""The library's item pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from practice_commons.communities import selectors as community_selectors
from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import Conflict, NotFound
from practice_commons.core.http import private_file_response
from practice_commons.core.pagination import query_string_without_page

from .. import policies, selectors, services
from ..forms import EndorseForm, FilterForm, ItemForm, ReviewForm
from ..models import ItemKind, ItemStatus

KIND_SLUGS = {"practice-example": ItemKind.PRACTICE_EXAMPLE, "resource": ItemKind.RESOURCE}
TAG_FIELDS = ("topics", "professions", "organisations")
CHOICE_FIELDS = ("age_groups", "nations", "pcf_domains", "agencies")


def home(request):
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    community = None
    slug = request.GET.get("community", "")
    if slug:
        community = community_selectors.community_for_reader(request.user, slug)
    qs = selectors.items_list(
        request.user,
        kind=filters.get("kind", ""),
        community=community,
        topic=filters.get("topic", ""),
        profession=filters.get("profession", ""),
        nation=filters.get("nation", ""),
        q=filters.get("q", ""),
    )
    page = Paginator(qs, selectors.ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "library/home.html",
        {
            "form": form,
            "page_obj": page,
            "community": community,
            "query_string": query_string_without_page(request),
        },
    )


def _communities_for(user):
    return [m.community for m in community_selectors.memberships_for_user(user)]


def _content(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if k not in ("file", "community")}
    for name in TAG_FIELDS:
        if name in data:
            data[name] = list(data[name])
    return data


@login_required
@sensitive_post_parameters()
def item_new(request, kind):
    kind = KIND_SLUGS.get(kind)
    if kind is None:
        raise Http404
    communities = _communities_for(request.user)
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        communities=communities,
        organisations=selectors.organisations_for_writer(request.user),
        contacts=selectors.contacts_for_writer(request.user),
        initial={"contact": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        slug = form.cleaned_data.get("community") or ""
        community = community_selectors.community_for_reader(request.user, slug) if slug else None
        written = write_from_form(
            form,
            services.item_create,
            actor=request.user,
            kind=kind,
            community=community,
            upload=form.cleaned_data.get("file"),
            **_content(form),
        )
        if written:
            item = written.value
            if request.POST.get("then") == "submit":
                services.item_submit(actor=request.user, item=item)
                messages.success(request, _submitted_message(item))
            else:
                messages.success(request, _("Your draft is saved."))
            return redirect(item.get_absolute_url())
    return render(request, "library/item_form.html", {"form": form, "kind": kind, "item": None})


def _submitted_message(item) -> str:
    if item.status == ItemStatus.IN_REVIEW:
        return _("Sent for review. A facilitator or organisation admin will publish it.")
    return _("Published in the library.")


@login_required
@sensitive_post_parameters()
def item_edit(request, pk):
    item = selectors.item_for_editor(request.user, pk)
    initial = {
        **item.snapshot(),
        "contact": item.contact_id,
        "review_by": item.review_by,
        **{n: getattr(item, n) for n in CHOICE_FIELDS},
        **{n: list(getattr(item, n).all()) for n in TAG_FIELDS},
    }
    form = ItemForm(
        request.POST or None,
        request.FILES or None,
        kind=item.kind,
        editing=True,
        initial=initial,
        organisations=selectors.organisations_for_writer(request.user, item),
        contacts=selectors.contacts_for_writer(request.user, item),
    )
    finishing = item.kind == ItemKind.SOLUTION and item.status != ItemStatus.PUBLISHED
    if request.method == "POST" and form.is_valid():
        if finishing and request.POST.get("then") == "publish":
            written = write_from_form(
                form, services.solution_publish, actor=request.user, item=item, **_content(form)
            )
        else:
            kwargs = _content(form)
            if "file" in form.fields:
                kwargs["upload"] = form.cleaned_data.get("file")
            written = write_from_form(
                form, services.item_update, actor=request.user, item=item, **kwargs
            )
        if written:
            messages.success(
                request,
                _("The documented solution is published.")
                if item.status == ItemStatus.PUBLISHED and finishing
                else _("Your changes are saved as a new version."),
            )
            return redirect(item.get_absolute_url())
    return render(
        request,
        "library/item_form.html",
        {"form": form, "kind": item.kind, "item": item, "finishing": finishing},
    )


@login_required
@require_POST
def item_submit(request, pk):
    item = selectors.item_for_editor(request.user, pk)
    try:
        services.item_submit(actor=request.user, item=item)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _submitted_message(item))
    return redirect(item.get_absolute_url())


def item_detail(request, pk):
    item = selectors.item_for_reader(request.user, pk)
    user = request.user
    return render(
        request,
        "library/item_detail.html",
        {
            "item": item,
            "versions": list(selectors.versions_of(item)[:50]),
            "endorsements": selectors.endorsements_of(item),
            "mine": selectors.reactions_by(user, item),
            "can_edit": policies.can_edit(user, item),
            "can_review": policies.can_review(user, item) and item.status == ItemStatus.IN_REVIEW,
            "can_endorse": policies.can_endorse(user, item),
            "attachments": list(item.attachments.all()),
            "endorse_form": EndorseForm(initial={"kind": "endorse"}),
            "offline_saveable": item.status == ItemStatus.PUBLISHED
            and community_selectors.may_save_offline(user, item.community),
        },
    )


@login_required
@require_POST
@sensitive_post_parameters()
def item_endorse(request, pk):
    item = selectors.item_for_reader(request.user, pk)
    form = EndorseForm(request.POST)
    if form.is_valid():
        written = write_from_form(
            form,
            services.endorsement_add,
            actor=request.user,
            item=item,
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data.get("note", ""),
        )
        if written:
            messages.success(
                request,
                _("Thank you for endorsing this.")
                if form.cleaned_data["kind"] == "endorse"
                else _("Thank you for celebrating this."),
            )
            return redirect(item.get_absolute_url())
    return render(
        request,
        "library/item_detail.html",
        {
            "item": item,
            "versions": list(selectors.versions_of(item)[:50]),
            "endorsements": selectors.endorsements_of(item),
            "mine": selectors.reactions_by(request.user, item),
            "can_edit": policies.can_edit(request.user, item),
            "can_endorse": policies.can_endorse(request.user, item),
            "attachments": list(item.attachments.all()),
            "endorse_form": form,
        },
        status=200,
    )


@login_required
@require_POST
def item_reflect(request, pk):
    item = selectors.item_for_reader(request.user, pk)
    try:
        services.item_reflect(actor=request.user, item=item)
    except Conflict as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Marked as read and reflected on. It is in your CPD drafts."))
    return redirect(item.get_absolute_url())


@login_required
@sensitive_post_parameters()
def item_review(request, pk):
    item = selectors.item_for_reader(request.user, pk)
    if not policies.can_review(request.user, item):
        raise NotFound
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.item_review,
            actor=request.user,
            item=item,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data.get("note", ""),
        )
        if written:
            messages.success(request, _("Your review is recorded."))
            return redirect("library:review_queue")
    return render(request, "library/review.html", {"item": item, "form": form})


def item_versions(request, pk):
    item = selectors.item_for_reader(request.user, pk)
    versions = list(selectors.versions_of(item))
    diff, older, newer = [], None, None
    if len(versions) > 1:
        try:
            newer = int(request.GET.get("to", versions[0].number))
            older = int(request.GET.get("from", newer - 1))
        except ValueError:
            raise Http404 from None
        diff = selectors.version_diff(item, older, newer)
    return render(
        request,
        "library/versions.html",
        {"item": item, "versions": versions, "diff": diff, "older": older, "newer": newer},
    )


@login_required
def review_queue(request):
    qs = selectors.review_queue_for(request.user)
    page = Paginator(qs, selectors.ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "library/review_queue.html", {"page_obj": page})


@login_required
def drafts(request):
    qs = selectors.drafts_for(request.user)
    page = Paginator(qs, selectors.ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "library/drafts.html", {"page_obj": page})


@login_required
def solution_for_thread(request, thread_id):
    """Where a solved thread's "Add to the library" lands: its draft, ready to finish."""
    item = selectors.solution_for_thread(request.user, thread_id)
    if item.status != ItemStatus.PUBLISHED and policies.can_edit(request.user, item):
        return redirect("library:edit", pk=item.pk)
    return redirect(item.get_absolute_url())


def attachment_download(request, pk, attachment):
    item = selectors.item_for_reader(request.user, pk)
    found = next((a for a in item.attachments.all() if a.pk == attachment), None)
    if found is None:
        raise NotFound
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, ValidationError):
        raise NotFound from None
    return private_file_response(
        handle, filename=found.original_name, content_type=found.content_type
    )
