"""Pages of the communities app. Thin: parse the request, call a selector or a service,
render. Outsiders who may not see a community get 404 from ``selectors.community_for_reader``
(services raise ``core.errors.NotFound`` the same way); people who can see it but lack the
role get 403. Form writes go through ``confidentiality.forms.write_from_form``, which shows
a refused write (guard findings, validation errors) on the form.

One module per part of the app, all re-exported here for ``urls.py``: ``pages`` (the
directory, the community page, its rules), ``manage`` (create, edit, archive, restore,
edit the rules, safeguarding leads), ``membership`` (join, leave, accept rules, members,
manage a member, requests) and ``invitations``.
"""

from .invitations import (
    invitation,
    invitation_resend,
    invitation_withdraw,
    invitations,
    your_invitation,
)
from .manage import archive, create, edit, restore, rules_edit, safeguarding_leads
from .membership import (
    join,
    leave,
    member_manage,
    members,
    request_decide,
    requests,
    rules_accept,
)
from .pages import detail, directory, rules

__all__ = [
    "archive",
    "create",
    "detail",
    "directory",
    "edit",
    "invitation",
    "invitation_resend",
    "invitation_withdraw",
    "invitations",
    "join",
    "leave",
    "member_manage",
    "members",
    "request_decide",
    "requests",
    "restore",
    "rules",
    "rules_accept",
    "rules_edit",
    "safeguarding_leads",
    "your_invitation",
]
