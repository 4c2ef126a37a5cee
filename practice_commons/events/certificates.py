"""Certificates of attendance as PDF, drawn with ReportLab.

The embedded font and brand colour come from ``core.pdf`` (shared with every PDF the
product draws), so names and titles in Welsh print as written.
"""

from io import BytesIO

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas

from practice_commons.core.pdf import TEAL, pdf_fonts

from . import timefmt
from .models import Registration


def _fit(c: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width``."""
    while size > 8 and c.stringWidth(text, font, size) > width:
        size -= 1
    return size


def certificate_pdf(registration: Registration) -> bytes:
    """The certificate for an attended registration: who, what, when, how many CPD
    hours, and who hosted it."""
    regular, bold = pdf_fonts()
    event = registration.event
    buffer = BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(buffer, pagesize=(width, height))
    c.setTitle(_("Certificate of attendance: %(title)s") % {"title": event.title})
    c.setAuthor(settings.SITE_NAME)
    c.setSubject(event.title)
    c.setStrokeColor(TEAL)
    c.setLineWidth(6)
    c.rect(24, 24, width - 48, height - 48)
    centre = width / 2
    text_width = width - 160

    c.setFillColor(TEAL)
    c.setFont(bold, 30)
    c.drawCentredString(centre, height - 110, _("Certificate of attendance"))
    c.setFillColorRGB(0.1, 0.1, 0.1)
    c.setFont(regular, 14)
    c.drawCentredString(centre, height - 150, _("This is to certify that"))
    name = registration.user.full_name or registration.user.display_name
    c.setFont(bold, _fit(c, name, bold, 26, text_width))
    c.drawCentredString(centre, height - 190, name)
    c.setFont(regular, 14)
    c.drawCentredString(centre, height - 225, _("attended"))
    c.setFont(bold, _fit(c, event.title, bold, 22, text_width))
    c.drawCentredString(centre, height - 262, event.title)

    c.setFont(regular, 14)
    lines = [
        _("%(kind)s on %(day)s")
        % {"kind": event.get_kind_display(), "day": timefmt.day(event.starts_at)},
        _("Hosted by %(host)s") % {"host": event.host_name},
    ]
    if event.cpd_hours:
        lines.append(
            _("Continuing professional development: %(hours)s hours") % {"hours": event.cpd_hours}
        )
    y = height - 305
    for line in lines:
        c.setFont(regular, _fit(c, line, regular, 14, text_width))
        c.drawCentredString(centre, y, line)
        y -= 24

    c.setFont(regular, 10)
    c.setFillColorRGB(0.3, 0.3, 0.3)
    issued = timefmt.day(timezone.now())
    c.drawCentredString(
        centre,
        60,
        _(
            "Issued by %(site)s on %(day)s. Attendance recorded by the organisers. "
            "Reference %(reference)s."
        )
        % {
            "site": settings.SITE_NAME,
            "day": issued,
            "reference": f"E{event.pk}-R{registration.pk}",
        },
    )
    c.showPage()
    c.save()
    return buffer.getvalue()
