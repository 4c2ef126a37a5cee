"""The pages anyone who may read a community sees: the directory, the community page
and its rules."""

from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.shortcuts import render

from practice_commons.core.pagination import query_string_without_page
from practice_commons.notifications.newsletters import newsletters_for_scope

from .. import panels, selectors, services
from ..forms import DirectoryFilterForm
from .common import membership_context

DIRECTORY_PAGE_SIZE = 20
MEMBERS_PREVIEW = 12


def _directory_filters(form: DirectoryFilterForm) -> dict:
    if not (form.is_bound and form.is_valid()):
        return {}
    data = form.cleaned_data
    return {
        "q": data["q"].strip(),
        "profession": data["profession"],
        "nation": data["nation"],
        "topic": data["topic"],
        "visibility": data["visibility"],
    }


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = _directory_filters(form)
    page = Paginator(selectors.directory(request.user, **filters), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "page_obj": page,
        "query_string": query_string_without_page(request),
        "filtered": any(filters.values()),
    }
    if request.htmx and request.GET.get("page"):
        return render(request, "communities/includes/directory_results.html", context)
    if request.user.is_authenticated and page.number == 1:
        # The suggestions' professions and topics come with the page's, in one query each.
        page.object_list = list(page.object_list.prefetch_related(None))
        context["for_you"] = selectors.communities_for_you(request.user, prefetch=False)
        prefetch_related_objects([*page.object_list, *context["for_you"]], "professions", "topics")
        context["my_memberships"] = list(selectors.memberships_for_user(request.user)[:20])
        context["invitations"] = list(selectors.invitations_waiting_for(request.user)[:10])
        context["can_create"] = selectors.can_create_community(request.user)
    return render(request, "communities/directory.html", context)


def _newsletters(community):
    return list(newsletters_for_scope("community", community.pk)[:5])


def detail(request, slug):
    # The reader's membership is fetched once (``prime``) for every question below.
    community = selectors.community_for_reader(request.user, slug, prime=True)
    context = membership_context(request, community)
    member = context["active_membership"] is not None
    moderator = selectors.can_moderate(request.user, community)
    can_post, cannot_post_reason = selectors.can_post(request.user, community)
    sees_members = member or (request.user.is_authenticated and request.user.is_host_admin)
    people = selectors.page_people(
        community, preview=MEMBERS_PREVIEW if sees_members else 0, requests=moderator
    )
    labels = selectors.page_labels(community)
    context.update(
        {
            "is_member": member,
            "can_moderate": moderator,
            "can_post": can_post,
            "cannot_post_reason": cannot_post_reason,
            "facilitators": people.facilitators,
            "coordinators": people.coordinators,
            "professions": labels.professions,
            "topics": labels.topics,
            "subgroups": list(selectors.subgroups_visible_to(request.user, community)),
            "panels": panels.render_panels(request, community),
            "newsletters": _newsletters(community) if (member or moderator) else [],
            "safeguarding_leads": list(selectors.safeguarding_leads(community)),
            "can_add_subgroup": (
                community.parent_id is None and moderator and community.archived_at is None
            ),
            "can_restore": (
                community.archived_at is not None and selectors.can_archive(request.user, community)
            ),
        }
    )
    if sees_members:
        context["member_count"], context["members_preview"] = people.member_count, people.preview
    if moderator:
        context["pending_request_count"] = people.request_count
    if member:
        services.membership_record_visit(
            user=request.user, community=community, membership=context["active_membership"]
        )
    return render(request, "communities/detail.html", context)


def rules(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    context = membership_context(request, community)
    context["can_moderate"] = selectors.can_moderate(request.user, community)
    context["history"] = (
        list(selectors.rules_history(community)[:20]) if context["can_moderate"] else []
    )
    return render(request, "communities/rules.html", context)
