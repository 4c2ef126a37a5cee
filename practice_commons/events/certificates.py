"""Certificates of attendance as PDF, drawn with ReportLab.

A TrueType font is embedded so names and titles in Welsh (ŵ, ŷ) and other languages
print as written: DejaVu Sans where the system has it, otherwise the Bitstream Vera
font that ships inside ReportLab, so the certificate never depends on the machine.
"""

from functools import cache
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from . import timefmt
from .models import Registration

TEAL = HexColor("#00625e")
_SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)


@cache
def _fonts() -> tuple[str, str]:
    regular, bold = _SYSTEM_FONTS
    if not (regular.exists() and bold.exists()):
        import reportlab

        folder = Path(reportlab.__file__).parent / "fonts"
        regular, bold = folder / "Vera.ttf", folder / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont("PCSans", str(regular)))
    pdfmetrics.registerFont(TTFont("PCSans-Bold", str(bold)))
    return "PCSans", "PCSans-Bold"


def _fit(c: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest size up to ``size`` at which ``text`` fits ``width``."""
    while size > 8 and c.stringWidth(text, font, size) > width:
        size -= 1
    return size


def certificate_pdf(registration: Registration) -> bytes:
    """The certificate for an attended registration: who, what, when, how many CPD
    hours, and who hosted it."""
    regular, bold = _fonts()
    event = registration.event
    buffer = BytesIO()
    width, height = landscape(A4)
    c = canvas.Canvas(buffer, pagesize=(width, height))
    c.setTitle(f"Certificate of attendance: {event.title}")
    c.setAuthor(settings.SITE_NAME)
    c.setSubject(event.title)
    c.setStrokeColor(TEAL)
    c.setLineWidth(6)
    c.rect(24, 24, width - 48, height - 48)
    centre = width / 2
    text_width = width - 160

    c.setFillColor(TEAL)
    c.setFont(bold, 30)
    c.drawCentredString(centre, height - 110, "Certificate of attendance")
    c.setFillColorRGB(0.1, 0.1, 0.1)
    c.setFont(regular, 14)
    c.drawCentredString(centre, height - 150, "This is to certify that")
    name = registration.user.full_name or registration.user.display_name
    c.setFont(bold, _fit(c, name, bold, 26, text_width))
    c.drawCentredString(centre, height - 190, name)
    c.setFont(regular, 14)
    c.drawCentredString(centre, height - 225, "attended")
    c.setFont(bold, _fit(c, event.title, bold, 22, text_width))
    c.drawCentredString(centre, height - 262, event.title)

    c.setFont(regular, 14)
    lines = [
        f"{event.get_kind_display()} on {timefmt.day(event.starts_at)}",
        f"Hosted by {event.host_name}",
    ]
    if event.cpd_hours:
        lines.append(f"Continuing professional development: {event.cpd_hours} hours")
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
        f"Issued by {settings.SITE_NAME} on {issued}. Attendance recorded by the organisers. "
        f"Reference E{event.pk}-R{registration.pk}.",
    )
    c.showPage()
    c.save()
    return buffer.getvalue()
