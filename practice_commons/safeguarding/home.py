"""The home page's moderation block (``core.home``): open reports waiting for the
person, for safeguarding leads, people reports are routed to and host admins; nobody
else sees it. Whether reports wait for the person and whether they are a lead are facts
read with them (``core.facts``): one query for a host admin or someone with reports
waiting, none for anyone else."""

from django.urls import reverse
from django.utils.translation import gettext as _

from practice_commons.core.facts import fact
from practice_commons.core.home import (
    MAX_ITEMS,
    NEEDS,
    Block,
    Item,
    Link,
    register_block,
    short_date,
)

from . import selectors


def open_reports_for(user) -> list | None:
    """Open reports for the person to review, newest first, or ``None`` when they review
    none (not a host admin, not a lead, nothing routed to them)."""
    if user.is_host_admin or fact(user, "reports_routed"):
        return list(selectors.reports_for_moderator(user).prefetch_related(None)[:MAX_ITEMS])
    if fact(user, "safeguarding_lead"):
        return []
    return None


def reports_waiting(user) -> Block | None:
    reports = open_reports_for(user)
    if reports is None:
        return None
    items = [
        Item(
            _("Report %(n)s: %(reason)s")
            % {"n": report.pk, "reason": str(report.get_reason_display()).split(":")[0]},
            reverse("safeguarding:report_detail", args=[report.pk]),
            detail=_("Reported %(date)s · %(status)s")
            % {"date": short_date(report.created_at), "status": report.get_status_display()},
            tag=_("Content held") if report.is_held else "",
        )
        for report in reports
    ]
    return Block(
        title=_("Reports waiting for you"),
        items=items,
        empty=_("No reports are waiting for you."),
        empty_link=Link(_("Moderation queue"), reverse("safeguarding:queue")),
        see_all=Link(_("Moderation queue"), reverse("safeguarding:queue")) if items else None,
    )


register_block("reports_waiting", reports_waiting, section=NEEDS, order=55)
