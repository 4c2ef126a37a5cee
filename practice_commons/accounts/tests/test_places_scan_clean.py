"""UK places and public bodies are not people's names: the gazetteer (``uk_places.txt``)
and the organisation rule (a capitalised phrase ending in "Council", "Trust", "Police"...).

Found when profiles failed to save: "Leeds City Council" flagged "Council", "Milton
Keynes" and "Angus" flagged as names. The real public bodies come from the demo data
(``accounts.seeding.places``), so every council, health body, police force and
university a demo profile can name is checked, on its own and in a sentence. Names in
strong personal context ("her son Kingston", "Mrs Merton said") are still found.
"""

import pytest

from practice_commons.accounts.seeding.places import (
    LOCAL_AUTHORITIES,
    NHS_BODIES,
    POLICE_FORCES,
    UNIVERSITIES,
    council_area,
)
from practice_commons.confidentiality.scanner import scan

COUNCILS = [name for names in LOCAL_AUTHORITIES.values() for name in names]
BODIES = [
    pair
    for bodies in (NHS_BODIES, POLICE_FORCES, UNIVERSITIES)
    for pairs in bodies.values()
    for pair in pairs
]


def findings(text: str) -> list[tuple[str, str, str]]:
    return [(f.kind, f.text, f.confidence) for f in scan(text)]


def names(text: str) -> list[str]:
    return [f.text for f in scan(text) if f.kind == "person_name"]


# --- the public bodies of the demo data -------------------------------------------------


def test_the_demo_data_names_every_council_in_the_four_nations():
    assert len(COUNCILS) == 216
    assert len(COUNCILS + [council_area(name) for name in COUNCILS]) == 432


@pytest.mark.parametrize("council", COUNCILS)
def test_council_and_its_area_scan_clean(council):
    area = council_area(council)
    assert findings(council) == []
    assert findings(area) == []
    assert findings(f"I work for {council} children's services in {area}.") == []


@pytest.mark.parametrize(("body", "area"), BODIES, ids=[body for body, _ in BODIES])
def test_nhs_bodies_police_forces_and_universities_scan_clean(body, area):
    assert findings(body) == []
    assert findings(area) == []
    assert findings(f"I work for {body} in {area}.") == []
    assert findings(f"Our team at {body} covers {area} and the surrounding county.") == []


# --- the reported texts --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Leeds City Council",
        "Milton Keynes",
        "Angus",
        "Kingston upon Thames",
        "Our team in Merton",
        "Safe sleep, Infant feeding",
    ],
)
def test_reported_false_alarms(text):
    assert findings(text) == []


# --- the gazetteer ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "place",
    [
        "Comhairle nan Eilean Siar",
        "Na h-Eileanan Siar",
        "Rhondda Cynon Taf",
        "Blaenau Gwent",
        "Merthyr Tydfil",
        "Castell-nedd Port Talbot",
        "Ynys Môn",
        "Sir y Fflint",
        "Pen-y-bont ar Ogwr",
        "Newry, Mourne and Down",
        "Armagh City, Banbridge and Craigavon",
        "Causeway Coast and Glens",
        "Mid Ulster",
        "North Northamptonshire",
        "Barking and Dagenham",
        "Kensington and Chelsea",
        "Richmond upon Thames",
        "Waltham Forest",
        "Bracknell Forest",
        "Redcar and Cleveland",
        "Stoke on Trent",
        "King's Lynn",
        "King’s Lynn",
        "Shepherd's Bush",
        "County Tyrone",
        "Isle of Man",
    ],
)
def test_places_across_the_four_nations(place):
    assert findings(place) == []
    assert findings(f"I'm a social worker in {place} and love it.") == []


def test_a_compass_word_before_a_place_is_part_of_it():
    assert findings("We cover North Ayrshire, South Angus and West Kingston.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Senior social worker, Leeds",
        "Foster carer, Kirklees. Student, Bedford.",
        "Moving from Kingston to Richmond next month; anyone in Merton?",
        "Richmond Park and Chelsea Harbour are near our office.",
        "Kingston Hospital and Bedford Hospital both have named nurses.",
        "Richmond and Wandsworth share a council workforce.",
        "Bedford's partner agencies and Kingston's child protection team met.",
        "the Bolton family hubs are open on Saturdays",
    ],
)
def test_places_in_ordinary_sentences(text):
    assert names(text) == []


