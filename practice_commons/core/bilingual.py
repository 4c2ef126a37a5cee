"""Titles and summaries that carry an English and a Welsh version.

Communities, events and library items may be given a Welsh title and summary beside the
English ones (fields named ``<field>_cy``). Someone reading in Welsh sees the Welsh
version where there is one and the English otherwise; everyone else sees the English.
Member-written content is never translated: these are the organisers' own two versions.

Anything else (a dict, an object with no Welsh field) shows its field as it is, so a
template may pass any row through ``in_language``. A Welsh field left out of a query
(``.only()``) is never fetched one row at a time: the English is shown instead.
"""

from collections.abc import Mapping

from django.utils import translation
from django.utils.functional import lazy

WELSH = "cy"


def reading_welsh() -> bool:
    return (translation.get_language() or "").split("-")[0] == WELSH


def _value(obj, name: str):
    if isinstance(obj, Mapping):
        return obj.get(name, "")
    return getattr(obj, name, "")


def _welsh_value(obj, field: str) -> str:
    name = f"{field}_{WELSH}"
    if isinstance(obj, Mapping):
        return obj.get(name) or ""
    if hasattr(obj, "_meta"):
        # A model's loaded fields are in its __dict__; a deferred one would cost a query.
        return obj.__dict__.get(name) or ""
    return getattr(obj, name, "") or ""


def in_language(obj, field: str):
    """``obj.<field>_cy`` when the reader reads Welsh and it is filled in, else ``obj.<field>``."""
    if reading_welsh():
        return _welsh_value(obj, field) or _value(obj, field)
    return _value(obj, field)


_lazy_in_language = lazy(in_language, str)


def lazy_in_language(obj, field: str) -> str:
    """``in_language`` decided when the text is read, not now: for text put together for
    someone else (a notification's title is stored in its recipient's language). Both
    versions are read from ``obj`` now, so nothing is fetched later."""
    both = {field: _value(obj, field) or "", f"{field}_{WELSH}": _welsh_value(obj, field)}
    return _lazy_in_language(both, field)


def language_of(obj, field: str) -> str:
    """The language code of what ``in_language`` shows (for a ``lang`` attribute)."""
    if reading_welsh() and _welsh_value(obj, field):
        return WELSH
    return "en-gb"


def welsh_version_field(label, help_text, *, max_length: int, rows: int | None = None):
    """The optional form field for a Welsh version (``<field>_cy``): a line, or a box of
    ``rows`` lines for a summary."""
    from django import forms

    widget = forms.Textarea(attrs={"rows": rows}) if rows else None
    return forms.CharField(
        label=label, help_text=help_text, max_length=max_length, required=False, widget=widget
    )
