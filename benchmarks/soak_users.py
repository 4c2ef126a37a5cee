"""Simulated people for the soak (``soak.py``): each is a thread with its own HTTP
session that signs in with a demo login and does what that person does, with a pause
between requests. Forms are read from the pages (CSRF token, hidden fields, choices),
so the traffic goes through the same views and the same guard as a browser's.

Plain threads and ``requests`` rather than a load tool: the load is a handful of people
with think time, not a saturation test, and what we need back (every status, every
latency, the first 5xx bodies) is a list we keep ourselves.
"""

import random
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import requests

DEMO_PASSWORD = "practice-commons-demo"  # noqa: S105 - the README's demo logins

# Text the confidentiality guard accepts, and text it holds (a child's name, age and
# address, a date of birth): the reply is re-shown with the findings, nothing stored.
ACCEPTED_REPLIES = [
    "In our team we found that a short weekly check-in with the family's social worker "
    "kept everyone on the same page. Happy to share the template we use.",
    "We had good results from joint visits with the health visitor early on, before "
    "anything escalated. It took some negotiating with managers but was worth it.",
    "Reflective supervision once a fortnight helped our newer staff most; the agenda "
    "was set by the practitioner, not the manager.",
]
FLAGGED_REPLIES = [
    "I visited Tyler Morgan (aged 7, date of birth 14/03/2019) at 12 Ashgrove Road, "
    "Leeds LS6 2AB yesterday and his mother said the school had not been in touch.",
    "Chloe Hargreaves, 15, from Flat 3, 41 Mill Street, Cardiff CF10 1AA told her "
    "teacher on Monday that she is scared to go home.",
]
# Links a browsing person never follows: sign-out, destructive or admin pages, downloads.
SKIP_LINK = re.compile(
    r"logout|delete|/admin/|\.csv|\.pdf|\.ics|\.atom|/api/|/dev/|/embed/|/static/|/media/"
)


# --- reading pages ----------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)  # radio and select names -> values


class PageParser(HTMLParser):
    """Links and forms of one page (enough of them to fill a form as a person would)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v or "") for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self._input(self.forms[-1], a)
        elif tag == "textarea" and a.get("name"):
            self.forms[-1].fields[a["name"]] = ""
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
        elif tag == "option" and self._select and a.get("value"):
            self.forms[-1].choices.setdefault(self._select, []).append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    @staticmethod
    def _input(form: Form, a: dict) -> None:
        kind = a.get("type", "text")
        if kind in {"radio", "checkbox"}:
            form.choices.setdefault(a["name"], []).append(a.get("value", "on"))
        elif kind not in {"submit", "button", "file"}:
            form.fields[a["name"]] = a.get("value", "")


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


# --- what happened ------------------------------------------------------------------------


class Recorder:
    """Every request's label, status and latency, shared by all the people."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.samples: list[tuple[str, int, float]] = []
        self.server_errors: list[dict] = []
        self.outcomes: dict[str, int] = {}

    def add(self, label: str, response: requests.Response | None, ms: float, url: str) -> None:
        status = response.status_code if response is not None else 0
        with self.lock:
            self.samples.append((label, status, ms))
            if status >= 500 and len(self.server_errors) < 20:
                body = response.text[:500] if response is not None else ""
                self.server_errors.append(
                    {"label": label, "url": url, "status": status, "body": body}
                )

    def outcome(self, name: str) -> None:
        with self.lock:
            self.outcomes[name] = self.outcomes.get(name, 0) + 1


# --- a person -----------------------------------------------------------------------------


