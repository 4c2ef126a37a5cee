"""A registration period's records as CSV, JSON and a PDF portfolio.

Each record's fields come in the order of Social Work England's online CPD form (type of
activity, title, date, description, what you learnt, impact, peer reflection), so each
can be copied field by field into the regulator's form; the other regulators' records
ask for a subset of the same. The PDF is drawn with ReportLab, with an embedded TrueType
font so Welsh and other accents print as written.
"""

import csv
import io
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import dateformat, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from practice_commons.core.pdf import TEAL, pdf_fonts

from . import frameworks
from .frameworks import Framework, Period


@dataclass(frozen=True)
class Column:
    key: str
    header: str


# The export's columns, in the order of the regulator's form. Keep CSV and JSON keys here.
COLUMNS = (
    Column("id", gettext_lazy("Record")),
    Column("status", gettext_lazy("Status")),
    Column("activity_type", gettext_lazy("Type of activity")),
    Column("title", gettext_lazy("Title")),
    Column("date", gettext_lazy("Date")),
    Column("end_date", gettext_lazy("Last day")),
    Column("hours", gettext_lazy("Hours")),
    Column("description", gettext_lazy("What you did and why it is relevant")),
    Column("what_learnt", gettext_lazy("What you learnt")),
    Column("impact", gettext_lazy("Impact on your practice and the people you work with")),
    Column("peer_reflection", gettext_lazy("Peer reflection")),
    Column("peer_roles", gettext_lazy("Who you reflected with (roles)")),
    Column("peer_learning", gettext_lazy("What you learnt from discussing it with a peer")),
    Column("pcf_domains", gettext_lazy("PCF domains")),
    Column("standards", gettext_lazy("Standards")),
    Column("evidence", gettext_lazy("Evidence")),
)


def record_row(record, framework: Framework) -> dict:
    """One record as the export's fields (strings, ready to paste)."""
    pcf = [frameworks.pcf_domain(c) for c in record.pcf_domains or []]
    standards = [framework.standard(c) for c in record.standards or []]
    evidence = [
        _("%(label)s: %(url)s") % {"label": e.label, "url": e.url}
        if e.url
        else _("%(label)s (file: %(file)s)") % {"label": e.label, "file": e.file_name}
        for e in record.evidence.all()
    ]
    return {
        "id": record.pk,
        "status": str(record.get_status_display()),
        "activity_type": str(record.get_activity_type_display()),
        "title": record.title,
        "date": record.date.isoformat(),
        "end_date": record.end_date.isoformat() if record.end_date else "",
        "hours": f"{record.hours}",
        "description": record.description,
        "what_learnt": record.what_learnt,
        "impact": record.impact,
        "peer_reflection": (
            pgettext("peer reflection done", "Yes")
            if record.peer_reflection
            else pgettext("peer reflection done", "No")
        ),
        "peer_roles": record.peer_roles,
        "peer_learning": record.peer_learning,
        "pcf_domains": "; ".join(f"{d.code}. {d.title}" for d in pcf if d),
        "standards": "; ".join(str(s.title) for s in standards if s),
        "evidence": "; ".join(evidence),
    }


def _safe_cell(value):
    """A spreadsheet must not run a cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_text(records, framework: Framework) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.header) for c in COLUMNS])
    for record in records:
        row = record_row(record, framework)
        writer.writerow([_safe_cell(row[c.key]) for c in COLUMNS])
    return out.getvalue()


def json_data(user, records, framework: Framework, period: Period) -> dict:
    return {
        "framework": framework.key,
        "framework_name": str(framework.name),
        "regulator": str(framework.regulator_label),
        "period_start": period.start.isoformat(),
        "period_end": period.end.isoformat(),
        "exported_at": timezone.now().isoformat(),
        "columns": {c.key: str(c.header) for c in COLUMNS},
        "records": [record_row(r, framework) for r in records],
    }


# --- PDF portfolio ----------------------------------------------------------------------------


def _text(value: str) -> str:
    return escape(str(value or "")).replace("\n", "<br/>")


def _day(value) -> str:
    """ "3 March 2026", with the month's name in the active language."""
    return dateformat.format(value, "j F Y")


def pdf_bytes(user, records, framework: Framework, period: Period, progress=None) -> bytes:
    regular, bold = pdf_fonts()
    styles = {
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=20, leading=24, textColor=TEAL),
        "h2": ParagraphStyle("h2", fontName=bold, fontSize=14, leading=18, spaceBefore=6),
        "label": ParagraphStyle("label", fontName=bold, fontSize=9, leading=12),
        "body": ParagraphStyle("body", fontName=regular, fontSize=10, leading=14),
        "small": ParagraphStyle("small", fontName=regular, fontSize=8, leading=10),
    }
    buffer = io.BytesIO()
    name = user.full_name or user.display_name
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("CPD portfolio: %(name)s") % {"name": name},
        author=name,
        subject=_("%(framework)s, %(start)s to %(end)s")
        % {"framework": framework.name, "start": _day(period.start), "end": _day(period.end)},
        creator=settings.SITE_NAME,
    )
    story = [
        Paragraph(_text(_("CPD portfolio")), styles["h1"]),
        Spacer(1, 4 * mm),
        Paragraph(_text(name), styles["h2"]),
        Paragraph(_text(framework.regulator_label), styles["body"]),
        Paragraph(
            _text(
                _("%(period)s: %(start)s to %(end)s")
                % {
                    "period": capfirst(framework.period_label),
                    "start": _day(period.start),
                    "end": _day(period.end),
                }
            ),
            styles["body"],
        ),
        Spacer(1, 3 * mm),
        Paragraph(_text(framework.summary), styles["body"]),
    ]
    if progress is not None and progress.requirements:
        rows = [[_("Requirement"), _("You have"), _("Needed")]] + [
            [str(r.label), str(r.have), str(r.need)] for r in progress.requirements
        ]
        table = Table(rows, hAlign="LEFT", colWidths=[90 * mm, 35 * mm, 35 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONT", (0, 0), (-1, -1), regular, 9),
                    ("FONT", (0, 0), (-1, 0), bold, 9),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.grey),
                ]
            )
        )
        story += [Spacer(1, 4 * mm), table]
    records = list(records)
    story += [
        Spacer(1, 4 * mm),
        Paragraph(
            ngettext("%(n)d record", "%(n)d records", len(records)) % {"n": len(records)},
            styles["body"],
        ),
    ]
    for record in records:
        row = record_row(record, framework)
        story += [PageBreak(), Paragraph(_text(record.title), styles["h2"]), Spacer(1, 2 * mm)]
        for column in COLUMNS:
            if column.key in ("id", "title"):
                continue
            value = str(row[column.key] or "")
            if not value:
                continue
            story += [
                Paragraph(_text(column.header), styles["label"]),
                Paragraph(_text(value), styles["body"]),
                Spacer(1, 2 * mm),
            ]
    story += [
        Spacer(1, 6 * mm),
        Paragraph(
            _text(
                _(
                    "Exported from %(site)s on %(day)s. Records are the person's own account "
                    "of their learning."
                )
                % {"site": settings.SITE_NAME, "day": _day(timezone.localdate())}
            ),
            styles["small"],
        ),
    ]
    doc.build(story)
    return buffer.getvalue()
