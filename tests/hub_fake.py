"""A fake Hugging Face Hub papers API on a local HTTP server (pytest-httpserver), for offline tests.

Answers are written from the fields ``huggingface_hub``'s own ``PaperInfo`` reads
(hf_api.py): a daily-papers entry is ``{"paper": {...}, "publishedAt", "title",
"numComments", "submittedOnDailyBy", ...}``; "old" entries lack the organisation and
GitHub fields newer answers carry. ``FakeHub.script`` queues answers that replace the
next ones (429 with Retry-After, 500, an HTML error page, malformed JSON, a dropped
connection, a slow answer, a stalled one), so every failure is served over real HTTP.

At the end: what the tests using the fake share (a fast ``HubPolicy``, row counts of the
tables a fetch writes, a ``pause`` that records the client's waits instead of sleeping).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import Engine, text
from werkzeug import Request, Response

from readinglist.core.hub.client import HubClient, HubPolicy

Answer = Callable[[Request], Response]


def paper_entry(
    number: int, *, day: str = "2026-12-02", old: bool = False, title: str | None = None, arxiv_id: str | None = None
) -> dict[str, Any]:
    """One daily-papers entry as the Hub's /api/daily_papers lists it."""
    arxiv_id = arxiv_id or f"2512.{number:05d}"
    title = title or f"Fake paper number {number} on sparse attention"
    paper: dict[str, Any] = {
        "id": arxiv_id,
        "authors": [{"name": f"Author {i}", "hidden": False} for i in range(1 + number % 4)],
        "publishedAt": f"{day}T08:00:00.000Z",
        "title": title,
        "summary": f"We study fake paper {number}. It is a paper about attention.",
        "upvotes": 10 + number,
        "discussionId": f"d{number}",
    }
    if not old:
        paper |= {
            "ai_summary": f"An AI summary of paper {number}.",
            "ai_keywords": ["attention", "sparsity"],
            "githubRepo": f"https://github.com/fake/repo{number}",
            "githubStars": number * 3,
            "organization": {"name": "fakelab", "fullname": "Fake Lab"},
            "projectPage": f"https://fake.example/p{number}",
        }
    return {
        "paper": paper,
        "publishedAt": f"{day}T09:00:00.000Z",
        "title": title,
        "summary": paper["summary"],
        "thumbnail": f"https://cdn.example/{arxiv_id}.png",
        "numComments": number % 5,
        "submittedOnDailyBy": {"user": "someone", "fullname": "Some One", "avatarUrl": "/a.png"},
        "isAuthorParticipating": False,
    } | ({} if old else {"organization": paper["organization"]})  # the Hub repeats it here; PaperInfo reads it here


def paper_answer(entry: dict[str, Any]) -> dict[str, Any]:
    """The /api/papers/<id> answer for an entry's paper: the paper's fields at the top, as ``paper_info`` reads them."""
    return {**entry["paper"], "numComments": entry["numComments"]}


