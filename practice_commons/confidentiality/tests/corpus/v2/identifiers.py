"""Fictional identifiers for the v2 corpus, written the ways people write them.

Check digits are computed by the rules in /work/shared/domain.md (python-stdnum for the
UPN letter); UK phone numbers come from Ofcom's drama ranges; foreign numbers are valid
for ``phonenumbers`` but made up; postcodes have real outward codes and random inward
codes. ``render(kind)`` returns ``(text, [(kind, start, end)])``.
"""

import random
from datetime import date, timedelta
from pathlib import Path

import phonenumbers
from stdnum.gb import upn as stdnum_upn

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
OUTWARD = {
    "england": ["LS6", "LS9", "BD3", "M14", "OL11", "B11", "NG7", "SR4", "NE8", "PL2", "S2", "E8"],
    "wales": ["CF10", "CF24", "SA1", "SA15", "LL57", "NP20", "SY23", "LL13", "CF47", "SA31"],
    "scotland": ["G42", "G51", "EH6", "DD1", "IV2", "HS1", "AB24", "PA1", "KA1", "DG1"],
    "ni": ["BT9", "BT12", "BT14", "BT47", "BT48", "BT35", "BT79", "BT74", "BT43", "BT5"],
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
STREETS = [
    "Beech",
    "Foundry",
    "Harehills",
    "Victoria",
    "Mill",
    "Chapel",
    "Station",
    "Albert",
    "Church",
    "Park",
    "Kingsway",
    "Orchard",
    "Rosemount",
    "Bridge",
    "Dale",
    "Moorland",
]
STREET_TYPES = ["Road", "Street", "Lane", "Close", "Avenue", "Court", "Drive", "Crescent", "Way"]
WELSH_STREETS = [
    "Heol y Parc",
    "Heol Fawr",
    "Ffordd yr Eglwys",
    "Stryd y Castell",
    "Lôn Las",
    "Maes y Dref",
    "Rhodfa'r Môr",
    "Cilgant y Bryn",
    "Heol Tawe",
    "Ffordd Glan",
    "Stryd Fawr",
    "Lôn Goed",
]
SCOTTISH_STREETS = [
    "Dumbarton Road",
    "Paisley Road West",
    "Maryhill Road",
    "Leith Walk",
    "Easter Road",
    "Hilltown",
    "Great Western Road",
    "Cathcart Road",
    "Perth Road",
    "Gorgie Road",
]
NI_STREETS = [
    "Glen Road",
    "Shankill Parade",
    "Ardoyne Avenue",
    "Carnhill Gardens",
    "Falls Road",
    "Creggan Road",
    "Newtownards Road",
    "Shore Road",
    "Antrim Road",
    "Bishop Street",
]
EMAIL_DOMAINS = ["gmail.com", "hotmail.co.uk", "outlook.com", "yahoo.co.uk", "icloud.com"]
LOCALS = ["kerryholloway", "jade.m", "mum.of.three", "t.okafor", "ffion.p", "eilidh_mac"]
FOREIGN_REGIONS = ["PL", "RO", "IE", "NG", "IN", "PK", "LT", "FR", "ES", "GH", "VN", "SO"]
CASE_SYSTEM_FORMS = ["digits", "digits", "digits", "dashed", "slashed", "prefixed"]


def mod11(nine: str) -> int | None:
    check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(nine)) % 11
    return 0 if check == 11 else (None if check == 10 else check)


