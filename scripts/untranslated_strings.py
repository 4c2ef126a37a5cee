"""List interface text that is not marked for translation.

    python scripts/untranslated_strings.py [path ...]   (default: practice_commons)

Templates (.html, .txt under a templates/ folder): text between tags and the text of
the attributes people read or hear (alt, title, placeholder, aria-label, …) that lies
outside `{% translate %}` / `{% blocktranslate %}`. Python: string literals passed as a
form field's label, help text or empty label, to `messages.*`, to `ValidationError`, or
as a TextChoices label. Exits 1 when it finds any, printing `path:line: text`.

What is allowed through is listed in ALLOWED_TEXT with the reason. The API modules
(`api*.py`, `schemas*.py`) are left out: the JSON API speaks English.
"""

from __future__ import annotations

import ast
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READ_ATTRIBUTES = frozenset(
    {"alt", "title", "placeholder", "aria-label", "aria-description", "aria-roledescription"}
)
# Text that is the same in both languages: the brand, symbols, units and codes.
ALLOWED_TEXT = frozenset(
    {
        "Practice Commons",  # the product's name
        "Cymraeg",  # the language switcher names each language in that language
        "English",
        "API",
        "CSV",
        "PDF",
        "JSON",
        "OpenAPI",
        "iCal",
        "GOV.UK",
        "ms",  # milliseconds, after a number
    }
)
LETTERS = re.compile(r"[A-Za-z]{2,}")
# A template tag or variable, replaced by a placeholder that is not a word.
PLACEHOLDER = "\x00"
SKIPPED_ELEMENTS = frozenset({"script", "style", "code", "pre", "svg", "template"})
TRANSLATED_BLOCK = re.compile(r"^(blocktranslate|blocktrans)\b")
END_TRANSLATED_BLOCK = re.compile(r"^(endblocktranslate|endblocktrans)\b")
# {% comment %} is not shown; allauth's {% setvar %} holds a value (CSS tags), not text.
COMMENT_BLOCK = re.compile(r"^(comment|setvar)\b")
END_COMMENT_BLOCK = re.compile(r"^(endcomment|endsetvar)\b")
VERBATIM_BLOCK = re.compile(r"^verbatim\b")
END_VERBATIM_BLOCK = re.compile(r"^endverbatim\b")


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        try:
            shown = self.path.relative_to(ROOT)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}: {self.text}"


def is_interface_text(text: str) -> bool:
    words = " ".join(text.replace(PLACEHOLDER, " ").split())
    if words in ALLOWED_TEXT:
        return False
    # "… — Practice Commons" in a page title: the brand beside translated text.
    words = words.replace("Practice Commons", " ")
    return bool(LETTERS.search(words))


# --- Templates -----------------------------------------------------------------------


def untranslated_template_source(source: str) -> str:
    """The template with translated blocks, tags and variables replaced by a placeholder.

    Newlines are kept, so a line in the result is the same line in the file.
    """
    from django.template.base import Lexer, TokenType

    pieces: list[str] = []
    skipping: re.Pattern | None = None
    for token in Lexer(source).tokenize():
        content = token.contents.strip()
        newlines = "\n" * _source_newlines(token)
        if skipping is not None:
            if token.token_type == TokenType.BLOCK and skipping.match(content):
                skipping = None
            pieces.append(newlines)
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        if token.token_type == TokenType.BLOCK:
            if TRANSLATED_BLOCK.match(content):
                skipping = END_TRANSLATED_BLOCK
            elif COMMENT_BLOCK.match(content):
                skipping = END_COMMENT_BLOCK
            elif VERBATIM_BLOCK.match(content):
                skipping = END_VERBATIM_BLOCK
        pieces.append(newlines if token.token_type == TokenType.COMMENT else PLACEHOLDER + newlines)
    return "".join(pieces)


