"""The library API's schemas (split from ``api.py`` to keep modules short)."""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from practice_commons.core.api_pagination import next_field
from practice_commons.core.api_schemas import (
    Choice,
    Slug,
    example,
    name_field,
    optional_name_field,
)

from .models import (
    SUMMARY_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    EndorsementKind,
    ItemKind,
)

Alias = Annotated[str, Field(max_length=80)]
Link = Annotated[str, Field(max_length=500)]


class VersionOut(Schema):
    number: int
    created_at: datetime
    data: dict


class ItemOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    summary: str
    title_cy: str = Field(..., description="The title in Welsh; empty when there is none.")
    summary_cy: str = Field(..., description="The summary in Welsh; empty when there is none.")
    community: str | None = Field(
        None, description="The community's slug; null for host-wide items."
    )
    topics: list[str]
    professions: list[str]
    nations: list[str]
    age_groups: list[str]
    pcf_domains: list[str]
    agencies: list[str]
    organisations: list[str]
    review_by: date | None
    may_be_out_of_date: bool
    updated_at: datetime
    published_at: datetime | None
    version: int
    endorsements: int
    celebrations: int
    url: str
    link: str
    link_status: str
    source_thread_id: int | None


class ItemDetailOut(ItemOut):
    context: str
    what_was_done: str
    outcomes: str
    evidence: str
    before_trying: str
    versions: list[VersionOut]


class ItemListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[ItemOut]
    next: str | None = next_field()


class ItemIn(Schema):
    model_config = example(
        {
            "kind": "practice_example",
            "community": "riverside-safeguarding",
            "title": "Joint home visits with health visitors for new birth notifications",
            "summary": "A social worker and a health visitor visit together within ten days "
            "of a pre-birth assessment, so the family tells its story once.",
            "title_cy": "Ymweliadau cartref ar y cyd gydag ymwelwyr iechyd",
            "summary_cy": "Mae gweithiwr cymdeithasol ac ymwelydd iechyd yn ymweld gyda'i "
            "gilydd, fel bod y teulu'n dweud ei stori unwaith.",
            "context": "Families said they repeated themselves to four professionals.",
            "what_was_done": "A shared visit template and a fortnightly joint slot.",
            "outcomes": "Fewer missed appointments over six months; parents said it felt "
            "less like being checked on.",
            "topics": ["early-help"],
            "professions": ["social-worker", "health-visitor"],
            "nations": ["england"],
            "age_groups": ["early_years"],
            "pcf_domains": ["skills_and_interventions"],
            "agencies": ["local_authority", "nhs_body"],
            "review_by": "2028-01-31",
            "submit": True,
        }
    )

    kind: ItemKind = Field(
        ..., description="practice_example or resource (solutions are made from solved threads)."
    )
    community: Slug | None = None
    title: name_field("Title", TITLE_MAX_LENGTH)
    summary: str = Field(..., max_length=SUMMARY_MAX_LENGTH)
    title_cy: optional_name_field("Title in Welsh", TITLE_MAX_LENGTH) = Field(
        "", description="The title in Welsh (optional; shown to people reading in Welsh)."
    )
    summary_cy: str = Field(
        "", max_length=SUMMARY_MAX_LENGTH, description="The summary in Welsh (optional)."
    )
    context: str = Field("", max_length=TEXT_MAX_LENGTH)
    what_was_done: str = Field("", max_length=TEXT_MAX_LENGTH)
    outcomes: str = Field("", max_length=TEXT_MAX_LENGTH)
    evidence: str = Field("", max_length=TEXT_MAX_LENGTH)
    before_trying: str = Field("", max_length=TEXT_MAX_LENGTH)
    url: str = Field("", max_length=500)
    topics: list[Slug] = Field(default_factory=list, max_length=20)
    professions: list[Slug] = Field(default_factory=list, max_length=20)
    organisations: list[Slug] = Field(default_factory=list, max_length=10)
    nations: list[Choice] = Field(default_factory=list, max_length=4)
    age_groups: list[Choice] = Field(default_factory=list, max_length=10)
    pcf_domains: list[Choice] = Field(default_factory=list, max_length=9)
    agencies: list[Choice] = Field(default_factory=list, max_length=10)
    review_by: date | None = None
    submit: bool = Field(False, description="Send for publication (review) at once.")
    confidentiality_acknowledged: bool = False