class Person(threading.Thread):
    """One simulated person. ``email`` None is a signed-out visitor."""

    def __init__(
        self,
        base: str,
        email: str | None,
        token: str | None,
        rec: Recorder,
        *,
        stop: threading.Event,
        think: tuple[float, float],
        seed: int,
    ) -> None:
        super().__init__(daemon=True, name=email or "visitor")
        if urlsplit(base).hostname != "127.0.0.1":
            raise ValueError("The soak only ever targets 127.0.0.1.")
        self.base, self.email, self.token, self.rec = base, email, token, rec
        self.stop_event, self.think = stop, think
        self.rng = random.Random(seed)
        self.http = requests.Session()
        self.seen: dict[str, set[str]] = {"thread": set(), "event": set(), "page": set()}

    # requests --------------------------------------------------------------------

    def request(self, label: str, method: str, path: str, **kwargs) -> requests.Response | None:
        url = urljoin(self.base, path)
        if urlsplit(url).hostname != "127.0.0.1":  # a link must never take the soak elsewhere
            return None
        kwargs.setdefault("timeout", 30)
        kwargs.setdefault("allow_redirects", False)
        started = time.perf_counter()
        try:
            response = self.http.request(method, url, **kwargs)
        except requests.RequestException:
            response = None
        self.rec.add(label, response, (time.perf_counter() - started) * 1000, url)
        return response

    def get(self, label: str, path: str, **kwargs) -> requests.Response | None:
        response = self.request(label, "GET", path, **kwargs)
        if (
            response is not None
            and response.status_code == 200
            and "html" in response.headers.get("Content-Type", "")
        ):
            self.learn(parse(response.text).links)
        return response

    def submit(self, label: str, form: Form, data: dict | None = None) -> requests.Response | None:
        fields = dict(form.fields)
        for name, values in form.choices.items():
            fields.setdefault(name, self.rng.choice(values))
        fields.update(data or {})
        return self.request(label, "POST", form.action, data=fields)

    def learn(self, links: list[str]) -> None:
        for link in links:
            path = urlsplit(urljoin(self.base, link)).path
            if urlsplit(urljoin(self.base, link)).hostname != "127.0.0.1" or SKIP_LINK.search(path):
                continue
            if re.fullmatch(r"/communities/[\w-]+/threads/\d+/", path):
                self.seen["thread"].add(path)
            elif re.fullmatch(r"/events/\d+/", path):
                self.seen["event"].add(path)
            elif len(self.seen["page"]) < 300:
                self.seen["page"].add(path)

    def form_on(self, label: str, path: str, action: str) -> Form | None:
        response = self.get(label, path)
        if response is None or response.status_code != 200:
            return None
        forms = parse(response.text).forms
        for form in forms:
            form.action = form.action or path  # a form without an action posts to its page
        return next((f for f in forms if f.action.endswith(action)), None)

    # what people do --------------------------------------------------------------

    def sign_in(self) -> None:
        form = self.form_on("sign-in page", "/account/login/", "/account/login/")
        if form is None:
            return
        response = self.submit("sign in", form, {"login": self.email, "password": DEMO_PASSWORD})
        self.rec.outcome(
            "signed in"
            if response is not None and response.status_code == 302
            else "sign-in refused"
        )

    def sign_out(self) -> None:
        form = self.form_on("sign-out page", "/account/logout/", "/account/logout/")
        if form is not None:
            self.submit("sign out", form)

    def browse(self) -> None:
        kind = self.rng.choice(["thread", "event", "page", "page"])
        if self.seen[kind]:
            self.get(f"follow a {kind} link", self.rng.choice(sorted(self.seen[kind])))

    def reply(self) -> None:
        if not self.seen["thread"]:
            return self.get("communities", "/communities/")
        thread = self.rng.choice(sorted(self.seen["thread"]))
        form = self.form_on("thread", thread, "/reply/")
        if form is None:
            return None
        flagged = self.rng.random() < 0.3
        body = self.rng.choice(FLAGGED_REPLIES if flagged else ACCEPTED_REPLIES)
        response = self.submit("reply", form, {"body": body})
        if response is not None:
            held = response.status_code != 302
            text = "flagged" if flagged else "plain"
            self.rec.outcome(f"reply {'held by the guard' if held else 'posted'} ({text} text)")
        return None

    def event_registration(self) -> None:
        if not self.seen["event"]:
            return self.get("events", "/events/")
        event = self.rng.choice(sorted(self.seen["event"]))
        response = self.get("event", event)
        if response is None or response.status_code != 200:
            return None
        forms = [f for f in parse(response.text).forms if f.method == "post"]
        for action in ("/register/", "/unregister/"):
            form = next((f for f in forms if f.action.endswith(action)), None)
            if form is not None:
                self.submit(action.strip("/"), form)
                self.rec.outcome(action.strip("/"))
                break
        return None

    def wellbeing_checkin(self) -> None:
        form = self.form_on(
            "wellbeing check-in page", "/wellbeing/check-in/", "/wellbeing/check-in/"
        )
        if form is not None:
            self.submit("wellbeing check-in", form)

    def api(self) -> None:
        if not self.token:
            return
        path = self.rng.choice(
            [
                "/api/v1/me",
                "/api/v1/communities",
                "/api/v1/events",
                "/api/v1/notifications",
                "/api/v1/notifications/unread-count",
                "/api/v1/cpd/records",
                "/api/v1/library/items",
                "/api/v1/search?q=supervision",
            ]
        )
        self.request("api", "GET", path, headers={"Authorization": f"Bearer {self.token}"})

    def signed_in_step(self) -> None:
        actions = [
            (8, lambda: self.get("home", "/")),
            (4, lambda: self.get("dashboard", "/dashboard/")),
            (5, lambda: self.get("communities", "/communities/")),
            (12, self.browse),
            (4, self.reply),
            (5, lambda: self.get("events", "/events/")),
            (3, self.event_registration),
            (4, lambda: self.get("library", "/library/")),
            (
                4,
                lambda: self.get(
                    "search",
                    "/search/?q="
                    + self.rng.choice(["supervision", "kinship", "neglect", "trauma"]),
                ),
            ),
            (3, lambda: self.get("cpd", "/cpd/")),
            (2, self.wellbeing_checkin),
            (4, lambda: self.get("notifications", "/notifications/")),
            (8, self.api),
            (1, self.sign_out_and_in),
            (1, self.personal_data_request),
        ]
        self.pick(actions)()

    def personal_data_request(self) -> None:
        """A subject-access archive: built by the task worker."""
        form = self.form_on("profile", "/profile/", "/profile/data/")
        if form is not None:
            self.submit("personal data request", form)

    def sign_out_and_in(self) -> None:
        self.sign_out()
        self.sign_in()

    def visitor_step(self) -> None:
        actions = [
            (4, lambda: self.get("home (signed out)", "/")),
            (3, lambda: self.get("communities (signed out)", "/communities/")),
            (3, lambda: self.get("events (signed out)", "/events/")),
            (2, lambda: self.get("library (signed out)", "/library/")),
            (1, lambda: self.get("privacy", "/privacy/")),
            (1, lambda: self.get("sign-in page", "/account/login/")),
            (1, lambda: self.get("healthz", "/healthz")),
            (6, self.browse),
        ]
        self.pick(actions)()

    def pick(self, actions):
        weights, funcs = zip(*actions, strict=True)
        return self.rng.choices(funcs, weights=weights)[0]

    def run(self) -> None:
        if self.email:
            self.sign_in()
            self.get("communities", "/communities/")
            self.get("events", "/events/")
        step = self.signed_in_step if self.email else self.visitor_step
        while not self.stop_event.wait(self.rng.uniform(*self.think)):
            step()
