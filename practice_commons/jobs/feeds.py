"""``/jobs/feed.atom``: open listings as a visitor sees the jobs board (``selectors.
jobs_list``: open and on or before their closing date, so closed, expired and withdrawn
listings never appear), newest first."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from practice_commons.core.feeds import FEED_ENTRIES, PublicAtomFeed, summary

from . import selectors
from .models import Job


class JobsFeed(PublicAtomFeed):
    title = gettext_lazy("Jobs — Practice Commons")
    subtitle = gettext_lazy("Open posts in social work and the agencies around it, newest first.")

    def link(self) -> str:
        return reverse("jobs:list")

    def items(self) -> list[Job]:
        # The board's own rule (open, not past the closing date); newest listing first.
        return list(selectors.jobs_list().order_by("-created_at", "-pk")[:FEED_ENTRIES])

    def item_title(self, item: Job) -> str:
        return f"{item.title}, {item.organisation.name}"

    def item_description(self, item: Job) -> str:
        facts = [
            _("Employer: %(name)s.") % {"name": item.organisation.name},
            _("Location: %(place)s.") % {"place": item.location},
            item.get_contract_type_display() + ".",
        ]
        if item.salary_display:
            facts.append(_("Salary: %(salary)s.") % {"salary": item.salary_display})
        day = item.closes_on
        facts.append(_("Closes %(date)s.") % {"date": f"{day.day} {day:%B %Y}"})
        return summary(" ".join(facts), item.description)

    def item_author_name(self, item: Job) -> str:
        # The employer, as the board and the listing show it.
        return item.organisation.name

    def item_pubdate(self, item: Job):
        return item.created_at

    def item_updateddate(self, item: Job):
        return item.updated_at

    def item_categories(self, item: Job) -> list[str]:
        return [item.profession.name, item.get_contract_type_display()]
