"""Read the POST forms of a rendered page and submit one as a browser would: every
control's default value (checked boxes and radios, selected options, textarea text), the
submit button's name and value, then the test's own values on top."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

_TEXT_TYPES = {"text", "search", "", None}


@dataclass
class Control:
    tag: str
    name: str
    type: str = ""
    value: str = ""
    checked: bool = False
    options: list[tuple[str, bool]] = field(default_factory=list)  # select: (value, selected)
    multiple: bool = False
    max_length: int | None = None


@dataclass
class PageForm:
    action: str
    method: str
    controls: list[Control] = field(default_factory=list)

    @property
    def names(self) -> set[str]:
        return {c.name for c in self.controls}

    def defaults(self) -> dict[str, list[str]]:
        """What a browser would send without the person touching anything (no submit
        buttons: ``submit_with`` adds the one pressed)."""
        data: dict[str, list[str]] = {}
        for control in self.controls:
            if control.tag == "button" or control.type in {"submit", "button", "image", "file"}:
                continue
            if control.type in {"checkbox", "radio"}:
                if control.checked:
                    data.setdefault(control.name, []).append(control.value or "on")
            elif control.tag == "select":
                chosen = [v for v, selected in control.options if selected]
                if not chosen and control.options and not control.multiple:
                    chosen = [control.options[0][0]]
                if chosen:
                    data.setdefault(control.name, []).extend(chosen)
            else:
                data.setdefault(control.name, []).append(control.value)
        return data

    def submit_buttons(self) -> list[Control]:
        return [
            c
            for c in self.controls
            if (c.tag == "button" and c.type in {"submit", ""}) or c.type == "submit"
        ]

    def text_controls(self) -> list[Control]:
        return [
            c
            for c in self.controls
            if c.tag == "textarea" or (c.tag == "input" and c.type in _TEXT_TYPES)
        ]


def _int(value) -> int | None:
    return int(value) if value and value.isdigit() else None


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self._form: PageForm | None = None
        self._textarea: Control | None = None
        self._select: Control | None = None
        self._option: list | None = None  # [value or None, selected, text]

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = PageForm(action=a.get("action") or "", method=(a.get("method") or "get"))
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            self._form.controls.append(
                Control(
                    "input",
                    name,
                    type=(a.get("type") or "text").lower(),
                    value=a.get("value") or "",
                    checked="checked" in a,
                    max_length=_int(a.get("maxlength")),
                )
            )
        elif tag == "button" and name:
            self._form.controls.append(
                Control(
                    "button",
                    name,
                    type=(a.get("type") or "submit").lower(),
                    value=a.get("value") or "",
                )
            )
        elif tag == "textarea" and name:
            self._textarea = Control("textarea", name, max_length=_int(a.get("maxlength")))
            self._form.controls.append(self._textarea)
        elif tag == "select" and name:
            self._select = Control("select", name, multiple="multiple" in a)
            self._form.controls.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "selected" in a, ""]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._select.options.append((value if value is not None else text.strip(), selected))
            self._option = None
        elif tag == "select":
            if self._option is not None:
                self.handle_endtag("option")
            self._select = None

    def handle_data(self, data):
        if self._textarea is not None:
            # Django renders a newline straight after <textarea>; browsers drop it.
            self._textarea.value += data.removeprefix("\n") if not self._textarea.value else data
        elif self._option is not None:
            self._option[2] += data


def post_forms(html: str) -> list[PageForm]:
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return [f for f in parser.forms if f.method.lower() == "post"]


def form_with(html: str, name: str, *, button: tuple[str, str] | None = None) -> PageForm | None:
    """The page's POST form with a control called ``name`` (and, if given, the submit
    button ``(name, value)``)."""
    for form in post_forms(html):
        if name not in form.names:
            continue
        if button and not any((b.name, b.value) == button for b in form.submit_buttons()):
            continue
        return form
    return None
