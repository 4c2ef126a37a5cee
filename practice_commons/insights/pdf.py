"""The community impact report as a PDF (ReportLab platypus): health figures, consented
feedback quotes and featured value-creation stories for a period. The same context as
the web page, so the two never disagree."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from practice_commons.core.pdf import TEAL, pdf_fonts


def _p(text, style):
    return Paragraph(escape(str(text)).replace("\n", "<br/>"), style)


def impact_report_pdf(context: dict) -> bytes:
    regular, bold = pdf_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("b", parent=base["BodyText"], fontName=regular, fontSize=10, leading=14)
    h1 = ParagraphStyle("h1", parent=base["Heading1"], fontName=bold, textColor=TEAL)
    h2 = ParagraphStyle("h2", parent=base["Heading2"], fontName=bold, fontSize=13)
    h3 = ParagraphStyle("h3", parent=base["Heading3"], fontName=bold, fontSize=11)
    quote = ParagraphStyle(
        "q", parent=body, leftIndent=8 * mm, textColor=colors.HexColor("#383f43")
    )
    community, health = context["community"], context["health"]
    out = BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        title=_("Impact report — %(community)s") % {"community": community.name},
        author="Practice Commons",
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    )
    story = [
        _p(_("Impact report: %(community)s") % {"community": community.name}, h1),
        _p(
            _("%(current)s, compared with %(previous)s.")
            % {"current": health.current.period.label, "previous": health.previous.period.label},
            body,
        ),
        _p(
            _("Figures about fewer than 10 people are shown as “fewer than 10”."),
            body,
        ),
        Spacer(1, 4 * mm),
        _p(_("Health of the community"), h2),
    ]
    rows = [
        [
            _p(_("Figure"), body),
            _p(_("This quarter"), body),
            _p(_("Previous quarter"), body),
            _p(_("Change"), body),
        ]
    ]
    for _key, label, this, prev, change in health.comparison():
        rows.append(
            [
                _p(_(label), body),
                _p(this.text, body),
                _p(prev.text, body),
                _p(change.change_text, body),
            ]
        )
    table = Table(rows, colWidths=[80 * mm, 30 * mm, 35 * mm, 25 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#b1b4b6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story.append(table)
    gaps = context.get("gaps") or []
    if gaps:
        story += [Spacer(1, 4 * mm), _p(_("Knowledge gaps"), h2)]
        for row in gaps:
            story.append(_p(f"{row.topic.name}: {'; '.join(row.gaps)}", body))
    story += [Spacer(1, 4 * mm), _p(_("What members said"), h2)]
    quotes = context.get("quotes") or []
    if quotes:
        story += [_p(f"“{q}”", quote) for q in quotes]
    else:
        story.append(_p(_("No feedback quoted with consent in this period."), body))
    story += [Spacer(1, 4 * mm), _p(_("Value-creation stories"), h2)]
    stories = context.get("stories") or []
    if not stories:
        story.append(_p(_("No featured stories in this period."), body))
    for item in stories:
        story.append(_p(item.title, h3))
        story.append(
            _p(
                _("Cycles: %(cycles)s") % {"cycles": ", ".join(str(c) for c in item.cycle_labels)},
                body,
            )
        )
        for label, text in (
            (_("What happened"), item.what_happened),
            (_("What it gave"), item.what_it_gave),
            (_("How it was used"), item.how_used),
            (_("What difference it made"), item.difference),
            (_("Evidence"), item.evidence),
        ):
            if text:
                story.append(_p(f"{label}: {text}", body))
        story.append(_p(f"— {item.author.display_name}", body))
    doc.build(story)
    return out.getvalue()
