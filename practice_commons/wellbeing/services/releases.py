"""Publishing aggregates: one frozen ``Release`` per closed quarter.

The first time anyone asks for figures after a quarter has ended (or the nightly job
runs), every cell of that quarter and of its three months is computed for every
measure and group, suppressed jointly (``suppression.suppress``) and stored. After
that the stored cells are the only source of figures, so nothing that happens later
(a deletion, a late change of membership) can change a published number.

A person's value in a period is the mean of their answers in it; their groups are
those of their latest answer in it. ``n`` counts people, not answers."""

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction

from .. import periods
from ..models import Release, ReleaseCell, Response
from ..pseudonym import unseal
from ..questions import MEASURES
from ..suppression import Cell, K, mean_sd, suppress


def _units(rows, quarter: dt.date) -> dict:
    """{(period_kind, period): {subject: (latest day, groups, {measure: [values]})}}"""
    units: dict = defaultdict(dict)
    for row in rows:
        envelope = unseal(row.sealed)
        if not envelope:
            continue  # sealed under another secret: nobody's any more
        day = dt.date.fromisoformat(envelope["day"])
        for key in (("quarter", quarter), ("month", row.month)):
            latest, group_ids, values = units[key].get(row.subject, (None, (), {}))
            if latest is None or day >= latest:
                latest, group_ids = day, envelope["groups"]
            for measure, value in row.scores.items():
                values.setdefault(measure, []).append(float(value))
            units[key][row.subject] = (latest, group_ids, values)
    return units


def _cells(units: dict, quarter: dt.date) -> dict:
    """Cells keyed (period_kind, period ISO, group) holding each subject's values."""
    cells: dict = {}
    for (period_kind, period), subjects in units.items():
        for subject, (_day, group_ids, values) in subjects.items():
            person = {m: sum(v) / len(v) for m, v in values.items()}
            for group in group_ids:
                key = (period_kind, period.isoformat(), group)
                cell = cells.get(key)
                if cell is None:
                    cell = cells[key] = Cell(
                        period_kind,
                        period.isoformat(),
                        group,
                        quarter_key=(
                            ("quarter", quarter.isoformat(), group)
                            if period_kind == "month"
                            else None
                        ),
                    )
                cell.values[subject] = person
    return cells


def _stored(release: Release, cells: dict) -> list[ReleaseCell]:
    rows = []
    for cell in cells.values():
        measures = sorted({m for person in cell.values.values() for m in person})
        for name in measures:
            measure = MEASURES.get(name)
            if measure is None:
                continue
            row = ReleaseCell(
                release=release,
                measure=name,
                period_kind=cell.period_kind,
                period=dt.date.fromisoformat(cell.period),
                group=cell.group,
                suppressed=not cell.published,
            )
            if cell.published:
                values = [p[name] for p in cell.values.values() if name in p]
                mean, sd = mean_sd(values)
                distribution = dict.fromkeys(measure.bin_labels, 0)
                for value in values:
                    distribution[measure.bin_of(value)] += 1
                row.n, row.mean, row.sd = len(values), round(mean, 3), sd
                row.distribution = distribution
            rows.append(row)
    return rows


def release_build(quarter: dt.date, *, k: int = K) -> Release | None:
    """Compute and freeze the release of a closed quarter (once; ``None`` if open)."""
    quarter = periods.quarter_start(quarter)
    if not periods.is_closed(quarter):
        return None
    existing = Release.objects.filter(quarter=quarter).first()
    if existing is not None:
        return existing
    months = periods.quarter_months(quarter)
    rows = Response.objects.filter(month__in=months).only(
        "subject", "kind", "month", "scores", "sealed"
    )
    by_kind: dict = defaultdict(list)
    for row in rows.iterator(chunk_size=2000):
        by_kind[row.kind].append(row)
    try:
        with transaction.atomic():
            release = Release.objects.create(quarter=quarter, computed_at=periods.today())
            respondents = set()
            stored = []
            for kind_rows in by_kind.values():
                cells = _cells(_units(kind_rows, quarter), quarter)
                suppress(cells, k)
                stored += _stored(release, cells)
                respondents |= {r.subject for r in kind_rows}
            ReleaseCell.objects.bulk_create(stored, batch_size=2000)
            release.respondents = len(respondents)
            release.save(update_fields=["respondents"])
    except IntegrityError:  # built at the same moment by another request
        return Release.objects.filter(quarter=quarter).first()
    return release


def releases_ensure(*, on: dt.date | None = None) -> int:
    """Build every missing release from the first answer's quarter to the last closed
    one. Returns how many were built. Idempotent."""
    first = Response.objects.order_by("month").values_list("month", flat=True).first()
    if first is None:
        return 0
    last = periods.last_closed_quarter(on)
    done = set(Release.objects.values_list("quarter", flat=True))
    built = 0
    quarter = periods.quarter_start(first)
    while quarter <= last:
        if quarter not in done and release_build(quarter) is not None:
            built += 1
        quarter = periods.add_months(quarter, 3)
    return built


def releases_reset() -> int:
    """Forget every release (the demo seeder, after writing past answers)."""
    return Release.objects.all().delete()[0]
