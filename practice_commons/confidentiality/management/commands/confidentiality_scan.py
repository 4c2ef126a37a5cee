"""``manage.py confidentiality_scan [--jsonl]``: run the confidentiality scanner on stdin.

Plain: reads all of stdin as UTF-8 text and prints one JSON object,
``{"findings": [{"kind", "start", "end", "text"}], "redacted": ...}``, with character
offsets into the input exactly as given (stdin is decoded from bytes, so Windows line
endings are not rewritten and offsets stay true).

``--jsonl``: reads one JSON object per line, ``{"id": ..., "text": ...}``, and prints one
result per line, the same shape plus ``"id"``, so a large corpus runs in one process. A bad
line is reported on stderr with its line number and skipped; the command then fails at
the end, after every good line has been scanned.

Output is ASCII JSON (non-ASCII characters escaped), so it survives any terminal encoding.
"""

import json
import sys
from collections.abc import Iterator
from typing import TextIO

from django.core.management.base import BaseCommand, CommandError

from practice_commons.confidentiality.scanner import redact, scan


class Command(BaseCommand):
    help = "Scan UTF-8 text on stdin for identifiers of people; print findings and redaction."

    def add_arguments(self, parser):
        parser.add_argument(
            "--jsonl",
            action="store_true",
            help='Read one {"id": ..., "text": ...} object per line; print one result per line.',
        )

    def handle(self, *args, jsonl: bool, **options):
        if jsonl:
            self._scan_lines(sys.stdin)
        else:
            self.stdout.write(json.dumps(result_for(_read_all(sys.stdin))))

    def _scan_lines(self, stream: TextIO) -> None:
        failures = scanned = 0
        for number, line in _numbered_lines(stream):
            if not line.strip():
                continue
            try:
                record_id, text = parse_record(line)
            except ValueError as error:
                failures += 1
                self.stderr.write(f"line {number}: {error}")
                continue
            self.stdout.write(json.dumps({"id": record_id, **result_for(text)}))
            scanned += 1
        if failures:
            raise CommandError(f"{failures} line(s) could not be scanned ({scanned} scanned).")


def result_for(text: str) -> dict:
    findings = scan(text)
    return {
        "findings": [
            {"kind": f.kind, "start": f.start, "end": f.end, "text": f.text} for f in findings
        ],
        "redacted": redact(text, findings),
    }


def parse_record(line: str | bytes) -> tuple[object, str]:
    """The id and text of one JSONL line; ValueError says what is wrong with it."""
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError as error:
            raise ValueError(f"not UTF-8 (byte {error.start})") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from None
    if not isinstance(record, dict):
        raise ValueError('expected an object like {"id": ..., "text": ...}')
    if "id" not in record:
        raise ValueError('missing "id"')
    if not isinstance(record.get("text"), str):
        raise ValueError('"text" must be a string')
    return record["id"], record["text"]


def _read_all(stream: TextIO) -> str:
    source = getattr(stream, "buffer", None)
    if source is None:  # an in-memory text stream
        return stream.read()
    try:
        return source.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise CommandError(f"stdin is not UTF-8 (byte {error.start})") from None


def _numbered_lines(stream: TextIO) -> Iterator[tuple[int, str | bytes]]:
    """Lines of stdin as written (bytes where stdin has them), one at a time, so a huge
    corpus is never held in memory; ``parse_record`` decodes each."""
    yield from enumerate(getattr(stream, "buffer", stream), 1)
