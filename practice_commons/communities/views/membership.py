"""Pages about who is in a community: joining and leaving, accepting changed rules, the
member list, facilitators managing a member, and answering requests to join."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import PermissionDenied

from .. import selectors, services
from ..forms import (
    AcceptRulesForm,
    CoordinatorTitleForm,
    DecideRequestForm,
    JoinForm,
    MuteMemberForm,
    RemoveMemberForm,
    RoleForm,
)
from ..models import MembershipStatus
from .common import (
    MEMBERS_PAGE_SIZE,
    membership_context,
    membership_panel_response,
    posted,
    require_moderator,
    rules_version_initial,
)

MEMBER_ACTIONS = ("role", "title", "mute", "unmute", "remove")


def _membership_changed(request, community, announcement):
    """After a join or leave over htmx: the fresh panel, what the page's status region
    says, and an event other parts of the page listen for."""
    response = membership_panel_response(request, community, announcement=announcement)
    response["HX-Trigger"] = "communityMembershipChanged"
    return response


def _welcome(community, membership) -> str:
    if membership.status == MembershipStatus.ACTIVE:
        return _("Welcome to %(name)s.") % {"name": community.name}
    return _("Your request to join %(name)s has been sent to its facilitators.") % {
        "name": community.name
    }


def join(request, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("communities:join", kwargs={"slug": slug}))
    community = selectors.community_for_reader(request.user, slug)
    form = JoinForm(posted(request), initial=rules_version_initial(community))
    if request.method == "POST":
        if form.is_valid():
            written = write_from_form(
                form,
                services.community_join,
                actor=request.user,
                community=community,
                accept_rules=True,
                rules_version=form.cleaned_data["rules_version"],
            )
            if written:
                welcome = _welcome(community, written.value)
                if request.htmx:
                    return _membership_changed(request, community, welcome)
                messages.success(request, welcome)
                return redirect(community)
        if request.htmx:
            return membership_panel_response(request, community, join_form=form)
    context = membership_context(request, community)
    context.update({"join_form": form, "form": form, "full_page": True})
    return render(request, "communities/join.html", context)


@login_required
def leave(request, slug):
    """A confirmation, not a form: a refusal (the last owner) is shown as an error."""
    community = selectors.community_for_reader(request.user, slug)
    membership = selectors.any_membership_of(request.user, community)
    if membership is None or membership.status == MembershipStatus.REMOVED:
        return redirect(community)
    error = ""
    if request.method == "POST":
        try:
            services.community_leave(actor=request.user, community=community)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            goodbye = _("You have left %(name)s.") % {"name": community.name}
            if request.htmx:
                return _membership_changed(request, community, goodbye)
            messages.success(request, goodbye)
            return redirect("communities:directory")
        if request.htmx:
            return membership_panel_response(request, community, error=error)
    return render(
        request,
        "communities/leave.html",
        {"community": community, "membership": membership, "error": error},
    )


@login_required
@require_POST
def rules_accept(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    form = AcceptRulesForm(request.POST)
    if form.is_valid():
        written = write_from_form(
            form,
            services.rules_accept,
            actor=request.user,
            community=community,
            version=form.cleaned_data["rules_version"],
        )
        if written:
            messages.success(request, _("Thank you. You have accepted the updated rules."))
            return redirect(community)
    context = membership_context(request, community)
    context.update({"accept_form": form, "form": form, "can_moderate": False, "history": []})
    return render(request, "communities/rules.html", context)


@login_required
def members(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    moderator = selectors.can_moderate(request.user, community)
    if not (moderator or selectors.is_member(request.user, community)):
        raise PermissionDenied(_("Only members can see who is in this community."))
    page = Paginator(selectors.active_members(community), MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communities/members.html",
        {"community": community, "page_obj": page, "can_moderate": moderator},
    )


def _member_forms(request, action, membership) -> dict:
    """One form per action on the manage page; only the submitted one is bound."""

    def data_for(name):
        return request.POST if action == name else None

    return {
        "role": RoleForm(data_for("role"), initial={"role": membership.role}, prefix="role"),
        "title": CoordinatorTitleForm(
            data_for("title"),
            initial={"coordinator_title": membership.coordinator_title},
            prefix="title",
        ),
        "mute": MuteMemberForm(data_for("mute"), prefix="mute"),
        "remove": RemoveMemberForm(data_for("remove"), prefix="remove"),
    }


def _member_action(action: str, data: dict, name: str):
    """The service, its arguments and the success message for one action on a member."""
    if action == "role":
        return services.membership_set_role, {"role": data["role"]}, _("Role changed.")
    if action == "title":
        return (
            services.membership_set_coordinator_title,
            {"title": data["coordinator_title"]},
            _("Coordinator role saved."),
        )
    if action == "mute":
        return (
            services.membership_mute,
            {"days": data["days"], "reason": data["reason"]},
            _("%(name)s is muted for %(days)d days.") % {"name": name, "days": data["days"]},
        )
    return (
        services.membership_remove,
        {"reason": data["reason"]},
        _("%(name)s has been removed.") % {"name": name},
    )


def membership_manage_url(slug: str, membership) -> str:
    return reverse(
        "communities:member_manage", kwargs={"slug": slug, "membership_id": membership.pk}
    )


@login_required
def member_manage(request, slug, membership_id):
    community = selectors.community_for_reader(request.user, slug)
    require_moderator(request, community)
    membership = selectors.membership_in(community, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise PermissionDenied(_("This person is not an active member."))
    action = request.POST.get("action") if request.method == "POST" else None
    if action is not None and action not in MEMBER_ACTIONS:
        raise PermissionDenied
    name = membership.user.display_name
    if action == "unmute":
        services.membership_unmute(actor=request.user, membership=membership)
        messages.success(request, _("%(name)s can post again.") % {"name": name})
        return redirect(membership_manage_url(slug, membership))
    action_forms = _member_forms(request, action, membership)
    form = action_forms.get(action) if action else None
    if form is not None and form.is_valid():
        service, kwargs, done = _member_action(action, form.cleaned_data, name)
        if write_from_form(form, service, actor=request.user, membership=membership, **kwargs):
            messages.success(request, done)
            if action == "remove":
                return redirect("communities:members", slug=slug)
            return redirect(membership_manage_url(slug, membership))
    return render(
        request,
        "communities/member_manage.html",
        {
            "community": community,
            "membership": membership,
            "action_forms": action_forms,
            "is_owner": request.user.is_host_admin or selectors.is_owner(request.user, community),
            "form": form,
            "is_self": membership.user_id == request.user.pk,
        },
    )


@login_required
def requests(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    require_moderator(request, community)
    page = Paginator(selectors.pending_requests(community), MEMBERS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "communities/requests.html",
        {
            "community": community,
            "page_obj": page,
            "decide_form": DecideRequestForm(),
            "form": None,
        },
    )


@login_required
@require_POST
def request_decide(request, slug, membership_id):
    community = selectors.community_for_reader(request.user, slug)
    require_moderator(request, community)
    membership = selectors.membership_in(community, membership_id)
    form = DecideRequestForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        written = write_from_form(
            form,
            services.join_request_decide,
            actor=request.user,
            membership=membership,
            approve=approve,
            reason=form.cleaned_data["reason"],
        )
        if written:
            done = (
                _("%(name)s is now a member.") if approve else _("You declined %(name)s's request.")
            )
            messages.success(request, done % {"name": membership.user.display_name})
            return redirect("communities:requests", slug=slug)
    page = Paginator(selectors.pending_requests(community), MEMBERS_PAGE_SIZE).get_page(1)
    return render(
        request,
        "communities/requests.html",
        {
            "community": community,
            "page_obj": page,
            "decide_form": DecideRequestForm(),
            "form": form,
            "failed_membership": membership,
        },
    )
