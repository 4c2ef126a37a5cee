"""Small-number suppression: any figure that counts people, or is computed from fewer
than ``K`` people's answers, is published only when it covers at least ``K`` people."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

K = 10
FEWER_THAN_K = f"fewer than {K}"


@dataclass(frozen=True)
class Figure:
    """A figure that may be suppressed. ``value`` is ``None`` when suppressed; ``n`` is
    the number of people it is about (kept for the page's own checks, never shown when
    suppressed)."""

    value: float | int | None
    suppressed: bool = False
    about_people: bool = True

    @property
    def text(self) -> str:
        if self.suppressed:
            return _("fewer than %(k)s") % {"k": K}
        if self.value is None:
            return "–"
        return str(self.value)

    @property
    def change_text(self) -> str:
        """A change in words, so it never rests on colour or a sign alone."""
        if self.suppressed:
            return _("not shown (fewer than %(k)s people)") % {"k": K}
        if self.value is None:
            return "–"
        if self.value == 0:
            return _("no change")
        if self.value > 0:
            return _("up %(change)s") % {"change": f"{abs(self.value):g}"}
        return _("down %(change)s") % {"change": f"{abs(self.value):g}"}

    def as_json(self):
        return None if self.suppressed else self.value


def people(count: int) -> Figure:
    """A count of people: shown when 0 (it tells nothing about anyone) or at least K."""
    if 0 < count < K:
        return Figure(None, suppressed=True)
    return Figure(count)


def from_people(value, respondents: int) -> Figure:
    """A figure computed from ``respondents`` people (an average score, a share of
    people): suppressed under K respondents; ``None`` (no figure) with none."""
    if respondents == 0 or value is None:
        return Figure(None, suppressed=False)
    if respondents < K:
        return Figure(None, suppressed=True)
    return Figure(value)


def subset(count: int, *supersets: int | None) -> Figure:
    """A count of people who are all among each of ``supersets`` (people who posted,
    among the active members): hidden under K, and when a published superset (K or
    more) exceeds it by 1 to K-1, since the difference would count a few people."""
    if 0 < count < K:
        return Figure(None, suppressed=True)
    for whole in supersets:
        if whole is not None and whole >= K and 0 < whole - count < K:
            return Figure(None, suppressed=True)
    return Figure(count)


def behind(value, people: Figure) -> Figure:
    """A figure computed from the people counted by ``people`` (attendances of the
    attendees, the average score of the respondents): shown only when that count is."""
    if people.suppressed:
        return Figure(None, suppressed=True)
    if not people.value or value is None:
        return Figure(0 if value == 0 else None, about_people=False)
    return Figure(value, about_people=False)


def content(count) -> Figure:
    """A count of things (threads, events, solutions), not people: never suppressed."""
    return Figure(count, about_people=False)


def change(this: Figure, previous: Figure) -> Figure:
    """This period minus the previous one; suppressed if either side is, and for a
    count of people when the difference itself is 1 to 9 people, so the difference
    never reveals a suppressed figure."""
    if this.suppressed or previous.suppressed:
        return Figure(None, suppressed=True, about_people=this.about_people)
    if this.value is None or previous.value is None:
        return Figure(None, about_people=this.about_people)
    diff = this.value - previous.value
    if this.about_people and isinstance(diff, int) and 0 < abs(diff) < K:
        # 24 members against 17 would reveal 7 joiners that "new members" hides.
        return Figure(None, suppressed=True)
    if isinstance(diff, float):
        diff = round(diff, 1)
    return Figure(diff, about_people=this.about_people)
