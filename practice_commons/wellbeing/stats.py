"""Comparing two periods: the difference of two means with a 95% confidence interval
(Welch's t, the two periods treated as independent samples, which they are not quite:
many people answer in both; the interval is then somewhat wider than it need be)."""

from dataclasses import dataclass
from math import sqrt

_T975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131,
    16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074,
    23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045,
    30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}  # fmt: skip


def t_critical(df: float) -> float:
    """Two-sided 95% critical value of Student's t, from the nearest tabulated degrees
    of freedom at or below ``df`` (so never smaller than the exact value)."""
    if df >= 1000:
        return 1.960
    rows = [r for r in _T975 if r <= df]
    return _T975[max(rows)] if rows else _T975[1]


@dataclass(frozen=True)
class Difference:
    change: float
    low: float
    high: float

    @property
    def clear(self) -> bool:
        return self.low > 0 or self.high < 0


def difference(n1: int, mean1: float, sd1, n2: int, mean2: float, sd2) -> Difference | None:
    """``mean2 - mean1`` with its 95% interval; ``None`` where numbers do not allow one
    (fewer than two people, or no spread to estimate)."""
    if n1 < 2 or n2 < 2 or sd1 is None or sd2 is None:
        return None
    v1, v2 = sd1**2 / n1, sd2**2 / n2
    se = sqrt(v1 + v2)
    change = mean2 - mean1
    if se == 0:
        return Difference(change, change, change)
    df = (v1 + v2) ** 2 / ((v1**2) / (n1 - 1) + (v2**2) / (n2 - 1))
    margin = t_critical(df) * se
    return Difference(change, change - margin, change + margin)
