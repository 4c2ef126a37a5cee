"""Generated, fictional names for schools, charities and private providers in demo data,
so no demo row claims to speak for a real small organisation; and the demo host."""

from .places import ENGLAND, NORTHERN_IRELAND, SCOTLAND, WALES

SCHOOL_STEMS = [
    "Oakfield",
    "Beechwood",
    "Riverside",
    "Hillside",
    "Meadowbank",
    "Greenfield",
    "Westfield",
    "Parkside",
    "Brookfield",
    "Ashgrove",
    "Kingsmead",
    "Millbrook",
    "Fernhill",
    "Hollybank",
    "Larchwood",
    "Moorside",
    "Northgate",
    "Southfields",
    "Elmwood",
    "Rosehill",
    "Thornbury",
    "Willowdene",
    "Castle View",
    "Valley Road",
    "Church Lane",
    "Springfield",
    "Highfield",
    "Lowfield",
    "Broadmeadow",
    "Heatherbrae",
    "Birchwood",
    "Cherry Tree",
    "St Mary's",
    "St Joseph's",
    "Holy Trinity",
    "St Andrew's",
    "St Bride's",
    "Our Lady's",
    "St John's",
    "All Saints",
]
SCHOOL_KINDS = {
    ENGLAND: [
        "Primary School",
        "Academy",
        "High School",
        "Community Primary School",
        "Infant School",
        "Junior School",
        "Secondary School",
        "Church of England Primary",
    ],
    SCOTLAND: ["Primary School", "High School", "Academy", "Nursery School"],
    WALES: ["Primary School", "Comprehensive School", "High School", "Community School"],
    NORTHERN_IRELAND: ["Primary School", "College", "Grammar School", "High School"],
}
WELSH_MEDIUM_SCHOOLS = [
    "Ysgol Pen y Bryn",
    "Ysgol Maes y Coed",
    "Ysgol Bryn Coch",
    "Ysgol Glan yr Afon",
    "Ysgol Y Wern",
    "Ysgol Tan y Castell",
    "Ysgol Cwm Glas",
    "Ysgol Pant y Celyn",
    "Ysgol Llwyn Onn",
    "Ysgol Coed y Dderwen",
]

CHARITY_SERVICES = [
    "Family Support",
    "Young Carers Project",
    "Kinship Carers Network",
    "Domestic Abuse Service",
    "Youth Project",
    "Parent and Baby Service",
    "Refugee Family Support",
    "Early Help Partnership",
    "Care Leavers Trust",
    "Community Mental Health Project",
    "Homeless Young People's Service",
    "Families Together",
    "Advocacy Service",
    "Child Bereavement Service",
    "Substance Misuse Family Service",
    "Disabled Children's Network",
]
CHARITY_NAMES = [
    "Brighter Futures",
    "Families First",
    "Open Door",
    "Stepping Stones",
    "New Horizons",
    "Safe Harbour",
    "Lighthouse Family Trust",
    "Kinship Together",
    "Youth Voices",
    "The Bridges Project",
    "Compass Family Action",
    "Anchor Children's Trust",
    "Pathways to Independence",
    "Foundations for Families",
    "Hearth and Home",
]

PRIVATE_STEMS = [
    "Brightpath",
    "Evergreen",
    "Harbourview",
    "Keystone",
    "Northstar",
    "Willowbrook",
    "Silverbirch",
    "Amberleigh",
    "Clearwater",
    "Rowan Tree",
    "Cedarwood",
    "Foxglove",
    "Heathfield",
    "Juniper",
    "Lakeside",
    "Maplewood",
    "Oakleaf",
    "Pinewood",
    "Summit",
]
PRIVATE_SERVICES = [
    "Fostering",
    "Children's Homes",
    "Supported Living",
    "Care Services",
    "Therapeutic Care",
    "Family Assessment Centre",
]

HOST_ORGANISATION = ("Cross-Agency Practice Association", "London")

DESCRIPTIONS = {
    "local_authority": "Children's and adult social care, early help and education services "
    "for {area}.",
    "nhs_body": "Community health, health visiting, school nursing and mental health "
    "services across {area}.",
    "police_force": "Policing for {area}, including public protection and safeguarding teams.",
    "school": "A school in {area} with a designated safeguarding lead and pastoral team.",
    "charity": "A voluntary sector service in {area} working alongside statutory agencies.",
    "university": "Qualifying and post-qualifying education for social work and allied "
    "professions, {area}.",
    "private_provider": "An independent provider commissioned by local authorities in and "
    "around {area}.",
    "professional_body": "The professional association that hosts Practice Commons: "
    "communities of practice across agencies and all four nations.",
}
