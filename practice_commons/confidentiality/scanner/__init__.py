"""The confidentiality scanner: finds identifiers of people in free text and redacts them.

Pure Python with no Django, database or network, so it runs anywhere a string does::

    from practice_commons.confidentiality.scanner import scan, redact
    findings = scan(text)      # [Finding(kind, start, end, text, confidence), ...]
    safe = redact(text, findings)
"""

from .core import redact, scan
from .findings import KINDS, LABELS, Finding

__all__ = ["KINDS", "LABELS", "Finding", "redact", "scan"]
