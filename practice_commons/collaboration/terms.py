"""An agreement's terms as data, its canonical text and the SHA-256 of that text.

The canonical text is what every party accepts: the same terms always give the same
text (fixed order, normalised line ends and spaces), so the hash recorded with an
acceptance proves which words were accepted.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

TEXT_FIELDS = (
    "purpose",
    "communication_internal",
    "communication_external",
    "recognition",
    "data_sharing",
)
SHADOWING_TEXT_FIELDS = ("place", "ground_rules")
TEXT_MAX_LENGTH = 4000
MILESTONES_MAX = 20

LABELS = {
    "purpose": "Purpose (what)",
    "communication_internal": "How it is communicated inside each organisation",
    "communication_external": "How it is communicated outside",
    "recognition": "How each party's contribution is recognised and credited",
    "data_sharing": "Data-sharing notes",
    "place": "Place",
    "ground_rules": "Ground rules",
}


@dataclass
class Terms:
    purpose: str = ""
    responsibilities: list[str] = field(default_factory=list)  # one per party, in order
    milestones: list[tuple[dt.date, str]] = field(default_factory=list)
    communication_internal: str = ""
    communication_external: str = ""
    recognition: str = ""
    data_sharing: str = ""
    start_on: dt.date | None = None
    end_on: dt.date | None = None
    review_on: dt.date | None = None
    # work-shadowing
    place: str = ""
    ground_rules: str = ""
    hours: float = 0
    # Milestones as typed ("YYYY-MM-DD what", one a line): guarded first, then parsed by
    # ``resolve()`` (so identifying text is refused before any format error).
    milestone_lines: list[str] | None = None

    def resolve(self) -> "Terms":
        if self.milestone_lines is not None:
            self.milestones = parse_milestones("\n".join(self.milestone_lines))
            self.milestone_lines = None
        return self

    def as_json(self) -> dict:
        return {
            "purpose": self.purpose,
            "responsibilities": list(self.responsibilities),
            "milestones": [{"due_on": d.isoformat(), "title": t} for d, t in self.milestones],
            "communication_internal": self.communication_internal,
            "communication_external": self.communication_external,
            "recognition": self.recognition,
            "data_sharing": self.data_sharing,
            "start_on": self.start_on.isoformat() if self.start_on else None,
            "end_on": self.end_on.isoformat() if self.end_on else None,
            "review_on": self.review_on.isoformat() if self.review_on else None,
            "place": self.place,
            "ground_rules": self.ground_rules,
            "hours": self.hours,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Terms":
        def day(value):
            return dt.date.fromisoformat(value) if value else None

        return cls(
            purpose=data.get("purpose", ""),
            responsibilities=list(data.get("responsibilities", [])),
            milestones=[
                (dt.date.fromisoformat(m["due_on"]), m["title"]) for m in data.get("milestones", [])
            ],
            communication_internal=data.get("communication_internal", ""),
            communication_external=data.get("communication_external", ""),
            recognition=data.get("recognition", ""),
            data_sharing=data.get("data_sharing", ""),
            start_on=day(data.get("start_on")),
            end_on=day(data.get("end_on")),
            review_on=day(data.get("review_on")),
            place=data.get("place", ""),
            ground_rules=data.get("ground_rules", ""),
            hours=data.get("hours", 0) or 0,
        )

    def texts_for_guard(self) -> dict[str, str]:
        texts = {name: getattr(self, name) for name in TEXT_FIELDS + SHADOWING_TEXT_FIELDS}
        for index, text in enumerate(self.responsibilities):
            texts[f"responsibilities.{index}"] = text
        if self.milestone_lines is not None:
            texts["milestones"] = "\n".join(self.milestone_lines)
        else:
            texts["milestones"] = "\n".join(title for _day, title in self.milestones)
        return texts


def parse_milestones(text: str) -> list[tuple[dt.date, str]]:
    """``YYYY-MM-DD what`` one a line (a form's textarea) → sorted (date, title)."""
    found = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        day, _sep, title = line.partition(" ")
        try:
            due = dt.date.fromisoformat(day.strip().rstrip(":"))
        except ValueError:
            raise ValidationError(
                {
                    "milestones": _(
                        "Line %(n)s: start each milestone with its date as YYYY-MM-DD, "
                        "then what is due."
                    )
                    % {"n": number}
                }
            ) from None
        title = title.strip(" :-")
        if not title:
            raise ValidationError({"milestones": _("Line %(n)s: say what is due.") % {"n": number}})
        found.append((due, title[:150]))
    return sorted(found)


def milestones_text(milestones) -> str:
    return "\n".join(f"{d if isinstance(d, str) else d.isoformat()} {t}" for d, t in milestones)


def _clean(text: str) -> str:
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def validate(terms: Terms, *, parties: int, shadowing: bool = False) -> None:
    errors = {}
    if not shadowing and not terms.purpose.strip():
        errors["purpose"] = _("Say what the collaboration is for.")
    if shadowing and not terms.place.strip():
        errors["place"] = _("Say where the shadowing takes place.")
    missing = len(terms.responsibilities) != parties or any(
        not r.strip() for r in terms.responsibilities
    )
    if not shadowing and missing:
        errors["responsibilities"] = _("Give each party's responsibilities.")
    for name in TEXT_FIELDS + SHADOWING_TEXT_FIELDS:
        if len(getattr(terms, name)) > TEXT_MAX_LENGTH:
            errors[name] = _("Keep this to %(n)s characters.") % {"n": TEXT_MAX_LENGTH}
    if any(len(r) > TEXT_MAX_LENGTH for r in terms.responsibilities):
        errors["responsibilities"] = _("Keep each to %(n)s characters.") % {"n": TEXT_MAX_LENGTH}
    if len(terms.milestones) > MILESTONES_MAX:
        errors["milestones"] = _("At most %(n)s milestones.") % {"n": MILESTONES_MAX}
    if terms.start_on is None:
        errors["start_on"] = _("Enter the start date.")
    if terms.start_on and terms.end_on and terms.end_on < terms.start_on:
        errors["end_on"] = _("The end date must be on or after the start date.")
    if not shadowing and terms.review_on is None:
        errors["review_on"] = _("Enter a review date.")
    if terms.start_on and terms.review_on and terms.review_on < terms.start_on:
        errors["review_on"] = _("The review date must be on or after the start date.")
    if shadowing and not (0 < float(terms.hours or 0) <= 100):
        errors["hours"] = _("Enter the hours of shadowing, more than 0 and at most 100.")
    if errors:
        raise ValidationError(errors)


def canonical_text(*, title: str, kind_label: str, parties, terms: Terms) -> str:
    """``parties``: (organisation name, contact name) in the agreement's order."""
    out = [f"{kind_label}: {_clean(title)}", "", "Parties:"]
    for org, contact in parties:
        out.append(f"- {_clean(org)} (contact: {_clean(contact)})")

    def section(label, text):
        text = _clean(text)
        if text:
            out.extend(["", f"{label}:", text])

    section(LABELS["purpose"], terms.purpose)
    if terms.responsibilities:
        out.extend(["", "Responsibilities (who):"])
        for (org, _contact), text in zip(parties, terms.responsibilities, strict=False):
            out.append(f"- {_clean(org)}: {_clean(text)}")
    if terms.milestones:
        out.extend(["", "Milestones (when):"])
        out.extend(f"- {d.isoformat()}: {_clean(t)}" for d, t in terms.milestones)
    for name in TEXT_FIELDS[1:] + SHADOWING_TEXT_FIELDS:
        section(LABELS[name], getattr(terms, name))
    out.append("")
    out.append(f"Start: {terms.start_on.isoformat() if terms.start_on else '-'}")
    out.append(f"End: {terms.end_on.isoformat() if terms.end_on else '-'}")
    out.append(f"Review: {terms.review_on.isoformat() if terms.review_on else '-'}")
    if terms.hours:
        out.append(f"Hours: {terms.hours:g}")
    return "\n".join(out) + "\n"


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
