"""The kinds of thread a community of practice starts, and the extra questions each asks.

Wenger's list of what communities of practice do (problem solving, requests for
information, seeking experience, reusing assets, building an argument, growing
confidence, discussing developments, documenting solutions, visits, mapping knowledge)
is the list of thread kinds. The kind shapes the form: each has a hint for the title and
body and zero or more extra fields, kept here as data so that the form, the API schema,
the thread page and the seeder all read the same definition.

What must stay true:

* Extra answers are stored in ``Thread.details`` (a JSON object keyed by ``ExtraField.name``)
  and every text answer goes through the confidentiality guard with the title and body.
* At most one extra field per kind has ``key_date=True``; its value is copied to
  ``Thread.key_date`` so lists can sort and filter on it (e.g. open requests for
  information whose "by when" date has not passed).
"""

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class ThreadKind(models.TextChoices):
    PROBLEM_SOLVING = "problem_solving", _("Problem solving")
    REQUEST_FOR_INFORMATION = "request_for_information", _("Request for information")
    SEEKING_EXPERIENCE = "seeking_experience", _("Seeking experience")
    REUSING_ASSETS = "reusing_assets", _("Reusing assets")
    BUILDING_AN_ARGUMENT = "building_an_argument", _("Building an argument")
    GROWING_CONFIDENCE = "growing_confidence", _("Growing confidence")
    DISCUSSING_DEVELOPMENTS = "discussing_developments", _("Discussing developments")
    DOCUMENTING_SOLUTIONS = "documenting_solutions", _("Documenting solutions")
    VISITS = "visits", _("Visits")
    MAPPING_KNOWLEDGE = "mapping_knowledge", _("Mapping knowledge")


@dataclass(frozen=True)
class ExtraField:
    name: str
    label: str
    kind: str = "text"  # "text" (one line), "textarea" or "date"
    required: bool = False
    help_text: str = ""
    max_length: int = 2000
    key_date: bool = False


@dataclass(frozen=True)
class KindSpec:
    kind: ThreadKind
    summary: str  # shown on the "what kind of thread" question
    title_hint: str
    body_label: str
    body_hint: str
    extra_fields: tuple[ExtraField, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return self.kind.label

    @property
    def key_date_field(self) -> ExtraField | None:
        return next((f for f in self.extra_fields if f.key_date), None)


KINDS: dict[str, KindSpec] = {
    spec.kind.value: spec
    for spec in (
        KindSpec(
            ThreadKind.PROBLEM_SOLVING,
            summary=_("You are stuck on something in your practice and want ideas."),
            title_hint=_("Say what the problem is in a sentence."),
            body_label=_("Describe the problem"),
            body_hint=_("What have you tried? Leave out anything that could identify a person."),
            extra_fields=(ExtraField("tried", _("What have you tried so far?"), "textarea"),),
        ),
        KindSpec(
            ThreadKind.REQUEST_FOR_INFORMATION,
            summary=_("You need a fact, a contact, a policy or a document."),
            title_hint=_("Say what you need to find out."),
            body_label=_("What do you need to know?"),
            body_hint=_("Say why you need it, so people can point you to the right source."),
            extra_fields=(
                ExtraField(
                    "needed_by",
                    _("By when do you need it?"),
                    "date",
                    help_text=_("Leave empty if there is no deadline."),
                    key_date=True,
                ),
            ),
        ),
        KindSpec(
            ThreadKind.SEEKING_EXPERIENCE,
            summary=_("You want to hear from someone who has dealt with this before."),
            title_hint=_("Say what experience you are looking for."),
            body_label=_("What are you facing?"),
            body_hint=_("Describe the situation in general terms."),
            extra_fields=(
                ExtraField(
                    "experience_wanted",
                    _("What kind of experience would help?"),
                    help_text=_("For example, someone who has run a joint visit with police."),
                ),
            ),
        ),
        KindSpec(
            ThreadKind.REUSING_ASSETS,
            summary=_("You are looking for, or sharing, a template, tool or resource."),
            title_hint=_("Name the resource you want or are offering."),
            body_label=_("Describe the resource"),
            body_hint=_("What is it for? Attach it if you are sharing it."),
            extra_fields=(
                ExtraField(
                    "offering_or_seeking",
                    _("Are you offering it or looking for it?"),
                    help_text=_("For example, offering a template we use for transfer meetings."),
                ),
            ),
        ),
        KindSpec(
            ThreadKind.BUILDING_AN_ARGUMENT,
            summary=_("You are gathering evidence or examples to make a case."),
            title_hint=_("Say what case you are making."),
            body_label=_("What is the argument?"),
            body_hint=_("Say who you need to convince and what evidence would help."),
            extra_fields=(
                ExtraField(
                    "audience",
                    _("Who do you need to convince?"),
                    help_text=_("For example, our heads of service."),
                ),
            ),
        ),
        KindSpec(
            ThreadKind.GROWING_CONFIDENCE,
            summary=_("You want to test an idea or a plan with peers before you act."),
            title_hint=_("Say what you want to check."),
            body_label=_("What are you thinking of doing?"),
            body_hint=_("It is fine to be unsure. Say what worries you."),
        ),
        KindSpec(
            ThreadKind.DISCUSSING_DEVELOPMENTS,
            summary=_("New guidance, law, research or a change in services to talk through."),
            title_hint=_("Name the development."),
            body_label=_("What has changed?"),
            body_hint=_("Link to the source if there is one."),
            extra_fields=(
                ExtraField(
                    "source_link",
                    _("Link to the source"),
                    help_text=_("A web address, if there is one."),
                ),
            ),
        ),
        KindSpec(
            ThreadKind.DOCUMENTING_SOLUTIONS,
            summary=_("Something worked and you want to write it down for others."),
            title_hint=_("Say what was solved."),
            body_label=_("Anything else people should know"),
            body_hint=_("For example, what you would do differently next time."),
            extra_fields=(
                ExtraField("problem", _("What was the problem?"), "textarea", required=True),
                ExtraField("what_worked", _("What worked?"), "textarea", required=True),
            ),
        ),
        KindSpec(
            ThreadKind.VISITS,
            summary=_("Arranging to visit another team or service, or reporting back on one."),
            title_hint=_("Say which team or service, and why."),
            body_label=_("What is the visit for?"),
            body_hint=_("Say what you hope to learn or show."),
            extra_fields=(
                ExtraField(
                    "place",
                    _("Where is the visit?"),
                    required=True,
                    help_text=_("The team or service and the town, not an address."),
                    max_length=200,
                ),
                ExtraField(
                    "visit_date", _("When is the visit?"), "date", required=True, key_date=True
                ),
            ),
        ),
        KindSpec(
            ThreadKind.MAPPING_KNOWLEDGE,
            summary=_("Finding who knows what, and where the gaps in our knowledge are."),
            title_hint=_("Name the topic you are mapping."),
            body_label=_("What do we know, and what is missing?"),
            body_hint=_("List what you know and where you think the gaps are."),
            extra_fields=(ExtraField("gaps", _("Where are the gaps?"), "textarea"),),
        ),
    )
}

assert set(KINDS) == set(ThreadKind.values)
assert all(sum(f.key_date for f in spec.extra_fields) <= 1 for spec in KINDS.values())


def spec_for(kind: str) -> KindSpec:
    return KINDS[kind]


def extra_texts(kind: str, details: dict) -> dict[str, str]:
    """The free-text answers in ``details`` the guard must scan, keyed by field name."""
    return {
        f"details.{f.name}": str(details.get(f.name) or "")
        for f in spec_for(kind).extra_fields
        if f.kind != "date"
    }
