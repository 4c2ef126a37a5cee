"""What every PDF the product draws with ReportLab shares: the brand colour and an
embedded TrueType font, so names and titles in Welsh (ŵ, ŷ) and other languages print as
written. DejaVu Sans where the system has it, otherwise the Bitstream Vera font that
ships inside ReportLab, so a PDF never depends on the machine."""

from functools import cache
from pathlib import Path

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

TEAL = HexColor("#00625e")
_SYSTEM_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)


@cache
def pdf_fonts() -> tuple[str, str]:
    """The (regular, bold) font names, registered with ReportLab on first use."""
    regular, bold = _SYSTEM_FONTS
    if not (regular.exists() and bold.exists()):
        import reportlab

        folder = Path(reportlab.__file__).parent / "fonts"
        regular, bold = folder / "Vera.ttf", folder / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont("PCSans", str(regular)))
    pdfmetrics.registerFont(TTFont("PCSans-Bold", str(bold)))
    return "PCSans", "PCSans-Bold"
