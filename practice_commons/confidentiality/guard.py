"""The one entry point every service calls before it stores free text.

``guard_texts`` scans each named text. High-confidence findings block the write;
low-confidence findings block it until the writer acknowledges them. The exception
carries the findings so the page can highlight them and offer "redact and continue";
it never carries the text into logs: its ``str()`` names only fields and kinds.
"""

from dataclasses import dataclass

from .scanner import Finding, redact, scan


@dataclass(frozen=True)
class FieldFindings:
    field: str
    findings: tuple[Finding, ...]

    @property
    def kinds(self) -> list[str]:
        return sorted({f.kind for f in self.findings})


class ConfidentialityError(Exception):
    """Free text contains identifiable details of someone the writer works with."""

    blocking = True

    def __init__(self, fields: list[FieldFindings]):
        self.fields = fields
        summary = ", ".join(f"{f.field}: {'/'.join(f.kinds)}" for f in fields)
        super().__init__(f"confidentiality findings ({summary})")

    def as_api_errors(self) -> list[dict]:
        """Kinds and offsets only: the API never echoes the identifying text back."""
        return [
            {
                "field": f.field,
                "kind": finding.kind,
                "start": finding.start,
                "end": finding.end,
                "confidence": finding.confidence,
            }
            for f in self.fields
            for finding in f.findings
        ]


class ConfidentialityBlocked(ConfidentialityError):
    """At least one high-confidence finding: the text cannot be stored as written."""


class ConfidentialityWarning(ConfidentialityError):
    """Only low-confidence findings: the writer may confirm and store the text."""

    blocking = False


def scan_texts(texts: dict[str, str]) -> list[FieldFindings]:
    """The findings in each named text (fields without findings are left out)."""
    flagged = []
    for field, text in texts.items():
        findings = tuple(scan(text or ""))
        if findings:
            flagged.append(FieldFindings(field=field, findings=findings))
    return flagged


def guard_texts(*, texts: dict[str, str], acknowledged: bool = False) -> None:
    """Raise if any text must not be stored. Call inside the service, before writing
    anything (including audit entries and task payloads), so a blocked text leaves no
    trace. ``acknowledged`` lets low-confidence findings through once the writer has
    confirmed they are not details of people they work with; it never overrides a block.
    """
    flagged = scan_texts(texts)
    if not flagged:
        return
    if any(f.confidence == "high" for ff in flagged for f in ff.findings):
        raise ConfidentialityBlocked(flagged)
    if not acknowledged:
        raise ConfidentialityWarning(flagged)


def redact_texts(texts: dict[str, str]) -> dict[str, str]:
    """Each text with every finding replaced by its label (``[name]``, ``[NHS number]``)."""
    return {field: redact(text or "") for field, text in texts.items()}
