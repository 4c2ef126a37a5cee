"""``manage.py confidentiality_scan``: the contract that tools outside the code rely on.

Needs Django settings (to find the command) but no database.
"""

import io
import json
import sys

import pytest
from django.core.management import CommandError, call_command

NHS = "943 476 5919"


@pytest.fixture
def command(monkeypatch):
    """``command(stdin, *args)`` -> (stdout, stderr, CommandError or None)."""

    def run(stdin, *args):
        monkeypatch.setattr(sys, "stdin", stdin)
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("confidentiality_scan", *args, stdout=out, stderr=err)
        except CommandError as error:
            return out.getvalue(), err.getvalue(), error
        return out.getvalue(), err.getvalue(), None

    return run


def test_plain_text_gives_findings_and_redaction(command):
    text = f"Zoë's NHS number is {NHS}; ring mum on 07700 900123."
    out, _, _ = command(io.StringIO(text))
    result = json.loads(out)
    assert set(result) == {"findings", "redacted"}
    assert result["findings"][0] == {"kind": "person_name", "start": 0, "end": 3, "text": "Zoë"}
    for finding in result["findings"]:
        assert set(finding) == {"kind", "start", "end", "text"}
        assert text[finding["start"] : finding["end"]] == finding["text"]
    assert [f["kind"] for f in result["findings"]] == ["person_name", "nhs_number", "phone"]
    assert result["redacted"] == "[name]'s NHS number is [NHS number]; ring mum on [phone]."


def test_offsets_are_characters_not_bytes_and_line_endings_are_kept(command):
    text = "Café notes 😊\r\nNHS " + NHS
    stdin = io.TextIOWrapper(io.BytesIO(text.encode("utf-8")), encoding="latin-1")
    out, _, _ = command(stdin)
    [finding] = json.loads(out)["findings"]
    assert (finding["start"], finding["end"]) == (text.index(NHS), len(text))
    assert out.isascii()


def test_stdin_that_is_not_utf8_is_an_error(command):
    _, _, error = command(io.TextIOWrapper(io.BytesIO(b"caf\xe9 " + NHS.encode())))
    assert "not UTF-8" in str(error)


def test_jsonl_prints_one_result_per_line_with_its_id(command):
    lines = [
        json.dumps({"id": "a", "text": f"NHS {NHS}"}),
        "",
        json.dumps({"id": 7, "text": "Nothing to see here."}),
    ]
    out, err, error = command(io.StringIO("\n".join(lines) + "\n"), "--jsonl")
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == ["a", 7]
    assert results[0]["findings"] == [{"kind": "nhs_number", "start": 4, "end": 16, "text": NHS}]
    assert results[0]["redacted"] == "NHS [NHS number]"
    assert results[1] == {"id": 7, "findings": [], "redacted": "Nothing to see here."}
    assert (err, error) == ("", None)


def test_jsonl_reports_bad_lines_by_number_and_fails_at_the_end(command):
    lines = [
        "{not json",
        json.dumps({"id": 1, "text": f"NHS {NHS}"}),
        json.dumps(["a list"]),
        json.dumps({"text": "no id"}),
        json.dumps({"id": 2, "text": 3}),
        json.dumps({"id": 3, "text": "fine"}),
    ]
    out, err, error = command(io.StringIO("\n".join(lines)), "--jsonl")
    assert "4 line(s) could not be scanned" in str(error)
    assert [json.loads(line)["id"] for line in out.splitlines()] == [1, 3]
    assert [m.split(":")[0] for m in err.splitlines()] == ["line 1", "line 3", "line 4", "line 5"]
    assert "Traceback" not in err


def test_jsonl_line_that_is_not_utf8(command):
    raw = b'{"id": 1, "text": "caf\xe9"}\n' + json.dumps({"id": 2, "text": "ok"}).encode()
    out, err, error = command(io.TextIOWrapper(io.BytesIO(raw)), "--jsonl")
    assert error is not None
    assert err.startswith("line 1: not UTF-8")
    assert json.loads(out)["id"] == 2
