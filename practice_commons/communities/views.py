"""Pages of the communities app. Thin: parse the request, call a selector or a service,
render. Outsiders who may not see a community get 404 from ``selectors.community_for_reader``;
people who can see it but lack the role get 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import attach_write_errors
from practice_commons.confidentiality.guard import ConfidentialityError
from practice_commons.core.forms import attach_errors
from practice_commons.core.pagination import query_string_without_page
from practice_commons.notifications.newsletters import newsletters_for_scope
from practice_commons.safeguarding import selectors as safeguarding_selectors

from . import panels, selectors, services
from .forms import (
    AcceptRulesForm,
    CommunityForm,
    CoordinatorTitleForm,
    DecideRequestForm,
    DirectoryFilterForm,
    InviteForm,
    JoinForm,
    MuteMemberForm,
    RemoveMemberForm,
    RoleForm,
    RulesAcknowledgeForm,
    RulesFormSet,
    SafeguardingLeadForm,
)
from .models import MembershipStatus

DIRECTORY_PAGE_SIZE = 20
MEMBERS_PAGE_SIZE = 50
MEMBERS_PREVIEW = 12


def _post(request):
    """The submitted data on POST (even if empty, so an empty form shows its errors)."""
    return request.POST if request.method == "POST" else None


def _require_moderator(request, community) -> None:
    if not selectors.can_moderate(request.user, community):
        raise PermissionDenied(_("Only this community's facilitators can do that."))


def _newsletters(community):
    return list(newsletters_for_scope("community", community.pk)[:5])


# --- directory -------------------------------------------------------------------------


def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "q": data["q"].strip(),
            "profession": data["profession"],
            "nation": data["nation"],
            "topic": data["topic"],
            "visibility": data["visibility"],
        }
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
        context["for_you"] = selectors.communities_for_you(request.user)
        context["my_memberships"] = list(selectors.memberships_for_user(request.user)[:20])
        context["invitations"] = list(selectors.invitations_waiting_for(request.user)[:10])
        context["can_create"] = selectors.can_create_community(request.user)
    return render(request, "communities/directory.html", context)


# --- creating and editing -----------------------------------------------------------------


@login_required
def create(request, slug=None):
    parent = selectors.community_for_reader(request.user, slug) if slug else None
    if not selectors.can_create_community(request.user, parent):
        raise PermissionDenied(_("Only host members can create communities."))
    form = CommunityForm(_post(request), parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(
                actor=request.user,
                parent=parent,
                professions=form.cleaned_data["professions"],
                topic_names=form.topic_names(),
                **form.service_kwargs(),
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s has been created. You are its owner.") % {"name": community.name},
            )
            return redirect(community)
    return render(
        request,
        "communities/community_form.html",
        {"form": form, "parent": parent, "community": None},
    )


@login_required
def edit(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    _require_moderator(request, community)
    community = selectors.community_page(community)
    form = CommunityForm(_post(request), community=community)
    if request.method == "POST" and form.is_valid():
        data = form.service_kwargs()
        try:
            community = services.community_update(
                actor=request.user,
                community=community,
                data=data,
                professions=form.cleaned_data["professions"],
                topic_names=form.topic_names(),
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(request, _("The community page has been updated."))
            return redirect(community)
    return render(
        request,
        "communities/community_form.html",
        {
            "form": form,
            "parent": community.parent,
            "community": community,
            "can_archive": selectors.can_archive(request.user, community),
        },
    )


@login_required
@require_POST
def archive(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    services.community_archive(actor=request.user, community=community)
    messages.success(request, _("%(name)s has been archived.") % {"name": community.name})
    return redirect(community)


@login_required
@require_POST
def restore(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    try:
        community = services.community_restore(actor=request.user, community=community)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s has been restored.") % {"name": community.name})
    return redirect(community)


# --- the community page -------------------------------------------------------------------


def _membership_context(request, community) -> dict:
    membership = selectors.any_membership_of(request.user, community)
    active = membership if membership and membership.status == MembershipStatus.ACTIVE else None
    can_join, join_reason = selectors.can_join(request.user, community)
    rules = community.current_rules
    return {
        "community": community,
        "membership": membership,
        "active_membership": active,
        "can_join": can_join,
        "join_reason": join_reason,
        "needs_rules": selectors.needs_rules_acceptance(active, community),
        "join_form": JoinForm(initial={"rules_version": rules.version if rules else None}),
        "accept_form": AcceptRulesForm(initial={"rules_version": rules.version if rules else None}),
        "parent_member": (
            community.parent_id is None or selectors.is_member(request.user, community.parent)
        ),
    }


def detail(request, slug):
    community = selectors.community_page(selectors.community_for_reader(request.user, slug))
    context = _membership_context(request, community)
    member = context["active_membership"] is not None
    moderator = selectors.can_moderate(request.user, community)
    can_post, cannot_post_reason = selectors.can_post(request.user, community)
    context.update(
        {
            "is_member": member,
            "can_moderate": moderator,
            "can_post": can_post,
            "cannot_post_reason": cannot_post_reason,
            "facilitators": list(selectors.moderators(community)),
            "coordinators": list(selectors.coordinators(community)),
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
    if member or request.user.is_authenticated and request.user.is_host_admin:
        members = selectors.active_members(community)
        context["member_count"] = members.count()
        context["members_preview"] = list(members[:MEMBERS_PREVIEW])
    if moderator:
        context["pending_request_count"] = selectors.pending_requests(community).count()
    if member:
        services.membership_record_visit(user=request.user, community=community)
    return render(request, "communities/detail.html", context)


def rules(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    context = _membership_context(request, community)
    context["can_moderate"] = selectors.can_moderate(request.user, community)
    context["history"] = (
        list(selectors.rules_history(community)[:20]) if context["can_moderate"] else []
    )
    return render(request, "communities/rules.html", context)


@login_required
def rules_edit(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    _require_moderator(request, community)
    if community.parent_id is not None:
        messages.info(
            request,
            _("A sub-group follows the rules of %(parent)s.") % {"parent": community.parent.name},
        )
        return redirect("communities:rules", slug=community.parent.slug)
    current = community.current_rules.rules if community.current_rules else []
    formset = RulesFormSet(_post(request), initial=current, prefix="rules")
    form = RulesAcknowledgeForm(_post(request))
    if request.method == "POST" and formset.is_valid() and form.is_valid():
        try:
            new = services.community_rules_update(
                actor=request.user,
                community=community,
                rules=formset.rules(),
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The rules have been saved as version %(version)d. Members will be asked to "
                    "accept them before they next post."
                )
                % {"version": new.version},
            )
            return redirect("communities:rules", slug=community.slug)
    if request.method == "POST" and formset.non_form_errors():
        for error in formset.non_form_errors():
            form.add_error(None, error)
    return render(
        request,
        "communities/rules_edit.html",
        {
            "community": community,
            "formset": formset,
            "form": form,
            "forms": list(formset.forms) if formset.is_bound else [],
        },
    )


@login_required
@require_POST
def rules_accept(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    form = AcceptRulesForm(request.POST)
    if form.is_valid():
        try:
            services.rules_accept(
                actor=request.user, community=community, version=form.cleaned_data["rules_version"]
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Thank you. You have accepted the updated rules."))
            return redirect(community)
    context = _membership_context(request, community)
    context.update({"accept_form": form, "form": form, "can_moderate": False, "history": []})
    return render(request, "communities/rules.html", context)


# --- joining and leaving -------------------------------------------------------------------


def _membership_panel_response(request, community, *, join_form=None, error=""):
    """The membership panel alone, for htmx. Errors answer 200 too: htmx swaps only 2xx."""
    context = _membership_context(request, community)
    if join_form is not None:
        context["join_form"] = join_form
    context["panel_error"] = error
    return render(request, "communities/includes/membership_panel.html", context)


def join(request, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("communities:join", kwargs={"slug": slug}))
    community = selectors.community_for_reader(request.user, slug)
    rules_obj = community.current_rules
    form = JoinForm(
        _post(request), initial={"rules_version": rules_obj.version if rules_obj else None}
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                membership = services.community_join(
                    actor=request.user,
                    community=community,
                    accept_rules=True,
                    rules_version=form.cleaned_data["rules_version"],
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                if membership.status == MembershipStatus.ACTIVE:
                    text = _("Welcome to %(name)s.") % {"name": community.name}
                else:
                    text = _("Your request to join %(name)s has been sent to its facilitators.") % {
                        "name": community.name
                    }
                if request.htmx:
                    response = _membership_panel_response(request, community)
                    response["HX-Trigger"] = "communityMembershipChanged"
                    return response
                messages.success(request, text)
                return redirect(community)
        if request.htmx:
            return _membership_panel_response(request, community, join_form=form)
    context = _membership_context(request, community)
    context.update({"join_form": form, "form": form, "full_page": True})
    return render(request, "communities/join.html", context)


@login_required
def leave(request, slug):
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
            if request.htmx:
                response = _membership_panel_response(request, community)
                response["HX-Trigger"] = "communityMembershipChanged"
                return response
            messages.success(request, _("You have left %(name)s.") % {"name": community.name})
            return redirect("communities:directory")
        if request.htmx:
            response = _membership_panel_response(request, community, error=error)
            return response
    return render(
        request,
        "communities/leave.html",
        {"community": community, "membership": membership, "error": error},
    )


# --- members --------------------------------------------------------------------------------


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
        {
            "community": community,
            "page_obj": page,
            "can_moderate": moderator,
        },
    )


MEMBER_ACTIONS = ("role", "title", "mute", "unmute", "remove")


@login_required
def member_manage(request, slug, membership_id):
    community = selectors.community_for_reader(request.user, slug)
    _require_moderator(request, community)
    membership = selectors.membership_in(community, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise PermissionDenied(_("This person is not an active member."))
    action = request.POST.get("action") if request.method == "POST" else None
    is_owner = request.user.is_host_admin or selectors.is_owner(request.user, community)
    forms_ = {
        "role": RoleForm(
            request.POST if action == "role" else None,
            initial={"role": membership.role},
            prefix="role",
        ),
        "title": CoordinatorTitleForm(
            request.POST if action == "title" else None,
            initial={"coordinator_title": membership.coordinator_title},
            prefix="title",
        ),
        "mute": MuteMemberForm(request.POST if action == "mute" else None, prefix="mute"),
        "remove": RemoveMemberForm(request.POST if action == "remove" else None, prefix="remove"),
    }
    if action is not None and action not in MEMBER_ACTIONS:
        raise PermissionDenied
    if action == "unmute":
        services.membership_unmute(actor=request.user, membership=membership)
        messages.success(
            request, _("%(name)s can post again.") % {"name": membership.user.display_name}
        )
        return redirect("communities:member_manage", slug=slug, membership_id=membership.pk)
    if action is not None:
        form = forms_[action]
        if form.is_valid():
            data = form.cleaned_data
            try:
                if action == "role":
                    services.membership_set_role(
                        actor=request.user, membership=membership, role=data["role"]
                    )
                    done = _("Role changed.")
                elif action == "title":
                    services.membership_set_coordinator_title(
                        actor=request.user,
                        membership=membership,
                        title=data["coordinator_title"],
                        confidentiality_acknowledged=form.confidentiality_acknowledged,
                    )
                    done = _("Coordinator role saved.")
                elif action == "mute":
                    services.membership_mute(
                        actor=request.user,
                        membership=membership,
                        days=data["days"],
                        reason=data["reason"],
                        confidentiality_acknowledged=form.confidentiality_acknowledged,
                    )
                    done = _("%(name)s is muted for %(days)d days.") % {
                        "name": membership.user.display_name,
                        "days": data["days"],
                    }
                else:
                    services.membership_remove(
                        actor=request.user,
                        membership=membership,
                        reason=data["reason"],
                        confidentiality_acknowledged=form.confidentiality_acknowledged,
                    )
                    messages.success(
                        request,
                        _("%(name)s has been removed.") % {"name": membership.user.display_name},
                    )
                    return redirect("communities:members", slug=slug)
            except (ConfidentialityError, ValidationError) as exc:
                attach_write_errors(form, exc)
            else:
                messages.success(request, done)
                return redirect("communities:member_manage", slug=slug, membership_id=membership.pk)
    error_form = forms_.get(action) if action else None
    return render(
        request,
        "communities/member_manage.html",
        {
            "community": community,
            "membership": membership,
            "action_forms": forms_,
            "is_owner": is_owner,
            "form": error_form,
            "is_self": membership.user_id == request.user.pk,
        },
    )


# --- requests and invitations ---------------------------------------------------------------


@login_required
def requests(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    _require_moderator(request, community)
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
    _require_moderator(request, community)
    membership = selectors.membership_in(community, membership_id)
    form = DecideRequestForm(request.POST)
    if form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.join_request_decide(
                actor=request.user,
                membership=membership,
                approve=approve,
                reason=form.cleaned_data["reason"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(
                request,
                (
                    _("%(name)s is now a member.")
                    if approve
                    else _("You declined %(name)s's request.")
                )
                % {"name": membership.user.display_name},
            )
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


@login_required
def invitations(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    _require_moderator(request, community)
    form = InviteForm(_post(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(
                actor=request.user,
                community=community,
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                confidentiality_acknowledged=form.confidentiality_acknowledged,
            )
        except (ConfidentialityError, ValidationError) as exc:
            attach_write_errors(form, exc)
        else:
            messages.success(
                request,
                _("Invitation sent to %(email)s. The link works for 7 days.")
                % {"email": invitation.email},
            )
            return redirect("communities:invitations", slug=slug)
    return render(
        request,
        "communities/invitations.html",
        {
            "community": community,
            "form": form,
            "pending": list(selectors.invitations_pending(community)[:100]),
        },
    )


@login_required
@require_POST
def invitation_withdraw(request, slug, invitation_id):
    community = selectors.community_for_reader(request.user, slug)
    _require_moderator(request, community)
    invitation = selectors.invitation_in(community, invitation_id)
    services.invitation_withdraw(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation to %(email)s withdrawn.") % {"email": invitation.email})
    return redirect("communities:invitations", slug=slug)


def invitation(request, token):
    """The link in an invitation email. It names the community only to the invitee: a
    visitor sees a neutral page with sign-in and sign-up links that come back here, and a
    different signed-in person is told the invitation is not theirs."""
    invitation = selectors.invitation_from_token(token)
    here = request.get_full_path()
    if not request.user.is_authenticated:
        return render(
            request,
            "communities/invitation_signin.html",
            {
                "invitation": invitation,
                "show_name": invitation.community.visibility == "public",
                "login_url": reverse("account_login") + "?" + urlencode({"next": here}),
                "signup_url": reverse("account_signup") + "?" + urlencode({"next": here}),
            },
        )
    if invitation.email.lower() != request.user.email.lower():
        return render(request, "communities/invitation_not_yours.html", {}, status=403)
    community = invitation.community
    rules_obj = community.current_rules
    form = JoinForm(
        _post(request), initial={"rules_version": rules_obj.version if rules_obj else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept(
                actor=request.user,
                invitation=invitation,
                accept_rules=True,
                rules_version=form.cleaned_data["rules_version"],
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("Welcome to %(name)s.") % {"name": community.name})
            return redirect(community)
    return render(
        request,
        "communities/invitation.html",
        {
            "invitation": invitation,
            "community": community,
            "form": form,
            "join_form": form,
        },
    )


# --- safeguarding leads ---------------------------------------------------------------------


@login_required
def safeguarding_leads(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    _require_moderator(request, community)
    member_list = list(selectors.active_members(community)[:500])
    form = SafeguardingLeadForm(_post(request), memberships=member_list)
    if request.method == "POST" and request.POST.get("remove"):
        services.safeguarding_lead_remove(
            actor=request.user, community=community, lead_id=request.POST["remove"]
        )
        messages.success(request, _("Safeguarding lead removed."))
        return redirect("communities:safeguarding_leads", slug=slug)
    if request.method == "POST" and form.is_valid():
        person = next(m.user for m in member_list if str(m.user_id) == form.cleaned_data["member"])
        try:
            services.safeguarding_lead_assign(actor=request.user, community=community, user=person)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is now a safeguarding lead for this community.")
                % {"name": person.display_name},
            )
            return redirect("communities:safeguarding_leads", slug=slug)
    return render(
        request,
        "communities/safeguarding_leads.html",
        {
            "community": community,
            "form": form,
            "leads": list(safeguarding_selectors.lead_assignments_for(community)),
        },
    )
