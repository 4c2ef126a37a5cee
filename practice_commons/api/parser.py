"""JSON bodies that can be stored: valid Unicode only.

JSON may escape a lone surrogate (``"\\ud800"``), which Python decodes into a string
that no database or email can encode. Such a body is refused as a whole with a 400
that says why, before any service sees it.
"""

import json

from ninja.parser import Parser


class InvalidText(ValueError):
    """A string in the body is not valid Unicode."""


def _check_strings(value, path: str = "body") -> None:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidText(
                f"{path} contains an unpaired surrogate (\\ud800–\\udfff): send valid Unicode."
            ) from None
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
