"""Pages where owners and facilitators shape a community: create (and sub-groups), edit,
archive and restore, the group rules, and its safeguarding leads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practice_commons.confidentiality.forms import write_from_form
from practice_commons.core.errors import PermissionDenied
from practice_commons.safeguarding import selectors as safeguarding_selectors

from .. import selectors, services
from ..forms import CommunityForm, RulesAcknowledgeForm, RulesFormSet, SafeguardingLeadForm
from .common import posted, posted_id, require_moderator


@login_required
def create(request, slug=None):
    parent = selectors.community_for_reader(request.user, slug) if slug else None
    if not selectors.can_create_community(request.user, parent):
        raise PermissionDenied(_("Only host members can create communities."))
    form = CommunityForm(posted(request), parent=parent)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.community_create,
            actor=request.user,
            parent=parent,
            professions=form.cleaned_data["professions"],
            topic_names=form.topic_names(),
            **form.service_kwargs(),
        )
        if written:
            community = written.value
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
    require_moderator(request, community)
    community = selectors.community_page(community)
    form = CommunityForm(posted(request), community=community)
    if request.method == "POST" and form.is_valid():
        written = write_from_form(
            form,
            services.community_update,
            actor=request.user,
            community=community,
            data=form.service_kwargs(),
            professions=form.cleaned_data["professions"],
            topic_names=form.topic_names(),
        )
        if written:
            messages.success(request, _("The community page has been updated."))
            return redirect(written.value)
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
    """A button, not a form: a refusal (not archived, parent still archived) is shown as
    a message on the community page."""
    community = selectors.community_for_reader(request.user, slug)
    try:
        community = services.community_restore(actor=request.user, community=community)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(name)s has been restored.") % {"name": community.name})
    return redirect(community)


@login_required
def rules_edit(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    require_moderator(request, community)
    if community.parent_id is not None:
        messages.info(
            request,
            _("A sub-group follows the rules of %(parent)s.") % {"parent": community.parent.name},
        )
        return redirect("communities:rules", slug=community.parent.slug)
    current = community.current_rules.rules if community.current_rules else []
    formset = RulesFormSet(posted(request), initial=current, prefix="rules")
    form = RulesAcknowledgeForm(posted(request))
    if request.method == "POST" and formset.is_valid() and form.is_valid():
        written = write_from_form(
            form,
            services.community_rules_update,
            actor=request.user,
            community=community,
            rules=formset.rules(),
        )
        if written:
            messages.success(
                request,
                _(
                    "The rules have been saved as version %(version)d. Members will be asked to "
                    "accept them before they next post."
                )
                % {"version": written.value.version},
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
def safeguarding_leads(request, slug):
    community = selectors.community_for_reader(request.user, slug)
    require_moderator(request, community)
    member_list = list(selectors.active_members(community)[:500])
    form = SafeguardingLeadForm(posted(request), memberships=member_list)
    if request.method == "POST" and request.POST.get("remove"):
        services.safeguarding_lead_remove(
            actor=request.user, community=community, lead_id=posted_id(request, "remove")
        )
        messages.success(request, _("Safeguarding lead removed."))
        return redirect("communities:safeguarding_leads", slug=slug)
    if request.method == "POST" and form.is_valid():
        person = next(m.user for m in member_list if str(m.user_id) == form.cleaned_data["member"])
        written = write_from_form(
            form,
            services.safeguarding_lead_assign,
            actor=request.user,
            community=community,
            user=person,
        )
        if written:
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
