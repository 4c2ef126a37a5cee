"""The demo communities: fixed, vetted text (``tests/test_seeding.py`` runs every text
through the confidentiality guard). Keys name people from ``accounts.seeding.DEMO_LOGINS``."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoCommunity:
    key: str
    name: str
    purpose: str
    domain: str
    practice: str
    visibility: str
    joining: str
    professions: tuple[str, ...]
    nations: tuple[str, ...]
    areas: str
    topics: tuple[str, ...]
    rhythm: str
    members: dict[str, int]  # members per scale: small, large, national
    anonymous: bool = False
    parent: str = ""
    host: bool = False  # hosted by the host organisation
    # demo login key -> role ("owner", "facilitator", "member", "lead" = member + safeguarding lead)
    demo_roles: dict[str, str] = field(default_factory=dict)
    coordinators: tuple[str, ...] = ()


SIZES_SMALL = {"small": 24, "large": 400, "national": 2500}
SIZES_MEDIUM = {"small": 14, "large": 150, "national": 800}
SIZES_SET = {"small": 8, "large": 8, "national": 8}

DEMO_COMMUNITIES = [
    DemoCommunity(
        key="cfdm",
        name="Children and families decision-making",
        purpose="Practitioners across agencies thinking together about the hardest decisions "
        "in work with children and families.",
        domain="How we weigh risk, strengths and the child's voice when decisions are hard: "
        "thresholds, step-up and step-down, and working with uncertainty.",
        practice="Short case-free discussions of dilemmas, shared decision tools, and "
        "documented solutions that others can reuse.",
        visibility="public",
        joining="open",
        professions=(
            "social-worker",
            "health-visitor",
            "teacher",
            "police-officer",
            "school-nurse",
        ),
        nations=("england",),
        areas="",
        host=True,
        topics=("Decision-making", "Child protection", "Analysis and risk"),
        rhythm="Every second Tuesday, 12:30 to 13:30, online",
        members=SIZES_SMALL,
        demo_roles={
            "org_admin": "owner",
            "facilitator": "facilitator",
            "member": "member",
            "safeguarding_lead": "lead",
            "non_member": "member",
        },
        coordinators=("Events coordinator", "Library coordinator"),
    ),
    DemoCommunity(
        key="cfdm-yorkshire",
        name="Yorkshire and the Humber decision-making set",
        purpose="A regional set of the decision-making community meeting in person.",
        domain="Decision-making with children and families in Yorkshire and the Humber.",
        practice="Face-to-face reflective sessions and visits between local teams.",
        visibility="public",
        joining="open",
        parent="cfdm",
        professions=("social-worker", "health-visitor", "teacher"),
        nations=("england",),
        areas="Yorkshire and the Humber",
        topics=("Decision-making",),
        rhythm="Monthly, first Wednesday, 10:00 to 12:00, in Leeds",
        members=SIZES_MEDIUM,
        demo_roles={"org_admin": "owner", "member": "member"},
    ),
    DemoCommunity(
        key="reflective-set",
        name="Wednesday reflective set",
        purpose="A closed reflective set of eight using the flexible group format.",
        domain="What our work stirs up in us, and how we stay curious and well.",
        practice="One presenter brings an issue, each member reflects on what it raises for "
        "them, then the presenter summarises. No advice, no case scrutiny.",
        visibility="private",
        joining="invitation",
        parent="cfdm",
        professions=("social-worker",),
        nations=("england",),
        areas="Leeds",
        topics=("Reflective practice",),
        rhythm="Every six weeks, Wednesday 09:30 to 11:30, online",
        members=SIZES_SET,
        demo_roles={"facilitator": "owner", "member": "member"},
    ),
    DemoCommunity(
        key="amhp",
        name="AMHP leads",
        purpose="Leads of approved mental health professional services sharing practice and "
        "rotas, and thinking through the law together.",
        domain="Running AMHP services: the Mental Health Act in practice, bed pressures, "
        "workforce and the wellbeing of AMHPs.",
        practice="Requests for information between services, shared protocols and a map of "
        "who knows what.",
        visibility="members_only",
        joining="request",
        anonymous=True,
        professions=("social-worker", "mental-health-nurse"),
        nations=("england", "wales"),
        areas="",
        topics=("Mental Health Act", "AMHP practice"),
        rhythm="First Thursday of the month, 10:00 to 11:30, online",
        members=SIZES_MEDIUM,
        demo_roles={"facilitator": "facilitator", "safeguarding_lead": "lead"},
        coordinators=("Rota coordinator",),
    ),
    DemoCommunity(
        key="psw",
        name="Principal social workers network",
        purpose="Principal social workers building the argument for good practice in their "
        "organisations.",
        domain="Practice leadership, quality assurance and the voice of practitioners in "
        "senior decisions.",
        practice="Building arguments with evidence, sharing practice frameworks and visits "
        "between authorities.",
        visibility="members_only",
        joining="request",
        host=True,
        professions=("social-worker",),
        nations=(),
        areas="",
        topics=("Practice leadership", "Quality assurance"),
        rhythm="Quarterly, in person in Leeds and online",
        members=SIZES_MEDIUM,
        demo_roles={"host_admin": "owner", "org_admin": "member"},
    ),
    DemoCommunity(
        key="youth-justice",
        name="Youth justice practitioners",
        purpose="Youth justice workers, police and social workers learning from each other "
        "about diversion and desistance.",
        domain="Work with children in or on the edge of the justice system: diversion, "
        "out-of-court disposals and trauma-informed practice.",
        practice="Problem-solving threads, shared resources and joint training.",
        visibility="public",
        joining="open",
        professions=("social-worker", "youth-worker", "police-officer", "probation-officer"),
        nations=("england", "wales"),
        areas="",
        topics=("Youth justice", "Child criminal exploitation"),
        rhythm="Monthly, last Wednesday, 14:00 to 15:30, online",
        members=SIZES_SMALL,
        demo_roles={"champion": "facilitator"},
    ),
    DemoCommunity(
        key="early-help",
        name="Early help and CAF practitioners",
        purpose="Everyone who leads early help assessments and team around the family "
        "meetings, whatever their agency.",
        domain="Early help: assessments, team around the family, and stepping support up "
        "and down with families' consent.",
        practice="Reusing good assessment examples, growing confidence as lead "
        "professionals, and mapping local services.",
        visibility="public",
        joining="open",
        professions=(
            "health-visitor",
            "teacher",
            "early-years-practitioner",
            "school-nurse",
            "youth-worker",
            "social-worker",
        ),
        nations=("england",),
        areas="",
        topics=("Early help", "Team around the family"),
        rhythm="Every other Monday, 12:00 to 13:00, online",
        members=SIZES_SMALL,
        demo_roles={"member": "facilitator", "non_member": "member"},
        coordinators=("Newsletter coordinator",),
    ),
    DemoCommunity(
        key="asye",
        name="Newly qualified social workers (ASYE)",
        purpose="A supportive space for social workers in their assessed and supported year "
        "in employment.",
        domain="The first year in practice: confidence, supervision, workload and building "
        "a professional identity.",
        practice="Growing confidence together, questions asked without fear, and experienced "
        "colleagues dropping in to share their own first years.",
        visibility="public",
        joining="open",
        anonymous=True,
        professions=("social-worker",),
        nations=(),
        areas="",
        topics=("ASYE", "Supervision", "Wellbeing"),
        rhythm="Weekly drop-in, Fridays 13:00 to 13:45, online",
        members=SIZES_SMALL,
        demo_roles={"facilitator": "facilitator"},
    ),
    DemoCommunity(
        key="kinship",
        name="Kinship care practice",
        purpose="Practitioners supporting kinship carers and special guardians.",
        domain="Kinship care: assessments, support plans, contact and the needs of carers "
        "who are also grandparents, aunts and siblings.",
        practice="Seeking experience from other areas, sharing support plan templates and "
        "documenting what works.",
        visibility="public",
        joining="request",
        professions=("social-worker",),
        nations=("england", "wales", "scotland"),
        areas="",
        topics=("Kinship care", "Special guardianship"),
        rhythm="Second Thursday of the month, 15:00 to 16:00, online",
        members=SIZES_MEDIUM,
        demo_roles={"facilitator": "owner"},
        coordinators=("Visits coordinator",),
    ),
    DemoCommunity(
        key="contextual",
        name="Contextual safeguarding across agencies",
        purpose="Police, schools, youth work and social work tackling harm outside the home "
        "together.",
        domain="Extra-familial harm: peer groups, schools, neighbourhoods and online spaces, "
        "and how agencies assess and change those contexts.",
        practice="Joint problem solving, visits to areas using the approach, and a map of "
        "local knowledge and gaps.",
        visibility="public",
        joining="open",
        professions=(
            "social-worker",
            "police-officer",
            "teacher",
            "youth-worker",
            "housing-officer",
        ),
        nations=("england",),
        areas="",
        topics=("Contextual safeguarding", "County lines"),
        rhythm="Every third Tuesday, 10:00 to 11:00, online",
        members=SIZES_SMALL,
        demo_roles={"org_admin": "owner", "champion": "facilitator"},
    ),
    DemoCommunity(
        key="scotland-cp",
        name="Scottish child protection practice",
        purpose="Practitioners in Scotland applying the national child protection guidance.",
        domain="Child protection in Scotland: interagency referral discussions, GIRFEC and "
        "the child's plan.",
        practice="Sharing local procedures and learning reviews, and reflective sessions.",
        visibility="members_only",
        joining="open",
        professions=("social-worker", "health-visitor", "police-officer", "teacher"),
        nations=("scotland",),
        areas="",
        topics=("Child protection", "GIRFEC"),
        rhythm="Monthly, second Monday, 13:00 to 14:00, online",
        members=SIZES_MEDIUM,
        demo_roles={"safeguarding_lead": "owner"},
    ),
]

# Themes and areas for the generated regional communities at the larger scales.
THEMES = [
    ("early help network", "Early help", ("health-visitor", "teacher", "social-worker")),
    ("child protection practice", "Child protection", ("social-worker", "police-officer")),
    ("kinship carers' practitioners", "Kinship care", ("social-worker",)),
    ("adult safeguarding forum", "Adult safeguarding", ("social-worker", "mental-health-nurse")),
    ("youth work and social work", "Youth justice", ("youth-worker", "social-worker")),
    ("schools and social care", "Education", ("teacher", "social-worker", "school-nurse")),
]
RHYTHMS = [
    "Monthly, first Tuesday, 12:30 to 13:30, online",
    "Every other Thursday, 16:00 to 17:00, online",
    "Every six weeks, in person",
    "Quarterly, in person and online",
]
