"""The demo logins: one account for each role, with fixed emails and one shared password.

Roles that belong to higher apps (facilitator, safeguarding lead) are granted by those
apps' own seeders, which find the account in ``ctx.demo_users[key]``."""

from dataclasses import dataclass

DEMO_PASSWORD = "practice-commons-demo"  # noqa: S105 - published in the README on purpose
DEMO_DOMAIN = "practicecommons.example"
DEMO_EMAIL_SUFFIX = ".example"  # every generated address ends so; nobody can receive them


@dataclass(frozen=True)
class DemoLogin:
    key: str
    role: str
    email: str
    full_name: str
    pronouns: str
    profession: str  # slug
    organisation: str  # name, from HEAD_ORGANISATIONS
    org_role: str
    host_membership: str
    host_admin: bool = False
    expertise: tuple[str, ...] = ()


DEMO_LOGINS = [
    DemoLogin(
        "host_admin",
        "Host admin",
        f"admin@{DEMO_DOMAIN}",
        "Priya Natarajan",
        "she/her",
        "social-worker",
        "Cross-Agency Practice Association",
        "admin",
        "member",
        host_admin=True,
        expertise=("Practice education",),
    ),
    DemoLogin(
        "org_admin",
        "Organisation admin",
        f"orgadmin@{DEMO_DOMAIN}",
        "Gareth Hughes",
        "he/him",
        "social-worker",
        "Leeds City Council",
        "admin",
        "member",
        expertise=("Contextual safeguarding", "Family group conferencing"),
    ),
    DemoLogin(
        "champion",
        "Organisation champion",
        f"champion@{DEMO_DOMAIN}",
        "Amara Okafor",
        "she/her",
        "police-officer",
        "West Yorkshire Police",
        "champion",
        "member",
        expertise=("County lines", "Missing children", "Child criminal exploitation"),
    ),
    DemoLogin(
        "safeguarding_lead",
        "Safeguarding lead",
        f"safeguarding@{DEMO_DOMAIN}",
        "Fiona Campbell",
        "",
        "social-worker",
        "Glasgow City Council",
        "member",
        "member",
        expertise=("Neglect", "Court work"),
    ),
    DemoLogin(
        "facilitator",
        "Community facilitator",
        f"facilitator@{DEMO_DOMAIN}",
        "Rhys Llewellyn",
        "he/him",
        "social-worker",
        "Cardiff Council",
        "member",
        "member",
        expertise=("Kinship care", "Relationship-based practice"),
    ),
    DemoLogin(
        "member",
        "Member practitioner",
        f"member@{DEMO_DOMAIN}",
        "Sarah Thompson",
        "she/her",
        "health-visitor",
        "Leeds Community Healthcare NHS Trust",
        "member",
        "member",
        expertise=("Perinatal mental health", "Safe sleep"),
    ),
    DemoLogin(
        "non_member",
        "Non-member practitioner",
        f"nonmember@{DEMO_DOMAIN}",
        "Daniel Mensah",
        "",
        "teacher",
        "Oakfield Primary School, Leeds",
        "member",
        "non_member",
        expertise=("SEND", "School attendance"),
    ),
]

SEEDED_MARKER_EMAIL = DEMO_LOGINS[0].email


def logins_table(indent: str = "  ") -> str:
    width = max(len(d.role) for d in DEMO_LOGINS) + 2
    lines = [f"{indent}Demo logins (password for all: {DEMO_PASSWORD})"]
    lines += [f"{indent}  {d.role:<{width}}{d.email}" for d in DEMO_LOGINS]
    return "\n".join(lines)
