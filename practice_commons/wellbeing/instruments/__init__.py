"""Validated instruments held as data: items, answer scales, scoring, bands, licence.

An ``Instrument`` is pure data plus one scoring engine (``score``): reverse-scored
items become ``(low + high) - answer``; each scale is the mean or the sum of its items.
Adding an instrument is one module like ``hse.py`` and one line in ``INSTRUMENTS``.
Only instruments licensed for this use are held (WEMWBS/SWEMWBS are not: they need a
registered licence and may not be republished)."""

from dataclasses import dataclass, field

from ..questions import Measure, register_measure


@dataclass(frozen=True)
class Item:
    number: int
    text: str
    options: str  # key into Instrument.option_sets


@dataclass(frozen=True)
class Band:
    label: str
    low: float
    high: float
    meaning: str


@dataclass(frozen=True)
class Scale:
    key: str
    label: str
    items: tuple[int, ...]
    explanation: str
    reverse: tuple[int, ...] = ()
    method: str = "mean"  # or "sum"
    bands: tuple[Band, ...] = ()
    higher_is_better: bool = True

    @property
    def measure_name(self) -> str:
        return self.key


@dataclass(frozen=True)
class Instrument:
    slug: str
    name: str
    short_name: str
    minutes: int
    introduction: str
    option_sets: dict
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    licence: str
    norms: str
    low: int = 1
    high: int = 5
    checks: tuple[str, ...] = field(default_factory=tuple)

    def options_for(self, item: Item) -> list[tuple[int, str]]:
        return self.option_sets[item.options]

    def score(self, answers: dict[int, int]) -> dict[str, float]:
        """Each scale's score from ``{item number: answer}`` (every item answered)."""
        missing = [i.number for i in self.items if i.number not in answers]
        if missing:
            raise ValueError(f"unanswered items: {missing}")
        results = {}
        for scale in self.scales:
            values = [
                (self.low + self.high - answers[n]) if n in scale.reverse else answers[n]
                for n in scale.items
            ]
            total = sum(values)
            results[scale.key] = round(total / len(values), 2) if scale.method == "mean" else total
        return results

    def band(self, scale: Scale, value: float) -> Band | None:
        for band in scale.bands:
            if band.low <= value <= band.high:
                return band
        return None

    def scale(self, key: str) -> Scale:
        return next(s for s in self.scales if s.key == key)


def _measures_for(instrument: Instrument) -> None:
    for scale in instrument.scales:
        if scale.method == "mean":
            bins = tuple(
                (str(v), v - 0.5 if v > instrument.low else instrument.low, v + 0.4999)
                for v in range(instrument.low, instrument.high + 1)
            )
        else:
            bins = tuple((b.label, b.low, b.high) for b in scale.bands)
        register_measure(
            Measure(
                scale.key,
                f"{instrument.short_name}: {scale.label}",
                instrument.slug,
                "mean 1–5" if scale.method == "mean" else "sum 10–50",
                bins,
                higher_is_better=scale.higher_is_better,
                display_prefix=instrument.short_name,
                display_name=scale.label,
            )
        )


from .hse import HSE  # noqa: E402
from .proqol import PROQOL  # noqa: E402

INSTRUMENTS: dict[str, Instrument] = {i.slug: i for i in (HSE, PROQOL)}
for _instrument in INSTRUMENTS.values():
    _measures_for(_instrument)


def instrument(slug: str) -> Instrument | None:
    return INSTRUMENTS.get(slug)