class IdentifierMaker:
    def __init__(self, rng: random.Random, split: str):
        self.rng = rng
        numbers = Path(__file__).parents[3] / "scanner" / "data" / "public_numbers.txt"
        lines = numbers.read_text(encoding="utf-8").splitlines()
        rows = [line.split("|") for line in lines if line.strip() and not line.startswith("#")]
        self.helplines = [(row[1].strip(), row[0].strip()) for row in rows]

    # --- helpers ------------------------------------------------------------------------

    def _digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def _ten(self, first: str) -> str:
        while True:
            nine = first + self._digits(9 - len(first))
            check = mod11(nine)
            if check is not None:
                return nine + str(check)

    def _write_ten(self, digits: str, chi: bool = False) -> str:
        a, b, c = digits[:3], digits[3:6], digits[6:]
        forms = [
            f"{a} {b} {c}",
            f"{a} {b} {c}",
            digits,
            f"{a}.{b}.{c}",
            f"{a}  {b}  {c}",
            f"{a}-{b}-{c}",
            f"{a} {b}\n{c}",
            f"{a}{b} {c}",
        ]
        if chi:
            forms += [digits, digits, f"{digits[:6]} {digits[6:]}", f"{digits[:6]}-{digits[6:]}"]
        return self.rng.choice(forms)

    # --- identifiers --------------------------------------------------------------------

    def nhs(self) -> str:
        return self._write_ten(self._ten(self.rng.choice("456789")))

    def chi(self) -> str:
        born = date(2004, 1, 1) + timedelta(days=self.rng.randrange(7300))
        return self._write_ten(self._ten(born.strftime("%d%m%y")), chi=True)

    def hc(self) -> str:
        while True:
            nine = str(self.rng.randrange(320_000_001, 399_999_999))
            check = mod11(nine)
            if check is not None:
                return self._write_ten(nine + str(check))

    def bad_nhs(self) -> str:
        while True:
            digits = self.rng.choice("456789") + self._digits(9)
            if mod11(digits[:9]) != int(digits[9]):
                return self._write_ten(digits)

    def ni(self) -> str:
        while True:
            prefix = self.rng.choice("ABCEGHJKLMNOPRSTWXYZ") + self.rng.choice(
                "ABCEGHJKLMNPRSTWXYZ"
            )
            if prefix not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}:
                break
        d, suffix = self._digits(6), self.rng.choice("ABCD")
        form = self.rng.choice(
            [
                f"{prefix} {d[:2]} {d[2:4]} {d[4:]} {suffix}",
                f"{prefix}{d}{suffix}",
                f"{prefix} {d[:3]} {d[3:]} {suffix}",
                f"{prefix}{d} {suffix}",
                f"{prefix} {d} {suffix}",
            ]
        )
        return form.lower() if self.rng.random() < 0.2 else form

    def upn(self) -> str:
        rest = f"{self.rng.choice([201, 330, 373, 800, 823, 886, 919, 936])}"
        rest += self._digits(4) + self.rng.choice(["15", "17", "19", "21"]) + self._digits(3)
        code = stdnum_upn.calc_check_digit(rest) + rest
        roll = self.rng.random()
        if roll < 0.1:
            return code.lower()
        if roll < 0.2:
            return f"{code[:4]} {code[4:8]} {code[8:]}"
        return code

    def postcode(self, nation: str | None = None) -> str:
        nation = nation or self.rng.choice(sorted(OUTWARD))
        outward = self.rng.choice(OUTWARD[nation])
        inward = self.rng.choice("123456789") + "".join(
            self.rng.choice(INWARD_LETTERS) for _ in range(2)
        )
        form = self.rng.choice(["std", "std", "std", "lower", "nospace", "mixed", "lowernospace"])
        if form == "lower":
            return f"{outward} {inward}".lower()
        if form == "nospace":
            return outward + inward
        if form == "mixed":
            return f"{outward[0]}{outward[1:].lower()} {inward.lower()}"
        if form == "lowernospace":
            return (outward + inward).lower()
        return f"{outward} {inward}"

    def phone(self) -> str:
        rng = self.rng
        if rng.random() < 0.7:
            rest = f"900{rng.randrange(1000):03d}"
            form = rng.choice(
                [
                    f"07700 {rest}",
                    f"07700{rest}",
                    f"+44 7700 {rest}",
                    f"+44 (0)7700 {rest}",
                    f"+44 (0) 7700 {rest}",
                    f"0044 7700 {rest}",
                    f"07700-{rest[:3]}-{rest[3:]}",
                    f"07700 {rest[:3]} {rest[3:]}",
                ]
            )
            return form
        area, local = rng.choice(
            [
                ("0113", "496 0"),
                ("029", "2018 0"),
                ("0131", "496 0"),
                ("028", "9649 6"),
                ("0141", "496 0"),
            ]
        )
        return f"{area} {local}{rng.randrange(1000):03d}"

    def phone_intl(self) -> str:
        rng = self.rng
        while True:
            region = rng.choice(FOREIGN_REGIONS)
            example = phonenumbers.example_number_for_type(
                region, phonenumbers.PhoneNumberType.MOBILE
            )
            national = str(example.national_number)
            candidate = national[:-4] + self._digits(4)
            number = phonenumbers.parse(f"+{example.country_code}{candidate}")
            if phonenumbers.is_valid_number(number):
                break
        written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
        roll = rng.random()
        if roll < 0.2:
            return "00" + written[1:]
        if roll < 0.35:
            return written.replace(" ", "")
        return written

    def email(self) -> str:
        rng = self.rng
        local = rng.choice(LOCALS) + (str(rng.randrange(10, 99)) if rng.random() < 0.5 else "")
        domain = rng.choice(EMAIL_DOMAINS)
        roll = rng.random()
        if roll < 0.15:
            return f"{local} at {domain.replace('.', ' dot ')}"
        if roll < 0.25:
            return f"{local} [at] {domain.replace('.', ' [dot] ')}"
        if roll < 0.3:
            return f"{local}(at){domain}"
        return f"{local}@{domain}"

    def address(self) -> str:
        rng = self.rng
        number = f"{rng.randrange(1, 140)}{rng.choice(['', '', '', 'a', 'b'])}"
        street = f"{rng.choice(STREETS)} {rng.choice(STREET_TYPES)}"
        written = f"{number} {street}"
        if rng.random() < 0.2:
            written = f"Flat {rng.randrange(1, 12)}, {written}"
        return written.lower() if rng.random() < 0.25 else written

    def address_welsh(self) -> str:
        written = f"{self.rng.randrange(1, 90)} {self.rng.choice(WELSH_STREETS)}"
        return written.lower() if self.rng.random() < 0.15 else written

    def address_scot(self) -> str:
        rng = self.rng
        flat = f"{rng.randrange(0, 4)}/{rng.randrange(1, 4)}"
        street = f"{rng.randrange(1, 400)} {rng.choice(SCOTTISH_STREETS)}"
        return rng.choice([f"Flat {flat}, {street}", f"{flat}, {street}", f"{street}, flat {flat}"])

    def address_ni(self) -> str:
        written = f"{self.rng.randrange(1, 200)} {self.rng.choice(NI_STREETS)}"
        return written.lower() if self.rng.random() < 0.15 else written

    def dob(self) -> str:
        rng = self.rng
        born = date(2003, 1, 1) + timedelta(days=rng.randrange(7600))
        d, m, y = born.day, born.month, born.year
        suffix = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        return rng.choice(
            [
                f"{d:02d}/{m:02d}/{y}",
                f"{d:02d}.{m:02d}.{y}",
                f"{d}.{m}.{str(y)[2:]}",
                f"{d}/{m}/{str(y)[2:]}",
                f"the {d}{suffix} of {MONTHS[m - 1]} {y}",
                f"{d}{suffix} {MONTHS[m - 1]} {y}",
                f"{d} {MONTHS[m - 1][:3]} {y}",
                f"{MONTHS[m - 1]} {d}{suffix} {y}",
                f"{y}-{m:02d}-{d:02d}",
            ]
        )

    def case(self) -> str:
        rng = self.rng
        form = rng.choice(CASE_SYSTEM_FORMS)
        if form == "digits":
            return self._digits(rng.choice([6, 7, 7, 8]))
        if form == "dashed":
            prefix = rng.choice(["CP", "CIN", "LAC", "EH"])
            return f"{prefix}-{rng.randrange(2015, 2026)}-{self._digits(5)}"
        if form == "slashed":
            prefix = rng.choice(["CIN", "CP", "FS"])
            return f"{prefix}/{rng.randrange(2015, 2026)}/{self._digits(4)}"
        return f"{rng.choice(['SW', 'CF', 'AS', 'LL'])}{self._digits(6)}"

    def helpline(self) -> str:
        name, digits = self.rng.choice(self.helplines)
        if len(digits) == 11:
            written = self.rng.choice(
                [f"{digits[:4]} {digits[4:7]} {digits[7:]}", digits, f"{digits[:4]} {digits[4:]}"]
            )
        else:
            written = f"{digits[:4]} {digits[4:]}"
        return f"{name} on {written}" if self.rng.random() < 0.7 else f"{name} ({written})"

    # --- slots --------------------------------------------------------------------------

    def render(self, kind: str) -> tuple[str, list]:
        if kind == "address_pc":
            address = self.address()
            town = self.rng.choice(["Leeds", "Cardiff", "Glasgow", "Belfast", "Oldham"])
            postcode = self.postcode()
            text = f"{address}, {town} {postcode}"
            start = len(text) - len(postcode)
            return text, [("address", 0, len(address)), ("postcode", start, len(text))]
        text = getattr(self, kind)()
        gold = {
            "nhs": "nhs_number",
            "chi": "chi_number",
            "hc": "hc_number",
            "ni": "ni_number",
            "upn": "upn",
            "postcode": "postcode",
            "phone": "phone",
            "phone_intl": "phone",
            "email": "email",
            "address": "address",
            "address_welsh": "address",
            "address_scot": "address",
            "address_ni": "address",
            "dob": "date_of_birth",
            "case": "case_reference",
        }[kind]
        return text, [(gold, 0, len(text))]
