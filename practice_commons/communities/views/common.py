"""What the communities pages share: the POST body, the facilitator check, and the
membership panel (drawn on the community page and swapped alone by htmx)."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from practice_commons.core.errors import NotFound, PermissionDenied

from .. import selectors
from ..forms import AcceptRulesForm, JoinForm
from ..models import Community, MembershipStatus

MEMBERS_PAGE_SIZE = 50


def posted(request):
    """The submitted data on POST (even if empty, so an empty form shows its errors)."""
    return request.POST if request.method == "POST" else None


def posted_id(request, name: str) -> int:
    """An id from the POST body; anything but a number is ``NotFound``, like a missing row."""
    try:
        return int(request.POST[name])
    except (KeyError, TypeError, ValueError) as exc:
        raise NotFound from exc


def require_moderator(request, community: Community) -> None:
    if not selectors.can_moderate(request.user, community):
        raise PermissionDenied(_("Only this community's facilitators can do that."))


def rules_version_initial(community: Community) -> dict:
    """The rules version the person is shown, so accepting a since-changed one is refused."""
    rules = community.current_rules
    return {"rules_version": rules.version if rules else None}


def membership_context(request, community: Community) -> dict:
    membership = selectors.any_membership_of(request.user, community)
    active = membership if membership and membership.status == MembershipStatus.ACTIVE else None
    can_join, join_reason = selectors.can_join(request.user, community)
    return {
        "community": community,
        "membership": membership,
        "active_membership": active,
        "can_join": can_join,
        "join_reason": join_reason,
        "needs_rules": selectors.needs_rules_acceptance(active, community),
        "join_form": JoinForm(initial=rules_version_initial(community)),
        "accept_form": AcceptRulesForm(initial=rules_version_initial(community)),
        "parent_member": (
            community.parent_id is None or selectors.is_member(request.user, community.parent)
        ),
    }


def membership_panel_response(
    request, community: Community, *, join_form=None, error="", announcement=""
):
    """The membership panel alone, for htmx. Errors answer 200 too: htmx swaps only 2xx.
    ``announcement`` is what the page's status region says (joined, left)."""
    context = membership_context(request, community)
    if join_form is not None:
        context["join_form"] = join_form
    context["panel_error"] = error
    context["announcement"] = announcement
    return render(request, "communities/includes/membership_panel.html", context)
