"""The demo programme: fixed, vetted text (``tests/test_seeding.py`` runs each text
through the confidentiality guard). Community keys come from
``communities.seeding_content``; organisations by name from the accounts seeder's head
list. ``day`` is days from today (negative: already happened); times are UK times."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoEvent:
    key: str
    title: str
    kind: str
    day: int
    start: str  # "HH:MM", UK time
    hours: float  # length
    description: str
    format: str = "in_person"
    venue: str = ""
    address: str = ""
    nation: str = "england"
    area: str = ""
    capacity: int | None = None
    audience: str = "signed_in"
    trial_allowed: bool = False
    community: str = ""  # communities seeding key
    organisation: str = ""  # organisation name
    co_hosts: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()  # profession slugs
    max_share: int | None = None
    cpd_hours: float = 0
    organiser: str = ""  # demo login key
    fill: float = 0.5  # share of places taken by generated people
    show_names: bool = False
    demo_registrations: dict[str, str] = field(default_factory=dict)  # login key -> status


ONLINE = "https://meet.example.org/practice-commons/"

DEMO_EVENTS = [
    DemoEvent(
        key="joint-neglect-leeds",
        title="Recognising neglect together: joint training for Leeds practitioners",
        kind="joint_training",
        day=9,
        start="09:30",
        hours=3.5,
        description=(
            "A half-day course in the rolling joint training programme. Social workers, "
            "health visitors, teachers and police officers work through the graded care "
            "profile together, compare thresholds and agree a shared language for "
            "describing neglect. Places are shared across agencies so every table is mixed."
        ),
        venue="Leeds Civic Hall, Committee Room 2",
        address="Calverley Street, Leeds",
        area="Leeds",
        capacity=24,
        organisation="Leeds City Council",
        co_hosts=("Leeds Community Healthcare NHS Trust", "West Yorkshire Police"),
        professions=("social-worker", "health-visitor", "teacher", "police-officer"),
        max_share=50,
        cpd_hours=3.5,
        organiser="org_admin",
        fill=0.9,
        demo_registrations={"member": "confirmed", "champion": "confirmed"},
    ),
    DemoEvent(
        key="joint-exploitation-online",
        title="Child criminal exploitation and county lines: a multi-agency briefing",
        kind="joint_training",
        day=16,
        start="13:30",
        hours=3,
        description=(
            "An online half-day for youth workers, teachers, police officers and social "
            "workers: how exploitation presents in each service, what each agency can do, "
            "and how to share concerns early. Part of the rolling joint training programme."
        ),
        format="online",
        nation="",
        capacity=60,
        organisation="West Yorkshire Police",
        co_hosts=("Leeds City Council",),
        professions=("youth-worker", "teacher", "police-officer", "social-worker"),
        max_share=40,
        cpd_hours=3,
        organiser="champion",
        fill=0.6,
        community="contextual",
    ),
    DemoEvent(
        key="conference-belfast",
        title="Northern Ireland relationship-based practice conference",
        kind="conference",
        day=40,
        start="09:00",
        hours=7,
        description=(
            "A day of keynotes and workshops on relationship-based practice across health "
            "and social care, education and the voluntary sector, with time to meet "
            "practitioners from other trusts."
        ),
        format="hybrid",
        venue="Riddel Hall",
        address="185 Stranmillis Road, Belfast",
        nation="northern_ireland",
        area="Belfast",
        capacity=150,
        organisation="Belfast Health and Social Care Trust",
        cpd_hours=6,
        fill=0.4,
    ),
    DemoEvent(
        key="reflective-cardiff",
        title="Wednesday reflective session",
        kind="reflective_session",
        day=5,
        start="12:30",
        hours=1.5,
        description=(
            "Our fortnightly reflective session in the flexible group format: one "
            "presenter brings an issue, each of us reflects on what it raises for us, and "
            "the presenter summarises. Group rules apply, including confidentiality and "
            "its limits."
        ),
        format="online",
        nation="wales",
        area="Cardiff",
        capacity=8,
        audience="members",
        trial_allowed=True,
        community="reflective-set",
        cpd_hours=1.5,
        organiser="facilitator",
        fill=0.75,
    ),
    DemoEvent(
        key="forum-glasgow",
        title="Glasgow child protection practitioners' forum",
        kind="practitioners_forum",
        day=12,
        start="16:00",
        hours=2,
        description=(
            "An open forum for everyone working in child protection in Glasgow: updates "
            "on the national guidance, a short case study discussion without identifying "
            "details, and time to ask each other questions."
        ),
        venue="The Lighthouse",
        address="11 Mitchell Lane, Glasgow",
        nation="scotland",
        area="Glasgow",
        capacity=40,
        community="scotland-cp",
        organisation="Glasgow City Council",
        cpd_hours=2,
        fill=0.5,
        show_names=True,
    ),
    DemoEvent(
        key="visit-youth-justice",
        title="Visit: a youth justice service's restorative practice hub",
        kind="visit",
        day=21,
        start="10:00",
        hours=3,
        description=(
            "A morning visit to see how a youth justice team runs restorative practice "
            "with schools and police, followed by questions with the team."
        ),
        venue="Youth justice service hub",
        address="Manchester",
        area="Manchester",
        capacity=12,
        audience="members",
        trial_allowed=True,
        community="youth-justice",
        cpd_hours=3,
        fill=1.0,
        demo_registrations={"member": "waitlisted"},
    ),
    DemoEvent(
        key="social-leeds",
        title="End-of-term social for practitioners across agencies",
        kind="social",
        day=25,
        start="17:30",
        hours=2,
        description=(
            "Informal drinks and food for anyone working with children and families in "
            "Leeds: a chance to put faces to the names on the other end of the phone."
        ),
        venue="Leeds Library Café",
        address="Municipal Buildings, Calverley Street, Leeds",
        area="Leeds",
        capacity=50,
        organisation="Leeds City Council",
        fill=0.3,
    ),
    DemoEvent(
        key="asye-meeting",
        title="ASYE cohort: community meeting",
        kind="community_meeting",
        day=7,
        start="15:00",
        hours=1,
        description=(
            "Monthly meeting of newly qualified social workers: progress, portfolios and "
            "peer support through the assessed and supported year."
        ),
        format="online",
        nation="",
        capacity=30,
        community="asye",
        cpd_hours=1,
        fill=0.5,
    ),
    DemoEvent(
        key="past-joint-training",
        title="Working with parental mental health: joint training",
        kind="joint_training",
        day=-14,
        start="09:30",
        hours=3,
        description=(
            "A half-day course for adult and children's services, health visitors and "
            "mental health nurses on thinking family when a parent is unwell."
        ),
        venue="Leeds Civic Hall",
        address="Calverley Street, Leeds",
        area="Leeds",
        capacity=30,
        organisation="Leeds City Council",
        professions=("social-worker", "health-visitor", "mental-health-nurse"),
        max_share=50,
        cpd_hours=3,
        organiser="org_admin",
        fill=0.8,
        demo_registrations={"member": "attended"},
    ),
]

SERIES = {
    "title": "Yorkshire practitioners' forum",
    "description": (
        "Every two months on the first Tuesday: practitioners from every agency in the "
        "region share what is working, raise what is not, and plan joint work. Bring a "
        "question or a piece of practice you are proud of."
    ),
    "kind": "practitioners_forum",
    "community": "cfdm-yorkshire",
    "organisation": "Leeds City Council",
    "venue": "Leeds Civic Hall",
    "address": "Calverley Street, Leeds",
    "area": "Leeds",
    "start": "18:00",
    "hours": 2,
    "capacity": 40,
    "cpd_hours": 2,
    "count": 6,
}

# For generated events at the larger scales. No place names in titles: the guard may
# read a town ("Milton Keynes") as a person's name.
GENERATED_TITLES = {
    "joint_training": [
        "Joint training: {topic}",
        "Multi-agency half-day: {topic}",
    ],
    "practitioners_forum": ["Practitioners' forum: {topic}"],
    "reflective_session": ["Reflective session: {topic}"],
    "community_meeting": ["Community meeting: {topic}"],
    "social": ["Practitioners' social: {topic} network"],
    "conference": ["Regional conference on {topic}"],
    "visit": ["Visit: {topic} in practice"],
}
GENERATED_TOPICS = [
    "neglect",
    "domestic abuse",
    "exploitation",
    "transitions to adulthood",
    "school attendance",
    "perinatal mental health",
    "kinship care",
    "court skills",
    "contextual safeguarding",
    "trauma-informed practice",
    "information sharing",
    "child sexual abuse",
    "adult safeguarding",
    "hoarding and self-neglect",
]
GENERATED_DESCRIPTION = (
    "A {kind} for practitioners across agencies on {topic}, with time to compare how each "
    "service works and to agree next steps together."
)