def _source_newlines(token) -> int:
    # Only text spans lines: Django's tags, variables and {# #} comments cannot.
    return token.contents.count("\n")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skipped_depth = 0
        self.found: list[tuple[int, str]] = []

    def _check_attributes(self, attrs) -> None:
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and is_interface_text(value):
                self.found.append((self.getpos()[0], f'{name}="{_shown(value)}"'))

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_ELEMENTS:
            self.skipped_depth += 1
        self._check_attributes(attrs)

    def handle_startendtag(self, tag, attrs):
        self._check_attributes(attrs)

    def handle_endtag(self, tag):
        if tag in SKIPPED_ELEMENTS and self.skipped_depth:
            self.skipped_depth -= 1

    def handle_data(self, data):
        if not self.skipped_depth and is_interface_text(data):
            first_letter = LETTERS.search(data).start()
            line = self.getpos()[0] + data.count("\n", 0, first_letter)
            self.found.append((line, _shown(data)))


def _shown(text: str) -> str:
    return " ".join(text.replace(PLACEHOLDER, "…").split())


def template_findings(path: Path) -> list[Finding]:
    text = untranslated_template_source(path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        return [
            Finding(path, number, _shown(line))
            for number, line in enumerate(text.splitlines(), start=1)
            if is_interface_text(line)
        ]
    collector = _TextCollector()
    collector.feed(text)
    collector.close()
    return [Finding(path, line, shown) for line, shown in collector.found]


# --- Python --------------------------------------------------------------------------

LABEL_KEYWORDS = frozenset({"label", "help_text", "empty_label"})
MESSAGE_FUNCTIONS = frozenset({"success", "info", "warning", "error", "debug", "add_message"})
TRANSLATION_FUNCTIONS = frozenset(
    {
        "_",
        "gettext",
        "gettext_lazy",
        "ngettext",
        "ngettext_lazy",
        "pgettext",
        "pgettext_lazy",
        "gettext_noop",
        "format_lazy",
    }
)
CHOICES_BASES = frozenset({"TextChoices", "IntegerChoices", "Choices"})


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value if isinstance(part, ast.Constant) else PLACEHOLDER for part in node.values
        )
    return None


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_messages_call(call: ast.Call) -> bool:
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in MESSAGE_FUNCTIONS
        and isinstance(func.value, ast.Name)
        and func.value.id == "messages"
    )


def python_findings(path: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[Finding] = []

    def report(node: ast.AST, text: str | None) -> None:
        if text is not None and is_interface_text(text):
            found.append(Finding(path, node.lineno, " ".join(text.split())))

    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            if _called_name(node) in TRANSLATION_FUNCTIONS:
                continue
            for keyword in node.keywords:
                if keyword.arg in LABEL_KEYWORDS:
                    report(keyword.value, _literal(keyword.value))
            if _is_messages_call(node):
                for argument in node.args[1:2]:
                    report(argument, _literal(argument))
            if _called_name(node) == "ValidationError" and node.args:
                report(node.args[0], _literal(node.args[0]))
        elif isinstance(node, ast.ClassDef) and _is_choices(node):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                    label = statement.value.elts[-1]
                    if len(statement.value.elts) > 1:
                        report(label, _literal(label))
    return found


def _is_choices(node: ast.ClassDef) -> bool:
    for base in node.bases:
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
        if name in CHOICES_BASES:
            return True
    return False


# --- Walking -------------------------------------------------------------------------

SKIPPED_DIRECTORIES = frozenset({"tests", "migrations", "static", "locale", "__pycache__"})


def _skipped(path: Path) -> bool:
    return bool(SKIPPED_DIRECTORIES.intersection(path.parts))


def _is_template(path: Path) -> bool:
    return path.suffix in {".html", ".txt"} and "templates" in path.parts


def _is_interface_module(path: Path) -> bool:
    return path.suffix == ".py" and not path.name.startswith(("api", "schemas"))


def source_files(paths: list[Path]):
    for base in paths:
        candidates = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in candidates:
            if _skipped(path) or not path.is_file():
                continue
            if _is_template(path) or _is_interface_module(path):
                yield path


def findings(paths: list[Path]) -> list[Finding]:
    found: list[Finding] = []
    for path in source_files(paths):
        if path.suffix == ".py":
            found.extend(python_findings(path))
        else:
            found.extend(template_findings(path))
    return found


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure()
    django.setup()
    paths = [Path(arg).resolve() for arg in argv] or [ROOT / "practice_commons"]
    found = findings(paths)
    for finding in found:
        print(finding)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