def search_entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A /api/papers/search result for the same paper (the paper's fields at the top, as the search returns them)."""
    return {"paper": entry["paper"], "title": entry["title"], "publishedAt": entry["publishedAt"]}


def status(
    code: int, body: str = "", headers: dict[str, str] | None = None, content_type: str = "application/json"
) -> Answer:
    return lambda _request: Response(body, status=code, headers=headers or {}, content_type=content_type)


def html_error_page(code: int = 502) -> Answer:
    page = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
    return status(code, page, content_type="text/html")


def malformed_json() -> Answer:
    return status(200, '[{"paper": {"id": "2512.00001", "title": "Cut sh')


def slow(seconds: float, then: Answer | None = None) -> Answer:
    def answer(request: Request) -> Response:
        time.sleep(seconds)
        return (then or status(200, "[]"))(request)

    return answer


def dropped() -> Answer:
    """Says a long body is coming, sends a little of it, and closes the connection."""

    def body() -> Iterator[bytes]:
        yield b'[{"paper": {"id": "2512.00001", '
        raise ConnectionAbortedError("dropped on purpose")

    return lambda _request: Response(
        body(), status=200, headers={"Content-Length": "5000"}, content_type="application/json"
    )


def stalled(started: threading.Event, release: threading.Event, *, most_s: float = 30.0) -> Answer:
    """Starts a long answer, says so through ``started``, then waits for ``release`` and drops the connection.

    For killing a fetch while a page is on its way: the client is mid-response until the test lets go.
    """

    def body() -> Iterator[bytes]:
        yield b'[{"paper": {"id": "2512.09999", "title": "A page that never ends", '
        started.set()
        release.wait(most_s)
        raise ConnectionAbortedError("dropped on purpose")

    return lambda _request: Response(
        body(), status=200, headers={"Content-Length": "100000"}, content_type="application/json"
    )


@dataclass
class FakeHub:
    """The lists the fake Hub serves, what it was asked, and scripted answers that come first."""

    url: str
    daily: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # date -> entries
    weekly: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # "2026-W49" -> entries
    monthly: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # "2026-12" -> entries
    trending: list[dict[str, Any]] = field(default_factory=list)
    searchable: list[dict[str, Any]] = field(default_factory=list)  # entries the search looks through
    script: list[Answer] = field(default_factory=list)  # the next answers, in order, before the lists
    asked: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # (path, query) per request
    headers: list[dict[str, str]] = field(default_factory=list)  # each request's headers

    def answer(self, request: Request) -> Response:
        self.asked.append((request.path, dict(request.args)))
        self.headers.append(dict(request.headers))
        if self.script:
            return self.script.pop(0)(request)
        if request.path == "/api/daily_papers":
            return _json(self._page(request))
        if request.path == "/api/papers/search":
            words = request.args.get("q", "").casefold().split()
            found = [search_entry(e) for e in self.searchable if all(w in e["title"].casefold() for w in words)]
            return _json(found[: int(request.args.get("limit", 50))])
        if request.path.startswith("/api/papers/"):
            arxiv_id = request.path.rsplit("/", 1)[-1]
            for entry in [*self.searchable, *(e for lst in self.daily.values() for e in lst)]:
                if entry["paper"]["id"] == arxiv_id:
                    return _json(paper_answer(entry))
            return Response('{"error": "Paper not found"}', status=404, content_type="application/json")
        return Response("not found", status=404)

    def _page(self, request: Request) -> list[dict[str, Any]]:
        args = request.args
        if "date" in args:
            entries = self.daily.get(args["date"], [])
        elif "week" in args:
            entries = self.weekly.get(args["week"], [])
        elif "month" in args:
            entries = self.monthly.get(args["month"], [])
        else:
            entries = self.trending
        page, limit = int(args.get("p", 0)), int(args.get("limit", 50))
        return entries[page * limit : (page + 1) * limit]

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [query for asked, query in self.asked if asked == path]


def _json(data: object) -> Response:
    return Response(json.dumps(data), status=200, content_type="application/json")


@pytest.fixture
def fake_hub(httpserver, monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    """A fake Hub on a local port, with HF_ENDPOINT pointing at it (and a saved token that must never be sent)."""
    hub = FakeHub(httpserver.url_for("/").rstrip("/"))
    httpserver.expect_request("/api/daily_papers").respond_with_handler(hub.answer)
    httpserver.expect_request("/api/papers/search").respond_with_handler(hub.answer)
    for prefix in ("/api/papers/",):
        import re

        httpserver.expect_request(re.compile(f"^{prefix}.+")).respond_with_handler(hub.answer)
    monkeypatch.setenv("HF_ENDPOINT", hub.url)
    monkeypatch.setenv("HF_TOKEN", "hf_secret_token_that_must_not_leave")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    return hub


# -- for the tests that use the fake ---------------------------------------------------

FAST = HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=1)  # no waiting between requests; short timeouts
WRITTEN_TABLES = ("paper", "import_batch", "paper_source", "hub_fetch")


def row_counts(engine: Engine) -> dict[str, int]:
    """How many rows the tables a fetch writes hold: what a failed or killed fetch must not have changed."""
    with engine.connect() as connection:
        return {name: connection.execute(text(f"SELECT count(*) FROM {name}")).scalar_one() for name in WRITTEN_TABLES}


def duplicate_sources(engine: Engine) -> int:
    """Provenance rows naming a paper a second time in the same batch (there must be none)."""
    query = "SELECT count(*) - count(DISTINCT batch_id || ':' || paper_id) FROM paper_source"
    with engine.connect() as connection:
        return int(connection.execute(text(query)).scalar_one())


class PauseRecorder:
    """A ``pause`` for ``HubClient`` that notes each wait (and when it was asked for) instead of sleeping."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.planned_starts: list[float] = []  # monotonic time the wait would have ended

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.planned_starts.append(time.monotonic() + seconds)


def wait_until_answered() -> None:
    """Return once the fake (one request at a time) has answered every request sent before, slow ones included.

    Asks once more, patiently: the answer comes after the ones queued ahead of it. A test that
    left slow answers running calls it, so the next request (its own or the next test's) is not
    kept waiting past a short timeout. The script must be used up.
    """
    HubClient(HubPolicy(min_interval_s=0, timeout_s=30, attempts=1)).daily_papers({"p": 0, "limit": 1})
