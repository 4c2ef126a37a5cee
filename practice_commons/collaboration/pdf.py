"""An agreement as a PDF for each party's records: the canonical text of one version,
its hash, and who accepted it when. Drawn with ReportLab's platypus (text wraps and
flows over pages), in the same embedded font as the events' certificates."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from practice_commons.core.pdf import pdf_fonts

from .models import AgreementKind


def agreement_pdf(agreement, version) -> bytes:
    regular, bold = pdf_fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10, leading=14)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=11)
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=16, leading=20)
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=agreement.title,
        author=settings.SITE_NAME,
        subject=str(AgreementKind(agreement.kind).label),
    )
    story = [
        Paragraph(escape(agreement.title), heading),
        Paragraph(
            escape(
                _("Version %(number)s of %(latest)s. State: %(state)s.")
                % {
                    "number": version.number,
                    "latest": agreement.current_version,
                    "state": agreement.get_state_display(),
                }
            ),
            body,
        ),
        Spacer(1, 6 * mm),
    ]
    for line in version.text.splitlines():
        story.append(Paragraph(escape(line) or "&nbsp;", body))
    story.append(Spacer(1, 6 * mm))
    hash_line = _("SHA-256 of the text above: %(hash)s") % {"hash": version.text_hash}
    story.append(Paragraph(escape(hash_line), small))
    acceptances = list(version.acceptances.all())
    if acceptances:
        story.append(Spacer(1, 3 * mm))
        story.append(Paragraph(escape(_("Accepted by:")), body))
        for acceptance in acceptances:
            when = date_format(timezone.localtime(acceptance.accepted_at), "j F Y H:i")
            story.append(
                Paragraph(
                    escape(
                        _("%(name)s for %(organisation)s, %(when)s (hash %(hash)s…)")
                        % {
                            "name": acceptance.person.display_name,
                            "organisation": acceptance.party.organisation.name,
                            "when": when,
                            "hash": acceptance.text_hash[:12],
                        }
                    ),
                    small,
                )
            )
    else:
        story.append(Paragraph(escape(_("Not yet accepted by any party.")), small))
    story.append(Spacer(1, 3 * mm))
    story.append(
        Paragraph(
            escape(
                _("Exported from %(site)s on %(date)s.")
                % {"site": settings.SITE_NAME, "date": date_format(timezone.localtime(), "j F Y")}
            ),
            small,
        )
    )
    doc.build(story)
    return buffer.getvalue()
