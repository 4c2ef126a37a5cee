"""Interface text put together now and read later, in the reader's language.

A notification is written once, by whoever acted, but read by someone else: its title
must be in the *recipient's* language, not the actor's. So its text is built lazily and
turned into words only when ``notifications`` stores it, under each recipient's
language (``translation.override``):

```python
from django.utils.translation import gettext_lazy

from practice_commons.core.bilingual import lazy_in_language
from practice_commons.core.lazy_text import lazy_date, lazy_format

title = lazy_format(
    gettext_lazy("Coming up: %(title)s"), title=lazy_in_language(event, "title")
)
body = lazy_format(gettext_lazy("Due on %(d)s"), d=lazy_date(agreement.review_on, "j F Y"))
```

* ``lazy_format(message, **params)``: ``str(message) % params`` when read; ``message``
  is a ``gettext_lazy`` / ``ngettext_lazy`` string (or a plain ``str``), and any param
  may itself be lazy. ``%`` on a lazy string (``gettext_lazy("…") % {…}``) would turn
  it into words at once, in the language active now: use this instead.
* ``lazy_date(value, fmt)``: ``date_format(value, fmt)`` when read, so month and day
  names follow the reader's language.
* ``lazy_call(func, *args, **kwargs)``: any other function's text (``func`` must return
  a ``str``), called when read.

Keep the msgids as they are: ``gettext_lazy`` and ``ngettext_lazy`` are found by
``makemessages`` like ``gettext``. Every function here is module-level, so the lazy
strings pickle.
"""

from django.utils.formats import date_format
from django.utils.functional import Promise, lazy


def _plain(value):
    return str(value) if isinstance(value, Promise) else value


def _format(message, params: dict) -> str:
    return str(message) % {key: _plain(value) for key, value in params.items()}


_lazy_format = lazy(_format, str)


def lazy_format(message, /, **params) -> str:
    """``str(message) % params``, worked out when the text is read (see the module)."""
    return _lazy_format(message, params)


def _date(value, fmt: str) -> str:
    return date_format(value, fmt)


_lazy_date = lazy(_date, str)


def lazy_date(value, fmt: str = "j F Y") -> str:
    """The date (or datetime: give it in local time) in the reader's language."""
    return _lazy_date(value, fmt)


def _call(func, args: tuple, kwargs: dict) -> str:
    return str(func(*args, **kwargs))


_lazy_call = lazy(_call, str)


def lazy_call(func, /, *args, **kwargs) -> str:
    """``func(*args, **kwargs)``, called when the text is read."""
    return _lazy_call(func, args, kwargs)
