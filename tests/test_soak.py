"""The soak's own logic (``benchmarks/soak.py``): reading forms as a person fills them,
staying on the loopback, and the verdict. The soak itself runs in CI (``make soak``)."""

import sys
import threading
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path[:0] = [str(BENCHMARKS), str(BENCHMARKS / "pages")]

import soak  # noqa: E402
from soak_users import Person, Recorder, parse  # noqa: E402

PAGE = """
<a href="/communities/kinship-care/threads/12/">A thread</a>
<a href="/events/7/">An event</a>
<a href="/account/logout/">Sign out</a>
<a href="https://elsewhere.example/">Away</a>
<form method="post" action="/communities/kinship-care/threads/12/reply/">
  <input type="hidden" name="csrfmiddlewaretoken" value="tok">
  <textarea name="body"></textarea>
  <input type="radio" name="mood" value="1"><input type="radio" name="mood" value="2">
  <select name="kind"><option value="">Choose</option><option value="a">A</option></select>
  <button type="submit">Reply</button>
</form>
"""


def person(base="http://127.0.0.1:9"):
    return Person(base, None, None, Recorder(), stop=threading.Event(), think=(0, 0), seed=1)


def test_a_form_is_read_with_its_hidden_fields_and_choices():
    form = parse(PAGE).forms[0]
    assert form.action.endswith("/reply/")
    assert form.method == "post"
    assert form.fields == {"csrfmiddlewaretoken": "tok", "body": ""}
    assert form.choices == {"mood": ["1", "2"], "kind": ["a"]}


def test_links_are_sorted_into_threads_and_events_and_never_leave_the_loopback():
    someone = person()
    someone.learn(parse(PAGE).links)
    assert someone.seen["thread"] == {"/communities/kinship-care/threads/12/"}
    assert someone.seen["event"] == {"/events/7/"}
    assert someone.seen["page"] == set()  # sign-out skipped, the other site ignored


def test_the_soak_refuses_any_address_but_the_loopback():
    with pytest.raises(ValueError, match="127.0.0.1"):
        person("http://10.0.0.5:8000")
    assert person().request("away", "GET", "https://elsewhere.example/") is None


def test_the_verdict_fails_on_5xx_failed_tasks_and_memory_growth():
    cfg = soak.Config()
    rec = Recorder()
    rec.samples = [("home", 200, 10.0), ("reply", 302, 30.0), ("thread", 500, 20.0)]
    result = soak.summarise(rec)
    assert result["requests"] == 3
    assert result["statuses"] == {"200": 1, "302": 1, "500": 1}
    assert result["server_errors"] == 1
    before = {"gunicorn worker 1": 100.0, "task worker 2": 90.0, "gunicorn worker 3": 100.0}
    after = {"gunicorn worker 1": 100.0 + cfg.max_growth_mb + 1, "task worker 2": 91.0}
    result["memory_mb"] = {"growth": soak.growth(before, after)}
    result["tasks"] = {"failed": 2}
    problems = soak.verdict(cfg, result)
    assert problems == [
        "1 responses were 5xx",
        "2 background tasks failed",
        f"gunicorn worker 1: memory growth {cfg.max_growth_mb + 1} MB "
        f"(bound {cfg.max_growth_mb} MB)",
        "gunicorn worker 3: gone (restarted?)",
    ]


def test_a_clean_run_passes():
    cfg = soak.Config()
    result = soak.summarise(Recorder())
    result["memory_mb"] = {"growth": soak.growth({"task worker 2": 90.0}, {"task worker 2": 95.0})}
    result["tasks"] = {"failed": 0}
    assert soak.verdict(cfg, result) == []
