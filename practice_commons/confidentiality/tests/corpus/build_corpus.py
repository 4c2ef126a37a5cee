"""Build the labelled confidentiality corpus (``corpus.jsonl``) from hand-written templates.

Run ``python practice_commons/confidentiality/tests/corpus/build_corpus.py`` to regenerate it;
the random seed is fixed, so the output is reproducible and is committed beside this script.

The templates were written from what practitioners post in a community of practice, before
the detectors existed, and the corpus must not be edited to suit the scanner. Every
person, number and address is fictional: names come from hand-written pools, phone numbers
from Ofcom's drama ranges, and identifiers are generated with correct check digits.

Labelling conventions (the gold spans):

* ``person_name``: the name only, without a title ("Mrs [Kowalski]"); a first name with
  its surname is one span; "Jayden K." is one span. Anonymised forms ("Child A", "Mrs K."),
  cited authors, organisations and places are not names. A first name used to greet a
  colleague in the forum ("Thanks Priya") is not a finding: it names no one the writer
  works with.
* check-digit numbers, phones, emails, postcodes: the identifier as written, separators
  included.
* ``address``: the house number (and flat) and street, not the town or postcode.
* ``date_of_birth``: the date after its cue, or the age phrase ("aged 7", "7-year-old");
  for "Jayden (7)" or "Jayden, 7," the number.
* ``case_reference``: the reference itself, not its cue.

Negative texts carry look-alikes only: legislation, meeting dates and times, policy and
course codes, numbers that fail their check digits, public figures, organisations, places.
"""

import json
import random
import re
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

SEED = 20261122
POSITIVE_TEXTS = 250
NEGATIVE_TEXTS = 250
MIN_SPANS_PER_KIND = 25
OUTPUT = Path(__file__).with_name("corpus.jsonl")