class EndorsementIn(Schema):
    model_config = example(
        {"kind": "endorse", "note": "We tried this in our locality team; it worked for us too."}
    )

    kind: EndorsementKind = EndorsementKind.ENDORSE
    note: str = Field("", max_length=500)
    confidentiality_acknowledged: bool = False


class EndorsementOut(Schema):
    id: int
    kind: str
    note: str
    endorsements: int
    celebrations: int


class TermOut(Schema):
    id: int
    term: str
    slug: str
    definition: str
    status: str
    also_known_as: list[str]
    equivalents: str
    professions: list[str]
    nations: list[str]
    links: list[str]


class TermListOut(Schema):
    count: int
    limit: int
    offset: int
    items: list[TermOut]
    next: str | None = next_field()


class TermIn(Schema):
    model_config = example(
        {
            "term": "Team around the family",
            "definition": "The practitioners from different agencies who work with a family "
            "under an early help plan, meeting to agree who does what.",
            "also_known_as": ["TAF"],
            "equivalents": "In Scotland, closest to the team around the child (GIRFEC).",
            "professions": ["social-worker", "teacher"],
            "nations": ["england", "wales"],
            "links": [
                "https://www.gov.uk/government/publications/working-together-to-safeguard-children--2"
            ],
        }
    )

    term: name_field("Term", 80)
    definition: str = Field(..., max_length=1500)
    also_known_as: list[Alias] = Field(default_factory=list, max_length=10)
    equivalents: str = Field("", max_length=500)
    professions: list[Slug] = Field(default_factory=list, max_length=20)
    nations: list[Choice] = Field(default_factory=list, max_length=4)
    links: list[Link] = Field(default_factory=list, max_length=5)
    confidentiality_acknowledged: bool = False


class MapRowOut(Schema):
    topic: str
    topic_slug: str
    counts: dict[str, int]
    questions: int
    open_requests: int
    unanswered: int
    repeated: list[dict]
    no_solution: bool
    gaps: list[str]


class MapOut(Schema):
    community: str | None
    unanswered_days: int
    kinds: list[str]
    topics: list[MapRowOut]


class ItemPatchIn(Schema):
    """Only the fields sent change; lists replace the item's tags."""

    model_config = example(
        {
            "summary": "Joint visits within ten days of a pre-birth assessment.",
            "summary_cy": "Ymweliadau ar y cyd o fewn deg diwrnod i asesiad cyn geni.",
            "review_by": "2028-06-30",
        }
    )

    title: name_field("Title", TITLE_MAX_LENGTH) | None = None
    summary: str | None = Field(None, max_length=SUMMARY_MAX_LENGTH)
    title_cy: optional_name_field("Title in Welsh", TITLE_MAX_LENGTH) | None = Field(
        None, description="The title in Welsh; empty removes it."
    )
    summary_cy: str | None = Field(
        None, max_length=SUMMARY_MAX_LENGTH, description="The summary in Welsh; empty removes it."
    )
    context: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    what_was_done: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    outcomes: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    evidence: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    before_trying: str | None = Field(None, max_length=TEXT_MAX_LENGTH)
    url: str | None = Field(None, max_length=500)
    topics: list[Slug] | None = Field(None, max_length=20)
    professions: list[Slug] | None = Field(None, max_length=20)
    organisations: list[Slug] | None = Field(None, max_length=10)
    nations: list[Choice] | None = Field(None, max_length=4)
    age_groups: list[Choice] | None = Field(None, max_length=10)
    pcf_domains: list[Choice] | None = Field(None, max_length=9)
    agencies: list[Choice] | None = Field(None, max_length=10)
    review_by: date | None = None
    publish: bool = Field(
        False,
        description="For a documented solution not yet published: save the changes and "
        "publish it in one step (the community already accepted the answer).",
    )
    confidentiality_acknowledged: bool = False


class ItemReviewIn(Schema):
    model_config = example(
        {"decision": "return", "note": "Please say what the family's feedback was based on."}
    )

    decision: Literal["approve", "return"] = Field(
        ..., description="approve publishes the item; return sends it back to its writer."
    )
    note: str = Field("", max_length=2000, description="What to change (needed to return an item).")
    confidentiality_acknowledged: bool = False


class ItemReflectionOut(Schema):
    item_id: int
    reflected: bool


class TermDecisionIn(Schema):
    model_config = example({"decision": "approve"})

    decision: Literal["approve", "decline"]