# --- organisations ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # Any capitalised phrase that ends in an organisation word, listed words or not.
        "Wexcombe City Council",
        "Oxleas NHS Foundation Trust",
        "Aneurin Bevan University Health Board",
        "Dyfed-Powys Police",
        "Kwame Nkrumah Academy",
        "Robert Gordon University",
        "Liverpool John Moores University",
        "Alder Hey Children's NHS Foundation Trust",
        "Great Ormond Street Hospital for Children NHS Foundation Trust",
        "Leeds Safeguarding Children Partnership",
        "Barnsley Youth Justice Service",
        "Kirklees Family Hub",
        "Hertfordshire Fire and Rescue Service",
        "Angus Health and Social Care Partnership",
        # Going on with "of" or "for", or after an opening word.
        "London Borough of Merton",
        "Police Service of Northern Ireland",
        "University of the West of England",
        "Department for Work and Pensions",
        "NHS Greater Glasgow and Clyde",
        "HMP Styal",
        "Ysgol Glan yr Afon",
        "Oakfield Church of England Primary",
        "Our Lady's Church of England Primary",
        "Rowan Tree Fostering",
    ],
)
def test_organisations(text):
    assert findings(text) == []


@pytest.mark.parametrize(
    "word",
    [
        "Council",
        "Borough",
        "County",
        "City",
        "Trust",
        "Board",
        "Police",
        "Constabulary",
        "University",
        "School",
        "Academy",
        "Service",
        "Services",
        "Partnership",
        "Team",
        "Hub",
        "Unit",
        "Department",
    ],
)
def test_organisation_words_are_never_names(word):
    assert names(f"I asked {word} about it.") == []
    assert names(f"her son {word} is at home") == []


@pytest.mark.parametrize(
    "text",
    [
        "Interests: Safe sleep, Infant feeding, Early help, Perinatal mental health.",
        "Topics I can help with: Infant feeding, Safe sleep, Early attachment.",
        "Hi Sarah, Hope you're well.",
    ],
)
def test_first_words_of_list_items_are_not_names(text):
    assert names(text) == []


# --- names are still names ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("her son Kingston has stopped eating", ["Kingston"]),
        ("Mrs Merton said she would come.", ["Merton"]),
        ("her daughter Chelsea is 6", ["Chelsea"]),
        ("a boy called Angus", ["Angus"]),
        ("Mum (Richmond) was anxious.", ["Richmond"]),
        ("Angus MacLeod was seen at home.", ["Angus MacLeod"]),
        ("Chelsea K. told her teacher.", ["Chelsea K."]),
        ("Kingston (6) lives with his nan.", ["Kingston"]),
        ("Richmond's mum rang the duty desk.", ["Richmond"]),
        ("I met Chelsea and Zain at school.", ["Chelsea", "Zain"]),
        ("I visited Jayden Preston today.", ["Jayden Preston"]),
        ("I visited Jayden Merton today.", ["Jayden Merton"]),
        ("the Preston family are moving", ["Preston"]),
        ("Mrs Patel at Kent County Council rang.", ["Patel"]),
        ("Jayden Okafor, Leeds City Council, asked for the plan.", ["Jayden Okafor"]),
        ("I spoke to Tracey Smith and Social Services about it.", ["Tracey Smith"]),
        ("Dr Okonkwo Surgery rang back.", ["Okonkwo"]),
        ("Jayden's School sent a letter.", ["Jayden"]),
        ("Speak to Chloe Harris Team Leader.", ["Chloe Harris"]),
        ("Present: Tracey, Grace and Jayden.", ["Tracey", "Grace", "Jayden"]),
        ("Yesterday, Grace was upset.", ["Grace"]),
    ],
)
def test_names_in_strong_context_are_still_found(text, expected):
    assert names(text) == expected


def test_a_place_after_a_title_or_relative_is_a_confident_finding():
    [titled] = [f for f in scan("Mrs Merton said") if f.kind == "person_name"]
    [cued] = [f for f in scan("her son Kingston") if f.kind == "person_name"]
    assert titled.confidence == cued.confidence == "high"
