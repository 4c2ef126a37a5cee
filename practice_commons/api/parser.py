"""Request text that can be stored and searched for: valid Unicode without NUL.

JSON may escape a lone surrogate (``"\\ud800"``), which Python decodes into a string
that no database or email can encode, and a NUL character (``"\\u0000"``, or ``%00`` in
a query string), which PostgreSQL refuses in any text. Such a body or query string is
refused as a whole with a 400 that says which value, before any service sees it.
"""

import json

from ninja.errors import HttpError
from ninja.parser import Parser


class InvalidText(ValueError):
    """A string in the request is not text that can be stored."""


def _check_text(value: str, path: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise InvalidText(
            f"{path} contains an unpaired surrogate (\\ud800–\\udfff): send valid Unicode."
        ) from None
    if "\x00" in value:
        raise InvalidText(f"{path} contains a NUL character (\\u0000): remove it.")


def _check_strings(value, path: str = "body") -> None:
    if isinstance(value, str):
        _check_text(value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, path)
            _check_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(item, f"{path}[{index}]")


class StrictJSONParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body)
        _check_strings(data)
        return data

    def parse_querydict(self, data, list_fields, request):
        try:
            for key, values in data.lists():
                _check_text(key, "query")
                for value in values:
                    if isinstance(value, str):  # files are not text
                        _check_text(value, f"query.{key}")
        except InvalidText as exc:
            raise HttpError(400, str(exc)) from exc
        return super().parse_querydict(data, list_fields, request)
