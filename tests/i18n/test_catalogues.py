"""The Welsh interface is complete: every interface string is marked for translation,
every marked string has a Welsh translation, and the committed catalogues are in step
with the source.

A new string written without `{% translate %}` / `gettext`, or marked but left out of
(or untranslated in) its app's `locale/cy/LC_MESSAGES/django.po`, fails here with the
file and line. `scripts/untranslated_strings.py` and `scripts/make_messages.sh` are the
tools that fix it (README, "Welsh").
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "practice_commons"
sys.path.insert(0, str(ROOT / "scripts"))

import untranslated_strings  # noqa: E402

# Interface text not yet marked, as `path: text` lines (see the file's own header).
# The test fails on anything not listed here, and on a listed line that is gone (so
# the list only shrinks).
KNOWN_GAPS = Path(__file__).with_name("known_untranslated.txt")
PYTHON_FORMAT = re.compile(r"%\((\w+)\)[sdif]|%[sdif]")
HTML_TAG = re.compile(r"</?([a-z][a-z0-9]*)\b")


def catalogue_paths() -> list[Path]:
    return sorted(SOURCE.glob("**/locale/cy/LC_MESSAGES/django.po"))


def read_catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle, abort_invalid=True)


def entries(path: Path):
    return [message for message in read_catalogue(path) if message.id]


def _forms(message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple) else [message.id]


def _translations(message) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def _known_gaps() -> set[str]:
    if not KNOWN_GAPS.exists():
        return set()
    lines = KNOWN_GAPS.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line.strip() and not line.startswith("#")}


def _gap_key(finding) -> str:
    return f"{finding.path.relative_to(ROOT)}: {finding.text}"


def test_there_is_a_welsh_catalogue_for_the_templates_and_the_apps():
    places = {path.relative_to(SOURCE).parts[0] for path in catalogue_paths()}
    assert {"templates", "accounts", "communities", "discussions", "events"} <= places


def test_every_interface_string_is_marked_for_translation():
    found = {_gap_key(finding) for finding in untranslated_strings.findings([SOURCE])}
    known = _known_gaps()
    new = sorted(found - known)
    assert not new, (
        "Interface text not marked for translation (wrap it in {% translate %} or "
        "gettext, then run scripts/make_messages.sh and translate it):\n" + "\n".join(new)
    )
    mended = sorted(known - found)
    assert not mended, (
        "These lines of tests/i18n/known_untranslated.txt are marked now; remove them:\n"
        + "\n".join(mended)
    )


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_every_entry_has_a_welsh_translation(path):
    missing = [
        message.id
        for message in entries(path)
        if message.fuzzy or not all(text.strip() for text in _translations(message))
    ]
    assert not missing, f"{path.relative_to(ROOT)}: no Welsh (or fuzzy) for {missing[:20]}"


@pytest.mark.parametrize("path", catalogue_paths(), ids=lambda p: str(p.relative_to(SOURCE)))
def test_translations_keep_every_placeholder_and_tag(path):
    broken = []
    for message in entries(path):
        source = _forms(message)[-1]
        expected_placeholders = sorted(set(PYTHON_FORMAT.findall(source)))
        expected_tags = sorted(HTML_TAG.findall(source))
        for text in _translations(message):
            if sorted(set(PYTHON_FORMAT.findall(text))) != expected_placeholders:
                broken.append((message.id, text, "placeholders"))
            elif sorted(HTML_TAG.findall(text)) != expected_tags:
                broken.append((message.id, text, "HTML tags"))
    assert not broken, f"{path.relative_to(ROOT)}: {broken[:10]}"


def test_the_welsh_plural_rule_is_declared_in_every_catalogue():
    for path in catalogue_paths():
        catalogue = read_catalogue(path)
        assert catalogue.num_plurals == 4, path
        assert str(catalogue.locale) == "cy", path


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed"
)
def test_catalogues_are_in_step_with_the_source(tmp_path):
    """makemessages over a copy of the source finds exactly the committed msgids."""
    copy = tmp_path / "practice_commons"
    shutil.copytree(
        SOURCE,
        copy,
        ignore=shutil.ignore_patterns("static", "__pycache__", "*.mo", "node_modules"),
    )
    for path in catalogue_paths():
        place = path.relative_to(SOURCE).parts[0]
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py, fixed arguments
            [
                sys.executable,
                str(ROOT / "manage.py"),
                "makemessages",
                "--locale",
                "cy",
                "--no-obsolete",
                "--ignore",
                "tests/*",
                "--ignore",
                "migrations/*",
                "--ignore",
                "locale/*",
            ],
            cwd=copy / place,
            check=True,
            capture_output=True,
        )
    out_of_step = {}
    for path in catalogue_paths():
        fresh = copy / path.relative_to(SOURCE)
        committed_ids = {message.id for message in entries(path)}
        fresh_ids = {message.id for message in entries(fresh)}
        if committed_ids != fresh_ids:
            out_of_step[str(path.relative_to(ROOT))] = {
                "not in the catalogue": sorted(map(str, fresh_ids - committed_ids))[:10],
                "no longer in the source": sorted(map(str, committed_ids - fresh_ids))[:10],
            }
    assert not out_of_step, (
        f"Run scripts/make_messages.sh and translate the new entries: {out_of_step}"
    )