BOYS = [
    "Jayden",
    "Tyler",
    "Kacper",
    "Mohammed",
    "Callum",
    "Reuben",
    "Kai",
    "Rhys",
    "Dylan",
    "Lachlan",
    "Ciaran",
    "Yusuf",
    "Tobi",
    "Chidi",
    "Andrei",
    "Bartosz",
    "Oliver",
    "Harry",
    "Alfie",
    "Leo",
    "Noah",
    "Archie",
    "Finley",
    "Riley",
    "Kayden",
    "Brandon",
    "Connor",
    "Ibrahim",
    "Hamza",
    "Zain",
    "Arjun",
    "Dawid",
    "Filip",
    "Mateusz",
    "Emeka",
    "Kwame",
    "Jack",
    "Theo",
    "Logan",
    "Mason",
    "Reggie",
    "Tommy",
    "Lewis",
    "Euan",
    "Fraser",
    "Osian",
    "Ifan",
    "Olamide",
    "Abdi",
    "Kofi",
    "Luca",
    "Ionut",
    "Darius",
    "Elijah",
    "Marcus",
    "Tyrese",
    "Jaxon",
    "Bobby",
    "Alfie-Ray",
    "Musa",
]
GIRLS = [
    "Chloe",
    "Amelia",
    "Olivia",
    "Zainab",
    "Aisha",
    "Oliwia",
    "Precious",
    "Ellie-Mae",
    "Leah",
    "Shannon",
    "Kayleigh",
    "Demi",
    "Ioana",
    "Fatima",
    "Amara",
    "Siobhan",
    "Niamh",
    "Cerys",
    "Eilidh",
    "Mhairi",
    "Ruby",
    "Poppy",
    "Daisy",
    "Lily",
    "Holly",
    "Grace",
    "Hope",
    "Maisie",
    "Skye",
    "Isla",
    "Freya",
    "Evie",
    "Mia",
    "Sophia",
    "Amira",
    "Hafsa",
    "Maryam",
    "Zofia",
    "Blessing",
    "Chiamaka",
    "Ngozi",
    "Ayesha",
    "Sienna",
    "Lacey",
    "Tia",
    "Courtney",
    "Jade",
    "Kelsey",
    "Nevaeh",
    "Harper",
    "Willow",
    "Rosie",
    "Megan",
    "Caitlin",
    "Ffion",
    "Seren",
    "Lexi",
    "Aaliyah",
    "Destiny",
    "Summer",
]
WOMEN = [
    "Sarah",
    "Kerry",
    "Leanne",
    "Danielle",
    "Gemma",
    "Stacey",
    "Agnieszka",
    "Joanna",
    "Amina",
    "Nasreen",
    "Shazia",
    "Funmilayo",
    "Adaeze",
    "Bridget",
    "Tracey",
    "Donna",
    "Michelle",
    "Claire",
    "Laura",
    "Rebecca",
    "Samantha",
    "Chantelle",
    "Jodie",
    "Kirsty",
    "Lorraine",
    "Mairead",
    "Roisin",
    "Rhian",
    "Sian",
    "Ewa",
    "Magdalena",
    "Elena",
    "Mihaela",
    "Hodan",
    "Sahra",
    "Yasmin",
    "Charlene",
    "Nicola",
    "Toni",
    "Jolene",
]
MEN = [
    "Darren",
    "Wayne",
    "Lee",
    "Craig",
    "Steven",
    "Paul",
    "Dean",
    "Jamie",
    "Ryan",
    "Gary",
    "Mark",
    "Stuart",
    "Gareth",
    "Owain",
    "Piotr",
    "Tomasz",
    "Marek",
    "Adebayo",
    "Femi",
    "Imran",
    "Asif",
    "Khalid",
    "Mustafa",
    "Liam",
    "Shaun",
    "Kieran",
    "Gavin",
    "Ross",
    "Graeme",
    "Florin",
    "Mihai",
    "Abdirahman",
    "Tendai",
    "Kelvin",
    "Dwayne",
    "Ashley",
]
SURNAMES = [
    "Okafor",
    "Kowalski",
    "Nowak",
    "Hussain",
    "Begum",
    "Ahmed",
    "Patel",
    "Khan",
    "Murphy",
    "O'Neill",
    "McAllister",
    "Davies",
    "Jones",
    "Evans",
    "Pritchard",
    "Campbell",
    "MacLeod",
    "Robertson",
    "Popescu",
    "Ionescu",
    "Mensah",
    "Adeyemi",
    "Osei",
    "Ali",
    "Farah",
    "Warsame",
    "Hughes",
    "Thompson",
    "Fletcher",
    "Dawson",
    "Wilkinson",
    "Barker",
    "Holroyd",
    "Sutcliffe",
    "Akhtar",
    "Iqbal",
    "Rahman",
    "Chowdhury",
    "Zielinski",
    "Lewandowski",
    "Doherty",
    "Gallagher",
    "McLaughlin",
    "Quinn",
    "Kerr",
    "Stewart",
    "Hamilton",
    "Llewellyn",
    "Rees",
    "Price",
    "Bevan",
    "Nwosu",
    "Eze",
    "Balogun",
    "Owusu",
    "Asante",
    "Moyo",
    "Mahmood",
    "Shah",
    "Kaur",
    "Singh",
    "Nguyen",
    "Chen",
    "Walsh",
    "Brennan",
    "Kelly",
    "Bennett",
    "Hargreaves",
    "Pearson",
    "Booth",
    "Whitaker",
    "Clegg",
    "Ellis",
    "Marsh",
    "Shaw",
    "Hartley",
    "Lowe",
    "Bailey",
    "Wiśniewska",
    "Dąbrowski",
]
STREETS = [
    "Elm Road",
    "Beech Court",
    "Harehills Lane",
    "Kestrel Close",
    "Mill Street",
    "Victoria Terrace",
    "Oakwood Avenue",
    "Church Lane",
    "Bramble Way",
    "Heather Drive",
    "Primrose Crescent",
    "Albert Grove",
    "Willow Gardens",
    "Rowan Place",
    "Meadow View",
    "Jubilee Walk",
    "Cedar Mews",
    "Cross Street",
    "Mafeking Terrace",
    "Clarence Road",
    "Ash Grove",
    "Gladstone Street",
    "Tudor Way",
    "Sandringham Drive",
    "Lime Tree Avenue",
    "Thornhill Road",
    "Ravenscliffe Close",
    "Hawthorn Rise",
    "Foundry Lane",
    "Nelson Street",
]
TOWNS = [
    "Leeds",
    "Bradford",
    "Huddersfield",
    "Wakefield",
    "Rochdale",
    "Stockport",
    "Oldham",
    "Cardiff",
    "Swansea",
    "Newport",
    "Glasgow",
    "Dundee",
    "Belfast",
    "Derry",
    "Sunderland",
    "Gateshead",
    "Plymouth",
    "Coventry",
    "Nottingham",
    "Sheffield",
]
POSTCODE_AREAS = {
    "Leeds": "LS",
    "Bradford": "BD",
    "Huddersfield": "HD",
    "Wakefield": "WF",
    "Rochdale": "OL",
    "Stockport": "SK",
    "Oldham": "OL",
    "Cardiff": "CF",
    "Swansea": "SA",
    "Newport": "NP",
    "Glasgow": "G",
    "Dundee": "DD",
    "Belfast": "BT",
    "Derry": "BT",
    "Sunderland": "SR",
    "Gateshead": "NE",
    "Plymouth": "PL",
    "Coventry": "CV",
    "Nottingham": "NG",
    "Sheffield": "S",
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
EMAIL_DOMAINS = [
    "example.com",
    "example.co.uk",
    "example.org",
    "example.net",
    "mail.example.com",
    "example.sch.uk",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
]
AUTHORS = [
    "Munro",
    "Ferguson",
    "Featherstone",
    "Turney",
    "Trevithick",
    "Ruch",
    "Fook",
    "Gibbs",
    "Kolb",
    "Schön",
    "Bowlby",
    "Wenger",
    "Revans",
    "Heron",
    "Proctor",
    "Morrison",
    "Howe",
    "Brené Brown",
    "Eileen Munro",
    "Harry Ferguson",
    "Donald Schön",
    "Etienne Wenger",
    "Kadushin",
    "Hawkins and Shohet",
    "Winnicott",
    "Bronfenbrenner",
    "Maslow",
    "Rogers",
    "Freire",
    "Brookfield",
    "Lave and Wenger",
    "Beckett",
    "Laming",
    "Ainsworth",
]
ORGANISATIONS = [
    "BASW",
    "NSPCC",
    "Barnardo's",
    "Ofsted",
    "Social Work England",
    "Cafcass",
    "Action for Children",
    "The Children's Society",
    "Women's Aid",
    "Research in Practice",
    "Frontline",
    "SCIE",
    "Coram",
    "Kinship",
    "Become",
    "Mind",
    "Shelter",
    "Citizens Advice",
    "Home-Start",
    "Family Action",
    "YoungMinds",
    "Refuge",
    "SafeLives",
    "SSSC",
    "Social Care Wales",
    "NISCC",
    "the Care Inspectorate",
]
PLACES = [
    "Leeds",
    "Cardiff",
    "Glasgow",
    "Belfast",
    "Manchester",
    "Bristol",
    "Kirklees",
    "Swansea",
    "Dundee",
    "Newcastle",
    "Sheffield",
    "Birmingham",
    "Liverpool",
    "Edinburgh",
    "Aberdeen",
    "Inverness",
    "Wrexham",
    "Newry",
    "Lisburn",
    "Plymouth",
    "Norwich",
    "Hull",
    "York",
    "Calderdale",
    "Tower Hamlets",
    "North Yorkshire",
    "the Highlands",
    "Gwynedd",
]
LEGISLATION = [
    "section 47 of the Children Act 1989",
    "section 17",
    "the Care Act 2014",
    "section 20",
    "the Mental Capacity Act 2005",
    "the Children and Social Work Act 2017",
    "section 31",
    "the Adoption and Children Act 2002",
    "the Domestic Abuse Act 2021",
    "the Children and Families Act 2014",
    "section 11 of the Children Act 2004",
    "the Children (Scotland) Act 1995",
    "the Social Services and Well-being (Wales) Act 2014",
    "Article 8 of the ECHR",
    "the Mental Health Act 1983",
]
PRACTICE_TERMS = [
    "Early Help",
    "Child Protection",
    "Team Around the Family",
    "Signs of Safety",
    "Child in Need",
    "Family Group Conferencing",
    "Restorative Practice",
    "Contextual Safeguarding",
    "Safe and Together",
    "Graded Care Profile 2",
    "Life Story Work",
    "Systemic Practice",
    "Motivational Interviewing",
]
UPN_LA_NUMBERS = [201, 306, 330, 340, 373, 380, 383, 800, 801, 823, 850, 886, 919, 936]
NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
NI_NEVER_USED = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
UPN_ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ0123456789"


# --- check digits -------------------------------------------------------------------------


def mod11_check(nine_digits: str) -> int | None:
    """The NHS/CHI/H&C mod-11 check digit, or None where the rule makes the base invalid."""
    total = sum(int(d) * (10 - i) for i, d in enumerate(nine_digits))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def mod10_check(nine_digits: str) -> int:
    """The CHI Luhn-style alternative: double digits 1, 3, 5, 7, 9 (casting out nines)."""
    total = 0
    for i, d in enumerate(nine_digits):
        value = int(d) * 2 if i % 2 == 0 else int(d)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def upn_check_letter(twelve: str) -> str:
    total = sum(i * UPN_ALPHABET.index(c) for i, c in enumerate(twelve, 2))
    return UPN_ALPHABET[total % 23]


# --- generators ---------------------------------------------------------------------------


class Filler:
    """Fills one template: people keep the same name wherever a template mentions them."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.people: dict[str, tuple[str, str]] = {}
        self.last_town: str | None = None

    def person(self, key: str) -> tuple[str, str]:
        if key not in self.people:
            pool = {"b": BOYS, "g": GIRLS, "w": WOMEN, "m": MEN}[key[0]]
            taken = {first for first, _ in self.people.values()}
            first = self.rng.choice([n for n in pool if n not in taken])
            self.people[key] = (first, self.rng.choice(SURNAMES))
        return self.people[key]

    # Each method returns (text, kind or None, (start, end) of the span inside text or None).

    def first(self, key):
        return self.person(key)[0], "person_name", None

    def sur(self, key):
        return self.person(key)[1], "person_name", None

    def full(self, key):
        first, surname = self.person(key)
        return f"{first} {surname}", "person_name", None

    def initial(self, key):
        first, surname = self.person(key)
        return f"{first} {surname[0]}.", "person_name", None

    def email(self, key):
        first, surname = (
            self.person(key) if key else (self.rng.choice(WOMEN), self.rng.choice(SURNAMES))
        )
        local = self.rng.choice(
            [
                f"{first}.{surname}",
                f"{first[0]}{surname}",
                f"{first}{self.rng.randint(70, 99)}",
                f"{first}_{surname}{self.rng.randint(1, 9)}",
                f"{surname}.{first[0]}",
            ]
        )
        local = re.sub(r"[^A-Za-z0-9._]", "", local.replace("ś", "s").replace("ą", "a"))
        return f"{local.lower()}@{self.rng.choice(EMAIL_DOMAINS)}", "email", None

    def nhs(self, _key):
        while True:
            base = self.rng.choice("4679") + "".join(self.rng.choices("0123456789", k=8))
            check = mod11_check(base)
            if check is not None:
                return self.digits10(base + str(check), "3-3-4"), "nhs_number", None

    def chi(self, _key):
        birthday = self.random_date(1950, 2024)
        middle = "".join(self.rng.choices("0123456789", k=2)) + self.rng.choice("0123456789")
        base = birthday.strftime("%d%m%y") + middle
        check = mod10_check(base) if self.rng.random() < 0.3 else mod11_check(base)
        if check is None:
            return self.chi(_key)
        return self.digits10(base + str(check), "6-4"), "chi_number", None

    def hc(self, _key):
        while True:
            base = str(self.rng.randint(320_000_001, 399_999_999))
            check = mod11_check(base)
            if check is not None:
                return self.digits10(base + str(check), "3-3-4"), "hc_number", None

    def ni(self, _key):
        while True:
            prefix = self.rng.choice(NI_FIRST) + self.rng.choice(NI_SECOND)
            if prefix not in NI_NEVER_USED:
                break
        digits = "".join(self.rng.choices("0123456789", k=6))
        suffix = self.rng.choice("ABCD")
        style = self.rng.choice(["spaced", "spaced", "compact", "mixed"])
        if style == "spaced":
            text = f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
        elif style == "compact":
            text = f"{prefix}{digits}{suffix}"
        else:
            text = f"{prefix} {digits} {suffix}"
        return text, "ni_number", None

    def upn(self, _key):
        la = self.rng.choice(UPN_LA_NUMBERS)
        estab = self.rng.randint(1000, 7999)
        year = self.rng.randint(8, 24)
        if self.rng.random() < 0.15:
            tail = f"{self.rng.randint(0, 99):02d}{self.rng.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}"
        else:
            tail = f"{self.rng.randint(1, 999):03d}"
        body = f"{la}{estab}{year:02d}{tail}"
        return upn_check_letter(body) + body, "upn", None

    def postcode(self, _key):
        town = self.last_town or self.rng.choice(TOWNS)
        area = POSTCODE_AREAS[town]
        outward = f"{area}{self.rng.randint(1, 29 if len(area) == 2 else 45)}"
        inward = f"{self.rng.randint(0, 9)}{''.join(self.rng.choices(INWARD_LETTERS, k=2))}"
        style = self.rng.random()
        if style < 0.8:
            text = f"{outward} {inward}"
        elif style < 0.9:
            text = f"{outward}{inward}"
        else:
            text = f"{outward} {inward}".lower()
        return text, "postcode", None

    def town(self, _key):
        """A town; a postcode later in the same text belongs to it."""
        self.last_town = self.rng.choice(TOWNS)
        return self.last_town, None, None

    def address(self, _key):
        street = self.rng.choice(STREETS)
        number = self.rng.randint(1, 180)
        style = self.rng.random()
        if style < 0.6:
            text = f"{number} {street}"
        elif style < 0.8:
            text = f"Flat {self.rng.randint(1, 12)}, {number} {street}"
        else:
            text = f"{number}{self.rng.choice('ab')} {street}"
        return text, "address", None

    def mobile(self, _key):
        tail = f"{self.rng.randint(0, 999):03d}"
        return (
            self.rng.choice(
                [
                    f"07700 900{tail}",
                    f"07700900{tail}",
                    f"07700 900 {tail}",
                    f"+44 7700 900{tail}",
                    f"+44 (0)7700 900{tail}",
                    f"07700-900-{tail}",
                ]
            ),
            "phone",
            None,
        )

    def landline(self, _key):
        tail = f"{self.rng.randint(0, 999):03d}"
        return (
            self.rng.choice(
                [
                    f"0113 496 0{tail}",
                    f"(0113) 496 0{tail}",
                    f"0113 4960{tail}",
                    f"01134960{tail}",
                    f"01632 960{tail}",
                    f"020 7946 0{tail}",
                    f"0161 496 0{tail}",
                    f"0141 496 0{tail}",
                    f"029 2018 0{tail}",
                    f"+44 113 496 0{tail}",
                    f"0115 496 0{tail}",
                ]
            ),
            "phone",
            None,
        )

    def phone(self, key):
        return self.mobile(key) if self.rng.random() < 0.55 else self.landline(key)

    def random_date(self, first_year: int, last_year: int) -> date:
        start = date(first_year, 1, 1)
        return start + timedelta(days=self.rng.randint(0, (date(last_year, 12, 31) - start).days))

    def dob(self, key):
        born = self.random_date(2007, 2024) if key != "adult" else self.random_date(1970, 2003)
        day = born.day
        suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return (
            self.rng.choice(
                [
                    born.strftime("%d/%m/%Y"),
                    born.strftime("%d/%m/%Y"),
                    born.strftime("%d.%m.%y"),
                    born.strftime("%d-%m-%Y"),
                    f"{day} {MONTHS[born.month - 1]} {born.year}",
                    f"{day}{suffix} {MONTHS[born.month - 1]} {born.year}",
                    f"{day}/{born.month}/{born.year % 100:02d}",
                    f"{day} {MONTHS[born.month - 1][:3]} {born.year}",
                ]
            ),
            "date_of_birth",
            None,
        )

    def born_month(self, _key):
        born = self.random_date(2012, 2024)
        return f"{MONTHS[born.month - 1]} {born.year}", "date_of_birth", None

    def years(self, key) -> int:
        low, high = {"teen": (12, 17), "adult": (18, 23)}.get(key, (4, 16))
        return self.rng.randint(low, high)

    def age_number(self, key):
        return str(self.years(key)), "date_of_birth", None

    def aged(self, key):
        if key == "baby":
            return f"aged {self.rng.randint(3, 22)} months", "date_of_birth", None
        years = self.years(key)
        word = NUMBER_WORDS[years] if years < len(NUMBER_WORDS) else str(years)
        text = self.rng.choice([f"aged {years}", f"aged {years}", f"aged {word}", f"age {years}"])
        return text, "date_of_birth", None

    def year_old(self, key):
        years = self.years(key)
        word = self.rng.choice([str(years), NUMBER_WORDS[years]])
        return self.rng.choice([f"{word}-year-old", f"{word} year old"]), "date_of_birth", None

    def mosaic(self, _key):
        return str(self.rng.randint(100_000, 9_999_999)), "case_reference", None

    def caseref(self, _key):
        year = self.rng.randint(18, 26)
        serial = self.rng.randint(10, 99_999)
        return (
            self.rng.choice(
                [
                    f"CP-20{year}-{serial:04d}",
                    f"CIN/{year}/{serial:04d}",
                    f"SC{self.rng.randint(10**5, 10**7)}",
                    f"{self.rng.randint(10**5, 10**8)}",
                    f"EH{year}-{serial:05d}",
                    f"LAC{serial:05d}",
                    f"FS-{serial:05d}",
                    f"C{self.rng.randint(10**5, 10**7)}",
                ]
            ),
            "case_reference",
            None,
        )

    def health_number(self, key):
        """A health service number after the cue a practitioner would write before it."""
        kind = self.rng.choice(["nhs", "chi", "hc"])
        cue = self.rng.choice(
            {
                "nhs": ["NHS number ", "NHS no. ", "NHS No: ", "NHS "],
                "chi": ["CHI number ", "CHI ", "CHI no. "],
                "hc": ["H&C number ", "H&C no. ", "Health and Care number "],
            }[kind]
        )
        number, label, _ = getattr(self, kind)(key)
        return cue + number, label, (len(cue), len(cue) + len(number))

    def case_cue(self, key):
        """A local case-system reference with its cue ("Mosaic ID 1234567")."""
        cue = self.rng.choice(
            [
                "Mosaic ID ",
                "Mosaic number ",
                "LCS number ",
                "LCS ID ",
                "case no. ",
                "case number ",
                "person ID ",
                "EHM ref ",
                "CP plan no ",
                "case ref: ",
                "Ref: ",
            ]
        )
        reference, label, _ = self.caseref(key) if "ID" not in cue else self.mosaic(key)
        return cue + reference, label, (len(cue), len(cue) + len(reference))

    # --- look-alikes: never gold spans ---

    def author(self, _key):
        return self.rng.choice(AUTHORS), None, None

    def org(self, _key):
        return self.rng.choice(ORGANISATIONS), None, None

    def place(self, _key):
        return self.rng.choice(PLACES), None, None

    def law(self, _key):
        return self.rng.choice(LEGISLATION), None, None

    def term(self, _key):
        return self.rng.choice(PRACTICE_TERMS), None, None

    def bad10(self, _key):
        """Ten digits that fail every check (NHS, CHI mod-11 and mod-10, H&C)."""
        while True:
            digits = "".join(self.rng.choices("0123456789", k=10))
            if digits[0] == "0" or mod11_check(digits[:9]) == int(digits[9]):
                continue
            if is_ddmmyy(digits[:6]) and mod10_check(digits[:9]) == int(digits[9]):
                continue
            return self.digits10(digits, "3-3-4"), None, None

    def bad_ni(self, _key):
        prefix = self.rng.choice(["QQ", "BG", "GB", "NK", "TN", "ZZ", "DA", "FE", "UV", "AO"])
        digits = "".join(self.rng.choices("0123456789", k=6))
        return (
            f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {self.rng.choice('ABCD')}",
            None,
            None,
        )

    def bad_upn(self, key):
        text, _, _ = self.upn(key)
        wrong = self.rng.choice([c for c in "ABCDEFGHJKLMNPQRTUVWXYZ" if c != text[0]])
        return wrong + text[1:], None, None

    def district(self, _key):
        area = self.rng.choice(list(POSTCODE_AREAS.values()))
        return f"{area}{self.rng.randint(1, 20)}", None, None

    def meeting_date(self, _key):
        when = self.random_date(2025, 2027)
        return (
            self.rng.choice(
                [
                    when.strftime("%d/%m/%Y"),
                    f"{when.day} {MONTHS[when.month - 1]}",
                    f"{when.strftime('%A')} {when.day} {MONTHS[when.month - 1]}",
                    f"{when.day} {MONTHS[when.month - 1]} {when.year}",
                ]
            ),
            None,
            None,
        )

    def time(self, _key):
        hour = self.rng.randint(9, 16)
        return (
            self.rng.choice([f"{hour}:30", f"{hour}.00", f"{hour}:15", f"{hour % 12 or 12}.30pm"]),
            None,
            None,
        )

    def digits10(self, digits: str, grouping: str) -> str:
        style = self.rng.random()
        if style < 0.35:
            return digits
        sep = " " if style < 0.8 else "-"
        if grouping == "6-4" and self.rng.random() < 0.6:
            return f"{digits[:6]}{sep}{digits[6:]}"
        return f"{digits[:3]}{sep}{digits[3:6]}{sep}{digits[6:]}"


def is_ddmmyy(six: str) -> bool:
    day, month, year = int(six[:2]), int(six[2:4]), int(six[4:])
    try:
        date(2000 + year, month, day)
    except ValueError:
        return False
    return True


# --- templates ----------------------------------------------------------------------------
# {slot} or {slot:key}: the slot is a Filler method; key names a person (b1 = first boy,
# g1 = first girl, w1 = first woman, m1 = first man) or a hint for the generator.

POSITIVE = [
    "I visited {full:g1} and her mum today. Mum ({first:w1}) was anxious about the "
    "reduction in contact and asked me to ring her back on {mobile}.",
    "Can anyone advise? {first:b1}, {age_number}, disclosed to his teacher that his "
    "stepdad hits him with a belt. School have already made a referral (Mosaic ID {mosaic}).",
    "Reflective note: my first home visit to Mrs {sur:w1} at {address}, {town} {postcode}. "
    "I felt out of my depth when she started crying about the eviction notice.",
    "Does anyone know how long a CHI check takes? I need to confirm {first:g1}'s CHI "
    "({chi}) before the health assessment on Thursday.",
    "Quick one for health visitors: the GP surgery gave me NHS number {nhs} for baby "
    "{first:b1} but the red book has a different one. Who do I escalate to?",
    "Dad, {full:m1}, has asked that all letters go to his new address: {address}, "
    "{postcode}. His email is {email:m1}.",
    "Struggling with a case. {first:g1} is a {year_old:teen} who has been missing from home "
    "three times this month. Her nan, {full:w1}, is the main carer.",
    "The school sent over {first:b1}'s UPN ({upn}) so we can check attendance data. Is "
    "it OK to hold that on our early help record?",
    "Posting for advice: I'm supporting a family in Belfast. Mum's H&C number is {hc} and "
    "she has been told the GP list is closed. Has anyone had this with the Trust?",
    "Young person {full:b1}, DOB {dob}, has been placed with foster carers out of area. "
    "His social worker wants to keep the LCS record open ({caseref}).",
    "I keep thinking about {first:g1}. She is {aged} and already caring for her two "
    "younger brothers while mum works nights.",
    "Mr and Mrs {sur:m1} have asked for the Child in Need meeting to be moved. Their "
    "number is {landline} if anyone from the school can call.",
    "For the record: NI number for {first:w1} is {ni}. She needs it for the Universal "
    "Credit claim and the Jobcentre keeps losing the form.",
    "Has anyone worked with the {sur:w1} family before? They've moved to {address} from "
    "{town} and the previous authority has sent nothing.",
    "Supervision reflection: I was too quick to accept dad's account. {first:m1} said the "
    "bruise on {first:b1}'s arm was from football, and I didn't challenge it.",
    "Teacher here. A pupil in my class, {initial:g1}, told me she doesn't want to go home. "
    "Our DSL has logged it but I'm worried about the weekend.",
    "Referral details in case anyone recognises the family: mum {full:w1} (date of birth "
    "{dob:adult}), children {first:g1} and {first:b1}, last known postcode {postcode}.",
    "I emailed the housing officer at {email} about {first:w1}'s disrepair complaint and "
    "heard nothing back for three weeks.",
    "My student wrote 'case no. {caseref}' in her reflective log. I've asked her to remove "
    "it but it made me realise we never covered anonymisation properly.",
    "Baby {first:g1} was born on {dob} at 34 weeks. Mum {first:w1} is 19 and was a looked "
    "after child herself, so there are a lot of professionals around.",
    "We had a strategy discussion about {full:b1} this morning. Police want to interview "
    "him at school. Mum's mobile is {mobile}.",
    "Can the {town} health visiting team ring me on {landline}? It's about {first:g1}, "
    "{age_number}, who has missed three appointments.",
    "I'm supporting {first:m1}, a care leaver who is {aged:adult}. He's been offered a flat at "
    "{address} but it has no furniture and the grant hasn't come through.",
    "Our EHM ref for the family is {caseref}. Mum ({full:w1}) has agreed to the Team "
    "Around the Family meeting.",
    "Reading Munro's review again made me think about {first:b1}, who I worked with last "
    "year. We were so focused on the paperwork we missed how frightened he was.",
    "{first:g1} ({age_number}) was excluded again today. Her dad {first:m1} says the school "
    "is picking on her and I can see why he feels that way.",
    "GP says the NHS number we have for {first:b1} is wrong; the correct one is {nhs}. "
    "Can the admin team update the record?",
    "Scotland colleagues: the CHI on the referral is {chi} but the date of birth given is "
    "different. Which should I trust?",
    "Mrs {sur:w1} rang the duty line again, very distressed. She wants us to know her "
    "son {first:b1} hasn't been home since Friday.",
    "New address for {full:w1}: {address}, {town}, {postcode}. Please don't share it with "
    "the ex-partner; there's a non-molestation order.",
    "Anyone else find the new portal confusing? I entered {first:g1}'s UPN {upn} and it "
    "returned a different child.",
    "I met {first:b1} at the youth club. He's a {year_old:teen} with big dreams and absolutely "
    "no one at home who listens to him.",
    "Dad's NI number ({ni}) was on the benefits letter he showed me. Do we need it on "
    "file for the court bundle or is that excessive?",
    "Contact details for the maternal grandmother, {full:w1}: {phone}, {email:w1}.",
    "Health visitor note: {first:g1}, {aged:baby}, weight has dropped below the 2nd centile. "
    "Mum {first:w1} says she is feeding her every three hours.",
    "{full:m1} (DOB {dob:adult}) is the new partner. The PNC check came back with a "
    "historic assault. Person ID {mosaic} on our system.",
    "I'm an AMHP and I assessed {first:m1} under the Mental Health Act yesterday. His "
    "sister {first:w1} was the nearest relative and was brilliant with him.",
    "CP plan no {caseref} is up for review. {first:g1} and {first:b1} are both on it "
    "under neglect.",
    "Sharing a success story: {first:b1} finally got a school place at the academy near "
    "{address}. His mum cried when she told me.",
    "My manager asked me to call the family on {landline} but I've tried four times. "
    "Mr {sur:m1} never picks up.",
    "Question about H&C numbers: is {hc} the right format for a Northern Ireland "
    "referral, or should I be using the CHI?",
    "I'm a teacher and one of my pupils, {first:g1}, {age_number}, has started wearing long "
    "sleeves in summer. I've spoken to our DSL.",
    "Family moved from {postcode} to a refuge. Mum's email ({email:w1}) is still being "
    "monitored by the perpetrator, so please don't use it.",
    "{first:w1} told me she was {aged} when she first went into care. Now she's fighting to "
    "keep her own baby, {first:g1}.",
    "Our Mosaic number for this child is {mosaic}. Her name is {full:g1} and she goes to "
    "the primary school on {address}.",
    "Can anyone recommend a parenting course in {town}? The dad I'm working with, "
    "{first:m1}, has asked for one himself, which feels like real progress.",
    "The school has the wrong date of birth for {first:b1}: it should be {dob}. Who "
    "corrects the UPN record ({upn})?",
    "Writing this up for my ASYE portfolio. I visited {full:g1}, a {year_old}, after a "
    "referral from school about head lice and missed meals.",
    "Case reference {caseref} — {first:w1} has asked for a copy of her file under a "
    "subject access request.",
    "Mum's mobile has changed to {mobile}. Dad is still on {landline}. Both agreed we can "
    "text appointment reminders.",
    "I was really moved by {first:g1} today. She's {aged} and told me she wants to be a "
    "social worker 'so kids get listened to'.",
    "The foster carer, {full:w1}, wants to know if she can take {first:b1} to Poland for "
    "a week. He is {aged}.",
    "Does the {sur:m1} family ring a bell with anyone in the Cardiff team? Dad's NHS number "
    "is {nhs}.",
    "Reflection on supervision: we discussed {first:b1} again. My supervisor used Heron's "
    "catalytic interventions and it helped me see my own anxiety.",
    "Child A (real name {first:g1}) is the subject of the review. Please don't use her "
    "name in the minutes.",
    "{full:w1} called me from {phone} at 11pm. She sounded drunk and said the "
    "children were asleep.",
    "Ms {sur:w1} has asked to be contacted by email only: {email:w1}. She works shifts at "
    "the hospital.",
    "Our student social worker visited {first:b1} and his grandad at {address}. The house "
    "was cold and there was no food in the fridge.",
    "Does anyone have experience of NI numbers being shared between siblings? {first:b1} "
    "and {first:g1} both seem to have {ni} on their records.",
    "I'm worried about {first:g1}, who is {aged:teen} and pregnant. Her boyfriend is 24. "
    "Police have the details (ref {caseref}).",
    "Short update: {first:b1}'s placement at {address} has broken down. He's in emergency "
    "foster care tonight.",
    "Can anyone in Glasgow help? The CHI number {chi} belongs to a teenage girl who has "
    "turned up in our area with no adult.",
    "Baby {first:g1} was born in {born_month}, so she's still on the health visitor's "
    "caseload. Mum {first:w1} is finding the nights really hard.",
    "I work in a school in {town}. Pupil {initial:b1} (UPN {upn}) has had 40% attendance "
    "since September.",
    "Handover: {full:m1}, {mobile}, is the only person the young man will talk to. He's "
    "his youth worker from the boxing club.",
    "Post-visit reflection: Mr {sur:m1} kept the TV on loud the whole time and I couldn't "
    "hear {first:g1}. Next time I'll ask to speak to her alone.",
    "Our family support worker {first:w1} has been amazing with the {sur:w2} children. "
    "Their H&C numbers are {hc} and {hc} if the Trust needs them.",
    "The child's date of birth is {dob}. Her name is {first:g1} and she lives with her "
    "aunt on {address}.",
    "Anyone know if the {town} MASH still uses a generic inbox? I sent {first:b1}'s referral "
    "to {email} and got a bounce-back.",
    "The court asked for dad's NI number and NHS number. He gave {ni} and {nhs}. I don't "
    "know why the court needs both.",
    "Re: {first:b1}, {age_number}. The paediatrician at the hospital wants the LCS "
    "number ({mosaic}) on every letter.",
    "Thanks for all the support last week. I went back to see {first:g1} and her dad "
    "{full:m1}; things are calmer now.",
    "Mum {full:w1} (D.O.B. {dob:adult}) has asked whether her partner can attend the "
    "child protection conference.",
    "A {year_old} called {first:b1} was brought into A&E with burns. Health visitor had "
    "concerns last year but no referral was made.",
    "Education welfare here. Pupil {full:g1}, UPN {upn}, has a new address: {address}, {postcode}.",
    "Is anyone else supporting families in temporary accommodation at {address}? The "
    "{sur:w1} family have been there eight months.",
    "I called the grandparents on {landline}. Grandma {first:w1} wants kinship care "
    "assessed for both boys.",
    "My reflective account: {full:b1} was {aged} when I first met him. He's now 16 and "
    "still remembers my name, which humbles me.",
    "Please can someone from the NI team check H&C {hc}? The baby, {first:g1}, was "
    "registered in Derry.",
    "We recorded person ID {mosaic} against the wrong child. The correct child is "
    "{first:b1}, DOB {dob}.",
    "Reflecting on the Proctor model: normative supervision dominated my session about "
    "{first:g1}. I needed restorative space after what her mum {first:w1} told me.",
    "The address on the referral is {address}, {town} {postcode}, but mum says they "
    "moved out in the summer.",
    "Dad's email is {email:m1} and his mobile is {mobile}. He wants copies of the "
    "school reports for {first:b1}.",
    "We're finally closing {first:g1}'s case. Case number {caseref}. She's doing "
    "brilliantly in her new school.",
    "I spoke to {full:w1} at the refuge. She wants her children's NHS numbers "
    "({nhs} and {nhs}) transferred to a new GP quietly.",
    "Health visitor asking: is it normal for a CHI like {chi} to be reissued when a "
    "child moves from England to Scotland?",
    "{first:b1}'s mum texted me from {mobile} to say he's been arrested. He is {aged:teen}.",
    "Our young carers group has a new member, {first:g1}, {age_number}, who looks after "
    "her mum who has MS.",
    "Foster carers Mr and Mrs {sur:w1} at {address} have offered respite for the {sur:m1} boys.",
    "For the multi-agency chronology: {full:g1}, born {dob}, NHS {nhs}, UPN {upn}.",
    "I keep replaying the visit. {first:m1} shouted at {first:w1} in front of me and "
    "the baby started screaming. I left and rang my manager.",
    "Question for the CAMHS folk: {first:g1} ({age_number}) is self-harming and has been "
    "on the waiting list since March. Ref {caseref}.",
    "School nurse here. I have {first:b1}'s NHS number ({nhs}) and postcode ({postcode}) "
    "but the GP says he's not registered.",
    "The young man's NI number is {ni}; he's 18 now and leaving care. His PA is "
    "{first:w1} from the leaving care team.",
    "{full:w1} has asked to be called on {phone} rather than her old number.",
    "I supervised a student who wrote about {first:g1}, a {year_old}, and her brother "
    "{first:b1} in a public blog. We had a long conversation about consent.",
    "Mosaic ID {mosaic} — this is {first:b1}, who went missing from the children's home "
    "on Saturday.",
    "Mum ({first:w1}) and the children have moved to {address} in {town}. Postcode "
    "{postcode}. School transfer still pending.",
    "The H&C number for {first:m1} is {hc}. His GP in Belfast has agreed to share "
    "the medication history.",
    "The DOB on the form is {dob} but {first:g1} says her birthday is at Christmas.",
    "I'm doing a Care Act assessment for {first:m1}, who is 82. His daughter {first:w1} "
    "lives in {town} and rings him daily on {landline}.",
    "Need advice: a dad called {first:m1} emailed me from {email} threatening to post my "
    "photo online if I don't close the case.",
    "Interpreter booked for {full:w1}'s visit. She speaks Romanian and her mobile is {mobile}.",
    "Reflective log, week 6: the {sur:m1} household. {first:b1} has stopped speaking at "
    "school and his teacher thinks something is happening at home.",
    "Adoption panel next month for baby {first:b1}, born {dob}. Birth mum {first:w1} has "
    "asked for letterbox contact.",
    "School told me {first:g1}'s UPN is {upn} and her older sister {first:g2} is {upn}. "
    "Do we need both for the EHCP?",
    "I saw {first:b1} today. He's {aged} and says he wants to live with his dad, "
    "{full:m1}, in {town}.",
    "Our team has a new duty number ({landline}) but the old one still rings in the "
    "office. Parent {first:w1} got through to nobody yesterday.",
    "The child's CHI is {chi}, the mum's is {chi}. Both registered at the same practice in Dundee.",
    "Have you tried writing to the family at {address}, {postcode}? {first:w1} doesn't "
    "answer her phone but she does open letters.",
    "NI number {ni} belongs to a {year_old:teen} we're supporting. He thinks someone is using "
    "it to claim benefits.",
    "{first:g1}, {age_number}, lives with her grandmother in {town}. Grandma's mobile is "
    "{mobile} and she prefers texts.",
    "Looking for advice on private fostering. {first:b1} ({age_number}) has been staying "
    "with a family friend, {full:w1}, for six weeks.",
    "Our case number for the family is {caseref}. I've been told by the IRO to add "
    "the NHS numbers too: {nhs} for {first:g1}.",
    "New email for the grandparents: {email}. Grandad {first:m1} set it up himself, "
    "which is quite something at 79.",
    "{full:m1}'s probation officer rang from {landline}. He's due for release on Monday "
    "and wants to see {first:b1}.",
    "Sharing with consent: {first:g1}, who I worked with for three years, just got her "
    "GCSE results. She was {aged} when we met.",
    "Bit of a vent. I've chased {first:w1}'s housing application (ref {caseref}) six "
    "times. She and the kids are still in one room.",
    "I was asked to do a welfare check at {address}. Nobody answered. Neighbour said "
    "the {sur:w1} family left a week ago.",
    "{first:b1} is {aged:teen}, DOB {dob}, and currently in a secure unit. His mum "
    "{first:w1} visits every Sunday.",
    "Just realised I put the wrong NHS number on the referral: it should be {nhs}, not "
    "the one I typed. Can the MASH correct it?",
    "Dad {full:m1} and his partner live at {address}, {postcode}. Mum is in {town} with "
    "{first:g1}.",
    "Referral summary (please check before I send): {full:g1}, DOB {dob}, {health_number}, "
    "address {address}, {postcode}. Mum {full:w1}, {phone}.",
    "Copying from the referral so someone can sense-check it: child {full:b1}, "
    "{health_number}, school UPN {upn}.",
    "I pasted the wrong thing into my supervision notes: {health_number} and "
    "{health_number} for the two boys. Have deleted it now.",
    "Mum's details for the interpreter service: {full:w1}, {phone}, {email:w1}, NI {ni}.",
    "Scottish colleague here. The baby's CHI is {chi}; mum's is {chi}. Both need adding to "
    "the IRD record.",
    "Cross-border case: {first:g1} was registered in Northern Ireland (H&C {hc}) and has "
    "now moved to {address}, {town} {postcode}.",
    "Health visitor handover for {first:b1}: {health_number}, last seen at clinic on "
    "Tuesday, mum's mobile {mobile}.",
    "Leaving care team: {first:m1}'s NI number came through ({ni}). His PA will help him "
    "open a bank account.",
    "The admissions form lists {first:g1} with UPN {upn} but her sister's form has {upn}. "
    "One of them must be wrong.",
    "Youth justice here. {full:b1}, {aged:teen}, {case_cue}. His mum's number is {phone}.",
    "Private fostering notification: child {full:g1}, DOB {dob}, carer {full:w1} at "
    "{address}, {postcode}, {phone}.",
    "Please update the contact sheet: {full:m1}, {email:m1}, {mobile}. He's the new kinship carer.",
    "I need to chase the GP for {first:b1}'s immunisation history ({health_number}). The "
    "surgery says they need a signed consent form.",
    "Would anyone in Belfast know why H&C {hc} doesn't show on the Northern Ireland "
    "Electronic Care Record?",
    "Not sure where to post this: a carer gave me her NI number ({ni}) and asked me to "
    "sort her Carer's Allowance. Is that within our role?",
    "Our SENCO asked for {first:g1}'s UPN. It's {upn}, and her EHCP case number is {caseref}.",
    "Emergency duty: {full:b1}, {aged:teen}, found at {address} at 2am. {case_cue}.",
    "Mum {first:w1} has a new number ({mobile}) and a new email ({email:w1}). She asked me "
    "not to give either to dad.",
    "Data protection question. A colleague put {health_number} and a postcode ({postcode}) "
    "in the team WhatsApp. What should I do?",
    "School nurse: {first:g1}'s {health_number}; her brother {first:b1}'s is {nhs}. Both "
    "are overdue vaccinations.",
    "Birth mum {full:w1}, born {dob:adult}, NI {ni}. The adoption team need it for the "
    "later life letter file.",
    "Dundee team: the young person's CHI {chi} matches a missing-from-home alert from Fife. "
    "DOB {dob}.",
    "{first:m1} gave his H&C number as {hc} and his address as {address}, {town} {postcode}.",
    "The email came from {email} and mentioned {first:g1} by name. I've reported it to the DSL.",
    "Sorry, meant to send this privately: {full:w1}, {landline}, {address}, {postcode}.",
    "Attendance officer here. UPN {upn} ({first:b1}) has missed 23 sessions; UPN {upn} "
    "(his sister) 19.",
    "Could someone in the MASH confirm receipt? {case_cue}, child {first:g1}, {health_number}.",
    "Transfer-in conference for {full:b1}. Previous authority's {case_cue}; ours is {mosaic}.",
    "The Scottish referral came with CHI {chi} for {first:g1} and {chi} for {first:b1}.",
    "NI numbers for the couple: {ni} (him) and {ni} (her). Housing benefit wants both.",
    "Grandad {full:m1} (NI {ni}) is applying for a special guardianship order for {first:g1}.",
    "Health and Care number {hc}: that's {first:w1}, who's moving from Newry to Liverpool "
    "with her two children.",
    "The GP letter for {first:b1} has {health_number} at the top and mum's email, "
    "{email:w1}, at the bottom. It was sent to the whole team.",
    "Second attempt at a referral: {full:g1}, CHI {chi}, lives with her aunt at {address}, "
    "{postcode}.",
    "Belfast social worker here. Both children's H&C numbers ({hc}, {hc}) were on the "
    "letter the school sent home in the child's bag.",
    "Kinship assessment for {full:w1}: NI {ni}, email {email:w1}, mobile {mobile}.",
    "Can anyone check whether UPN {upn} is still live? {first:b1} moved from a school in "
    "{town} and the new school can't find him.",
    "Mum's email is {email:w1} and her postcode is {postcode}. She would like the plan sent "
    "to her rather than handed over at school.",
    "The paediatric liaison nurse sent me {first:g1}'s details: {health_number}, DOB {dob}.",
    "Dad {first:m1} gave us his NI number ({ni}) for the legal aid form and his email "
    "({email:m1}) for updates.",
    "Scottish referral: {full:b1}, CHI {chi}, currently staying with his uncle in {town} "
    "({postcode}).",
    "For the NI team: H&C {hc} for mum and {hc} for baby {first:g1}. Both registered "
    "with the same practice.",
    "Leaving care: {first:m1} needs his NI number ({ni}) and NHS number ({nhs}) before he "
    "can sign the tenancy at {address}.",
    "Can someone remove my last post? It had {first:g1}'s UPN ({upn}) and her home "
    "postcode ({postcode}) in it.",
    "I received an email from {email} asking about {first:b1}'s CHI ({chi}). I'm not "
    "sure the sender is who they say they are.",
    "NHS number {nhs} came up on two different children in our system. Has anyone seen "
    "duplicates like this before?",
    "Mum gave {first:g1}'s NHS number as {nhs} but the hospital has {nhs}. I've asked the "
    "GP to confirm which is right.",
    "The discharge letter for baby {first:b1} (NHS {nhs}) went to the wrong address.",
    "The young person's CHI is {chi}. He told me his birthday is in the summer, which "
    "doesn't match, so I've queried it.",
    "I was sent a spreadsheet with CHI numbers in it ({chi}, {chi} and more). I've deleted "
    "it and told the sender.",
    "Pupil premium query: {first:b1} (UPN {upn}) isn't showing as eligible even though mum "
    "gets Universal Credit.",
    "The virtual school asked for UPNs for our looked after children. {first:g1}'s is "
    "{upn} and {first:b1}'s is {upn}.",
    "Dad's NI number is {ni} and mum's is {ni}. The DWP have merged their records by mistake.",
    "{first:w1} says someone used her NI number ({ni}) to take out a loan. She's terrified "
    "of the debt collectors.",
    "The school gave {first:g1} a new UPN ({upn}) after the adoption order. Is that standard?",
    "NHS number {nhs} and CHI {chi} belong to the same boy, {first:b1}, who has lived on "
    "both sides of the border.",
    "Could someone at the Trust check H&C {hc}? The baby's health visitor says it isn't "
    "registered.",
    "Please email {email} rather than me about {first:b1}'s review; I'm on leave from tomorrow.",
    "The referrer's email ({email}) bounced, and the referral names {first:g1} and gives "
    "her NHS number ({nhs}).",
    "I've been asked to add {first:m1}'s NI number ({ni}) to the education form. He's 17 "
    "and it feels wrong.",
    "Transfer from Scotland: CHI {chi} for {full:g1}. Her new NHS number in England is {nhs}.",
    "Our health visiting records show NHS {nhs} for {first:g1} and H&C {hc} from when the "
    "family lived in Newry.",
    "The pupil tracker export had UPN {upn} next to {full:b1}'s name and it was emailed "
    "to the wrong school.",
    "{first:w1}'s NI number is {ni}. The benefits adviser needs it before Friday or the "
    "claim lapses.",
    "Northern Ireland colleagues: is {hc} a valid H&C number? The GP practice keeps "
    "rejecting it for {first:b1}.",
    "For the court bundle: mother {full:w1}, NI {ni}; child {first:g1}, NHS {nhs}, UPN {upn}.",
    "Adoption medical for {first:b1}: NHS number {nhs}, H&C {hc} from his birth in Belfast.",
    "The admissions team needs {first:g1}'s UPN ({upn}) and proof of address ({address}, "
    "{postcode}) before she can start.",
    "The exclusion letter for {full:b1}, UPN {upn}, was copied to the whole governing "
    "body by mistake.",
]

NEGATIVE = [
    "Does anyone have a good template for a section 47 strategy discussion? Ours dates "
    "from 2016 and doesn't reflect Working Together 2023.",
    "Reminder: the Early Help panel has moved to {meeting_date} at {time} in the Civic "
    "Centre. Please send apologies to the business support inbox.",
    "I've been re-reading Munro (2011) and her point about compliance culture still "
    "stands. Are we any less driven by timescales now?",
    "Our team has used Signs of Safety for three years. Has anyone compared it with the "
    "Graded Care Profile 2 for neglect?",
    "The training pack uses QQ 12 34 56 A as the example NI number, which is deliberately "
    "invalid. Please don't put real ones in case studies.",
    "The NSPCC helpline is 0808 800 5000 if anyone needs it for their leaflets.",
    "Wenger's idea of a community of practice is helpful here: a domain, a community and "
    "a practice, developed together.",
    "Has anyone applied Kolb's learning cycle to their CPD records? Social Work England "
    "want at least one piece with peer reflection.",
    "Brené Brown's work on shame and vulnerability changed how I run team meetings. "
    "Worth a read if you haven't.",
    "Action learning set this month is on {meeting_date}, {time} to 12.30. Revans said no "
    "learning without action, so bring an issue you're stuck on.",
    "Does anyone know whether the Children Act 1989 section 20 guidance has been updated "
    "since the Supreme Court judgement?",
    "BASW and the Social Workers Union have published new guidance on caseloads. Our "
    "branch meeting is at {time} on {meeting_date}.",
    "I'm an ASYE in Leeds and finding the transition from university hard. How did others "
    "manage the first six months?",
    "Our local authority has just moved to Mosaic from LCS. The data migration has been "
    "painful and nobody can find the old chronologies.",
    "Any recommendations for reading on attachment beyond Bowlby and Ainsworth? I'm "
    "putting together a reading list for students.",
    "Ofsted visit next week. Anyone have tips for the focused visit on care leavers?",
    "The Care Act 2014 section 42 duty keeps coming up in our adult safeguarding "
    "discussions. Is anyone running training on it?",
    "Proctor's three functions of supervision (normative, formative, restorative) are a "
    "good lens for reviewing your own supervision notes.",
    "Heron's six categories of intervention work well in reflective groups. I use the "
    "catalytic questions most.",
    "I've been asked to present at the Barnardo's conference in Cardiff on {meeting_date}. "
    "Nervous but excited.",
    "Can someone explain why the portal rejects an NHS number like {bad10}? Our trainer "
    "says it fails the check digit, which is the point of the exercise.",
    "Team Around the Family meetings in our area run for 90 minutes. Is that typical, or "
    "do other authorities keep them shorter?",
    "The Scottish guidance (National Guidance for Child Protection in Scotland 2021, "
    "updated 2023) is much clearer on this than ours.",
    "Our AMHP rota has three gaps next month. If anyone in the Glasgow or Edinburgh "
    "networks wants to share practice, get in touch through the forum.",
    "Deadline for CPD is 30 November. Remember you need two pieces and one with peer reflection.",
    "The purchase order for the training is {bad10}. Finance say they need it on the "
    "invoice, not the booking form.",
    "Working in the {district} area is hard this winter: three food banks have closed "
    "and the family hubs are stretched.",
    "Lave and Wenger's legitimate peripheral participation describes how students join "
    "our team: slowly, from the edges.",
    "Has anyone used the HSE Management Standards Indicator Tool with their team? We "
    "scored badly on demands and role.",
    "I'm looking for research on the impact of Early Help on re-referral rates. Research "
    "in Practice had a briefing in 2022.",
    "Schön's reflection-in-action versus reflection-on-action came up in my practice "
    "educator session today.",
    "Quick poll: how many of you still hand-write case notes during visits and type them up later?",
    "Our Child Protection conferences are now hybrid. It's working better than I "
    "expected, though some parents struggle with the tech.",
    "The ProQOL questionnaire asks about the last 30 days. Is anyone using it in supervision?",
    "I'd recommend the Cafcass practice guidance on domestic abuse. It's long but clear.",
    "Anyone going to the NISCC event in Belfast on {meeting_date}? I'll be there from {time}.",
    "Our policy reference is SG-POL-07 and it's overdue for review. Who owns "
    "safeguarding policy in your organisation?",
    "Paragraph 4.3.2 of the procedures says the LADO must be informed within one working "
    "day. Is that realistic for you?",
    "The room booking code for Thursday's reflective session is RB-2025-118. See you at {time}.",
    "Reflecting on my first year: the best thing I did was join this community. The worst "
    "was saying yes to everything.",
    "Social Care Wales changed the CPD rules from 1 April 2025. No more 90 hours, but you "
    "still keep a record in case you're sampled.",
    "Is anyone using the Mental Capacity Act 2005 Code of Practice draft yet? The "
    "consultation closed in July.",
    "I'm a teacher and our DSL is off sick. Who should I go to with a concern in the meantime?",
    "Our Ofcom-style drama numbers training used 0113 496 as an example prefix. Is there "
    "a list somewhere of safe numbers for role plays?",
    "Can we talk about burnout? Two thirds of us work while ill, according to the Bath Spa survey.",
    "Ferguson's work on home visits and 'walking the walk' with children is brilliant. "
    "Sharing the link in the library.",
    "Strategy meeting notes are due within 24 hours in our area. Is anyone managing that "
    "with current caseloads?",
    "Great session from Frontline colleagues on systemic practice. Slides are in the "
    "library under 'Systemic approaches'.",
    "Our team manager wants everyone to have done the trauma-informed practice module by "
    "{meeting_date}. Anyone done it already?",
    "The Children (Scotland) Act 1995 and the Children's Hearings (Scotland) Act 2011 "
    "still confuse me when I work across the border.",
    "Tip: the SSSC's Continuous Professional Learning declaration replaced the hours "
    "count in June 2024.",
    "I've drafted a one-page guide to anonymising case studies: use Child A, Child B, "
    "and change ages by a year or two.",
    "Is it just me, or has the MARAC threshold crept up? Our Idva says referrals with a "
    "DASH score of 14 are being bounced.",
    "The UPN format in our training slides ({bad_upn}) has the wrong check letter on "
    "purpose. Spot the error!",
    "Our duty desk opens at 8:45 and closes at {time}. Out of hours covers the rest.",
    "I'm working on a knowledge map of what our community covers. Gaps so far: "
    "neurodivergent parents and kinship care.",
    "Bronfenbrenner's ecological model is a great way into assessment for students who "
    "find the Assessment Triangle too abstract.",
    "The meeting on {meeting_date} will cover the new PLO guidance. Please read the "
    "pre-proceedings letter templates beforehand.",
    "Has anyone tried the 'flexible group' format for reflective sessions? Each member "
    "reflects on what the issue raises for them.",
    "Rant incoming: the new case management system times out after 15 minutes and loses "
    "everything I typed.",
    "Winnicott's 'good enough' parenting still gets quoted in court reports. Is it still "
    "useful or is it a cliché now?",
    "Any social workers in Swansea interested in a joint training day with the police on "
    "child exploitation?",
    "Guidance for newly qualified staff: see Appendix 3 of the induction pack, version "
    "2.1, dated 12/09/2024.",
    "The Mind helpline and Samaritans are good numbers to have on your lanyard card.",
    "The ethics module references Banks (2012) on ethical challenges. Does anyone have a "
    "more recent text?",
    "Our early help hub uses the Outcomes Star. Does anyone have evidence it works better "
    "than a bespoke plan?",
    "I'm doing my practice educator award and need a reflective piece on a learning "
    "dispute. Any structure recommendations beyond Gibbs?",
    "PCF domain 6, Critical Reflection and Analysis, is where my ASYE assessor says I "
    "need more evidence.",
    "Does anyone know if the NHS number example 943 476 5918 in the old guidance is "
    "meant to fail? The final digit doesn't match.",
    "We reviewed 14 serious case reviews from 2015 to 2020. The common theme was poor "
    "information sharing between health and education.",
    "Thanks Priya, that's really helpful. I'll try the genogram exercise with my team.",
    "Hi all, I'm new to the forum. I've been a social worker in Kirklees for six years and "
    "now work in fostering.",
    "Our staff survey used a five-point scale. The lowest score was on manager support, "
    "items 8, 23 and 29.",
    "Contact sessions at the family centre on Station Road have moved to weekends because "
    "of staffing.",
    "The training code for next month's course is SWE-CPD-2026-04. Book through the "
    "learning portal.",
    "I find the Signs of Safety three columns (what are we worried about, what's working "
    "well, what needs to happen) easy to explain to families.",
    "The council's switchboard reference for our service is extension 4521, but nobody "
    "ever answers it.",
    "Does anyone use the Brook traffic light tool for harmful sexual behaviour? Our school "
    "nurses swear by it.",
    "The Munro review recommended less prescription and more professional judgement. "
    "Thirteen years on, where are we?",
    "Looking for a peer to reflect with for my CPD. Social Work England says a peer can be "
    "any registered social worker.",
    "Our team is based in Manchester but covers Salford too. Anyone else working across "
    "two authorities?",
    "I attended the Action for Children webinar at {time} on {meeting_date}. Really good "
    "on young carers.",
    "Appreciate everyone's replies, Tom. Good to know it's not just our authority.",
    "In our area, the MASH triage timescale is 24 hours; after that it goes to the "
    "assessment team. What's yours?",
    "The HCPC used to regulate us in England. Some older colleagues still refer to HCPC "
    "standards in supervision.",
    "Room 2.14 at the Civic Centre is booked for the action learning set every six weeks "
    "from {meeting_date}.",
    "Has anyone seen the new Kinship Care Strategy? It came out in December 2023.",
    "The Mental Health Act 1983 section 136 figures for our county are up 20%. Is anyone "
    "else seeing this?",
    "Research from Bath Spa University with BASW found that peer support was the main "
    "protective factor.",
    "Reminder that Childline is 0800 1111 for young people. Worth adding to any leaflets "
    "you hand out.",
    "I'm not sure about the language of 'hard to reach' families. Fook and Gardner talk "
    "about critical reflection on exactly this.",
    "Our group rules: confidentiality, no scrutinising cases, speak from an 'I' place, and "
    "safeguarding duties override confidentiality.",
    "Ticket number {bad10} for the IT helpdesk has been open since {meeting_date}. Anyone "
    "else having trouble with the VPN?",
    "Has anyone got an NI number example for training that isn't real? I've seen "
    "{bad_ni} used but I'm not sure it's safe.",
    "Our team moved to the Leeds office near the {district} border. Parking is a nightmare.",
    "I ran a session on Kadushin's model of supervision for new managers. Slides in the library.",
    "The 2019 Children's Commissioner report on young carers is still the best summary I've found.",
    "Our students read Trevithick on social work skills in their first year. Is there "
    "anything more up to date?",
    "Anyone from Women's Aid on here? I'd love to talk about joint training with our housing team.",
    "The Early Help assessment form has 14 sections. Our families find it intrusive. Has "
    "anyone cut theirs down?",
    "Wellbeing check: how is everyone doing this week? It's been a heavy one on our team.",
    "Hawkins and Shohet's seven-eyed model helped me prepare for supervising a newly "
    "qualified colleague.",
    "Our Ofsted judgement came out on {meeting_date}. Requires improvement, which is "
    "better than last time.",
    "Does the Social Services and Well-being (Wales) Act 2014 have an equivalent of "
    "section 17 Child in Need?",
    "Our county's LADO referrals went from 112 to 167 between 2022 and 2024.",
    "Looking for someone to shadow in a youth offending team. I'm based in Bristol and can travel.",
    "Please send your reflections from the {meeting_date} session to the facilitator "
    "before {time} on Friday.",
    "Is there a rule of thumb for how much of a 37-hour week should be direct work? Ours "
    "is about 20%.",
    "The Children (Northern Ireland) Order 1995 uses 'Article' rather than 'section', "
    "which always trips me up.",
    "We use the Outcomes Framework version 3.2 in our early help team.",
    "Safe number for role plays: 07700 900 is the Ofcom drama prefix, but you still need "
    "the full six digits after it to be valid.",
    "I've updated the library entry on trauma-informed practice with links to the NHS "
    "Education for Scotland framework.",
    "The Kolb cycle, Gibbs and Driscoll's 'What? So what? Now what?' all end up in the "
    "same place for me.",
    "Anyone else's annual leave system reset on 1 April? I've lost five days.",
    "The Serious Case Review into Daniel Pelka is still taught on our qualifying "
    "programme, and rightly so.",
    "For anyone revising for the AMHP course: the nearest relative provisions are in section 26.",
    "Our NHS trust's referral form version 7 asks for the referrer's GMC number. Social "
    "workers don't have one!",
    "The new Working Together chapter 2 on multi-agency expectations is worth reading in full.",
    "Does anyone run a young carers' group for children aged 8 to 12? We're starting one "
    "in the spring.",
    "Most 7-year-olds can tell you who they feel safe with if you ask in the right way.",
    "Our parenting group is for families with under-5s, and the youth group is for young "
    "people aged 13-17.",
    "KS2 covers ages 7 to 11. Our school nurse service stops at the end of Year 6.",
    "The project was born out of a conversation at the 2019 BASW conference.",
    "Bowlby (1969) is still the starting point, but I'd pair it with Crittenden for a "
    "more dynamic view.",
    "We need a volunteer to take minutes at the {meeting_date} meeting. Sign-up sheet is "
    "in the library.",
    "Any advice on writing chronologies? Ours go back to 2008 and run to 60 pages.",
    "Brilliant webinar from the Centre of Excellence for Children's Care and Protection "
    "(CELCIS) on {meeting_date}.",
    "Dr Bowlby's later work on loss is underrated. Reading it alongside grief theory now.",
    "Course ID 20451 on the learning portal is the refresher for Level 3 safeguarding.",
    "Our old helpdesk number was 0113 2022 87 but it's been switched off.",
    "The Independent Review of Children's Social Care (MacAlister, 2022) recommended "
    "family help teams.",
    "Our locality covers {district} and the city centre. Caseloads are 22 on average.",
    "The invoice number from the venue was INV-2025-00418. Finance have paid it.",
    "The policy was reviewed on 03/02/2025 and is next due in 2027.",
    "Eileen Munro spoke at our conference in 2018. Still the clearest voice on "
    "systems thinking in child protection.",
    "Meeting moved to 10:30 in room 4. Strategy discussion for the new referral first, "
    "then the core group.",
    "Hi Sarah, yes, the training is on the intranet. Thanks for asking.",
    "In the case study, Mrs K. is a single parent of three; her eldest, Child B, is a young "
    "carer. Use it for the group exercise.",
    "Has anyone used {term} with families where there's domestic abuse? I'm finding it "
    "hard to adapt.",
    "Interesting discussion at the {org} event in {place} about {term}. My notes are in "
    "the library.",
    "{author} makes a point I keep coming back to: we learn most from the work that goes "
    "wrong, if we're allowed to talk about it.",
    "I'm writing an essay on {law}. Is there any good commentary beyond the statutory guidance?",
    "Our {place} team is recruiting two ASYEs. The closing date is {meeting_date}.",
    "Training on {law} at {time} on {meeting_date}, room 3.02. Bring your own examples "
    "(anonymised).",
    "Does {org} still offer free training for foster carers? Our budget has gone.",
    "I've added {author} on {term} to the reading list for new starters.",
    "Anyone in {place} have a contact at {org}? We'd like to run a joint session.",
    "Our reflective group keeps coming back to {author}. Is there a newer take on this?",
    "The {term} model is being rolled out across {place} from {meeting_date}.",
    "What does 'reasonable' mean under {law}? Our legal team and the court don't agree.",
    "Supervision today used {author}'s model. I left feeling heard for the first time in months.",
    "Could someone share their {term} meeting agenda? Ours runs over every time.",
    "We've been commissioned by {org} to evaluate {term} in three authorities.",
    "Is anyone in {place} doing joint visits with the police under {law}?",
    "The {org} report published on {meeting_date} has good data on caseloads.",
    "{author} and {author} would disagree about this, I think, and both would have a point.",
    "Moving from {place} to {place} next month. Any tips on settling into a new team?",
    "Book club: this month we're reading {author}. We meet on {meeting_date} at {time}.",
    "Our {term} panel meets every second Tuesday at {time}.",
    "Does {law} apply to 16- and 17-year-olds who present as homeless? I keep getting "
    "different answers.",
    "New to {place} and keen to meet people working in {term}.",
    "The conference in {place} on {meeting_date} has a strand on {term}. Early bird "
    "booking closes soon.",
    "{org} have a helpful briefing on {law}. I've put the link in the library.",
    "Looking for examples of {term} plans that families actually understood.",
    "Our audit found that {term} was mentioned in 80% of plans but used well in about a third.",
    "I presented on {author} at the {place} practice forum. People were kinder than I expected.",
    "Does anyone have a flowchart for {law}? I learn better from pictures.",
    "Our Level 3 safeguarding refresher runs 09:30 to 16:00 on {meeting_date}. Lunch is provided.",
    "Section 11 audits are due by the end of the quarter. Has anyone got a good "
    "self-assessment tool?",
    "The 2021 census data for our ward shows 34% of children living in poverty.",
    "Our IRO service has 11 staff for 640 children in care. How does that compare?",
    "Does anyone know the rule for phone numbers in training videos? We were told to use "
    "the Ofcom drama ranges only.",
    "Part 6 of the Welsh code of practice is the one on looked after and accommodated children.",
    "We have a CPD budget of £250 per person this year. What do other authorities offer?",
    "Rota for the duty desk: weeks 14 to 19 are still uncovered. Please add yourself.",
    "Has anyone seen the Children's Society report on children in temporary "
    "accommodation? Shocking figures.",
    "I'm looking for a mentor who has done the AMHP training at Manchester Metropolitan.",
    "The Local Safeguarding Partnership published its annual report on {meeting_date}. "
    "Neglect is still the top category.",
    "Edinburgh colleagues: is the IRD guidance from 2021 still current, or has it been replaced?",
    "Reflection prompt from today's group: what did you notice in your body when the "
    "family raised their voices?",
    "Grant reference 2025/CP/114 covers our peer mentoring pilot until March.",
    "Families in the west of the county wait twice as long for CAMHS. It's a postcode lottery.",
    "Our anonymised example has Mr X and his partner Ms Y. Please keep it that way when you "
    "adapt it for your own teams.",
    # Added after profiles naming real councils, health bodies, police forces and
    # universities failed to save ("Milton Keynes", "Angus Council", "Kingston upon
    # Thames"; "Safe sleep, Infant feeding"): places and public bodies are not names.
    # Written from the public names in accounts/seeding/places.py, not from the scanner.
    "I'm a senior practitioner at Leeds City Council, working in the Early Help hub in "
    "the east of the city.",
    "Just moved from Milton Keynes City Council to Bedford Borough Council. Any tips for "
    "settling into a new authority?",
    "Angus Council and Dundee City Council are running joint training on neglect in the spring.",
    "Our team in Merton covers the whole borough; Kingston upon Thames and Richmond upon "
    "Thames share a children's services company.",
    "Interests: Safe sleep, Infant feeding, Early help, Perinatal mental health.",
    "Topics I can help with: Infant feeding, Safe sleep, Early attachment and bonding.",
    "Comhairle nan Eilean Siar has a small team, so we rely on NHS Western Isles for a "
    "lot of the health input.",
    "Rhondda Cynon Taf, Merthyr Tydfil and Blaenau Gwent all sit within Cwm Taf Morgannwg"
    " University Health Board.",
    "Has anyone worked with Betsi Cadwaladr University Health Board on transitions for "
    "care leavers?",
    "I'm a practice educator at Robert Gordon University and a sessional worker for "
    "Aberdeenshire Council.",
    "West Yorkshire Police and Kirklees Council have a new protocol for children who go missing.",
    "Devon and Cornwall Police run the MASH with Plymouth City Council and Torbay Council.",
    "The Police Service of Northern Ireland and the Belfast Health and Social Care Trust "
    "share a single referral form.",
    "I qualified at the University of the West of England and now work for South "
    "Gloucestershire Council.",
    "Derry City and Strabane District Council is piloting family hubs with the Western "
    "Health and Social Care Trust.",
    "Newry, Mourne and Down District Council and Armagh City, Banbridge and Craigavon "
    "Borough Council have merged their training calendars.",
    "Our CAMHS referrals go to Leeds and York Partnership NHS Foundation Trust, and "
    "paediatrics to Leeds Teaching Hospitals.",
    "Greater Manchester Mental Health NHS Foundation Trust covers Salford, Trafford and "
    "Bolton for adult services.",
    "Alder Hey Children's NHS Foundation Trust has a great safeguarding team. Does anyone"
    " else use their training?",
    "I work across Redcar and Cleveland and Middlesbrough, so the Teesside protocols matter to me.",
    "Social worker, North Lanarkshire. Previously West Dunbartonshire and East Renfrewshire.",
    "Senior practitioner, Waltham Forest. Interested in contextual safeguarding and exploitation.",
    "Family support worker, Bracknell Forest Council. Ask me about parenting programmes.",
    "The London Borough of Barking and Dagenham and the Royal Borough of Greenwich are "
    "recruiting ASYEs.",
    "The Kingston and Richmond Safeguarding Children Partnership has published its annual report.",
    "Moving from Stoke-on-Trent to Newcastle-under-Lyme: same county, very different thresholds!",
    "Cheshire West and Chester Council, Warrington and Halton share an out-of-hours team.",
    "Any AMHPs in Dyfed-Powys? Hywel Dda University Health Board is asking for feedback "
    "on section 136 suites.",
    "NHS Greater Glasgow and Clyde and Glasgow City Council run the Health and Social "
    "Care Partnership together.",
    "Na h-Eileanan Siar and Orkney both have island-proofing duties under the Islands "
    "(Scotland) Act 2018.",
    "I trained at Goldsmiths, University of London, then worked in Lewisham and Southwark.",
    "King's College London and Queen's University Belfast are running a joint webinar on "
    "kinship care.",
    "Lisburn and Castlereagh City Council, Mid and East Antrim and Mid Ulster use the "
    "same out-of-hours service.",
    "Blackburn with Darwen Borough Council and Lancashire Constabulary signed a data "
    "sharing agreement last year.",
    "East Riding of Yorkshire Council and Hull City Council are looking at a joint MASH.",
    "Our Vale of Glamorgan team links with Cardiff and Vale University Health Board for "
    "health assessments.",
    "Kingston Hospital and St George's in Tooting both have named nurses for safeguarding.",
    "The Angus Health and Social Care Partnership covers Arbroath, Forfar and Montrose.",
    "Richmond and Wandsworth share a council workforce, which confuses new starters.",
    "Moray Council, Aberdeenshire Council and Aberdeen City Council all use NHS Grampian "
    "for health assessments.",
    "I'm based at Shetland Islands Council; NHS Shetland is across the road.",
    "Sheffield Hallam University and Sheffield Children's NHS Foundation Trust run a "
    "placement scheme together.",
]


def render(template: str, filler: Filler) -> tuple[str, list[dict]]:
    """Fill every {slot[:key]} in a template; return the text and its gold spans."""
    parts, spans, cursor = [], [], 0
    length = 0
    for match in re.finditer(r"\{(\w+)(?::(\w+))?\}", template):
        literal = template[cursor : match.start()]
        parts.append(literal)
        length += len(literal)
        slot, key = match.group(1), match.group(2)
        text, kind, inner = getattr(filler, slot)(key)
        if kind:
            start, end = inner or (0, len(text))
            spans.append({"kind": kind, "start": length + start, "end": length + end})
        parts.append(text)
        length += len(text)
        cursor = match.end()
    parts.append(template[cursor:])
    return "".join(parts), spans


def build() -> list[dict]:
    rng = random.Random(SEED)
    records = []
    repeats = rng.sample(POSITIVE, len(POSITIVE))
    positives = POSITIVE + repeats * (POSITIVE_TEXTS // len(POSITIVE))
    for i in range(POSITIVE_TEXTS):
        template = positives[i]
        text, spans = render(template, Filler(rng))
        records.append({"id": f"pos-{i + 1:03d}", "text": text, "spans": spans})
    # Templates without slots would repeat word for word, so only slotted ones are reused.
    reusable = [t for t in NEGATIVE if "{" in t]
    negatives = NEGATIVE + reusable * (NEGATIVE_TEXTS // len(reusable))
    for i in range(NEGATIVE_TEXTS):
        template = negatives[i]
        text, spans = render(template, Filler(rng))
        assert not spans, template
        records.append({"id": f"neg-{i + 1:03d}", "text": text, "spans": spans})
    return records


def check_coverage(records: list[dict]) -> Counter:
    counts = Counter(span["kind"] for record in records for span in record["spans"])
    thin = {kind: n for kind, n in counts.items() if n < MIN_SPANS_PER_KIND}
    assert len(counts) == 12 and not thin, f"too few examples: {thin or counts}"
    return counts


def main() -> None:
    records = build()
    counts = check_coverage(records)
    with OUTPUT.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} texts written to {OUTPUT.name}")
    print(f"spans per kind: {dict(sorted(counts.items()))}")


if __name__ == "__main__":
    main()
