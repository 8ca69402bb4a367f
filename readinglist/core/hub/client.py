"""Requests to the Hub's papers API through ``huggingface_hub``'s HTTP session, politely and untrusted.

Each request has a timeout, waits so that at most one starts per ``min_interval``
in this process, and is retried on HTTP 408, 429 and 5xx (after the server's
``Retry-After`` when it gives one, else with a growing pause) and on a dropped
or timed-out connection. A Hub that cannot be reached raises ``HubOffline`` (a
state: try later); an answer that is an error or not a papers list raises
``HubError``. No token is ever sent, even if one is saved on the machine.

The endpoint is the client's: ``HF_ENDPOINT`` (read at each request, so mirrors
and tests can point it elsewhere), else huggingface.co. ``HF_HUB_OFFLINE`` is read
at each request too (the client reads it only once, at import): when set, nothing
is asked and the Hub is offline.

The raw JSON text is returned: it is read by ``core.dumps`` like a saved API
response, where one bad entry is one skipped line, not a failed page. (The
client's ``HfApi.list_daily_papers`` builds its ``PaperInfo`` objects inside a
generator, so one malformed entry would end the whole page.)
"""

from __future__ import annotations

import email.utils
import json
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from readinglist import __version__

if TYPE_CHECKING:
    import httpx2

DEFAULT_ENDPOINT = "https://huggingface.co"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
MAX_RESPONSE_BYTES = 32 * 1024 * 1024  # a papers page is tens of KiB; a bigger answer is not one


class HubOffline(Exception):
    """The Hub cannot be reached now (no network, no answer in time, connections dropped): try again later."""


class HubError(Exception):
    """The Hub answered, but with an error or with something that is not what was asked for."""


@dataclass(frozen=True)
class HubPolicy:
    """How patiently and how often the client asks."""

    timeout_s: float = 20.0  # per attempt: connecting, and each wait for data
    min_interval_s: float = 1.0  # between the starts of two requests of this process
    attempts: int = 4  # tries per request, the first included
    first_pause_s: float = 2.0  # before the second try when the server names no delay; doubles each time
    max_wait_s: float = 120.0  # a longer Retry-After is not waited for: the request fails, to be tried later


Pause = Callable[[float], None]  # waits that many seconds; may raise to stop (a cancel)


def endpoint() -> str:
    """The Hub's address: ``HF_ENDPOINT`` when set (an http(s) URL), else huggingface.co."""
    value = os.environ.get("HF_ENDPOINT", "").strip().rstrip("/") or DEFAULT_ENDPOINT
    if urlsplit(value).scheme not in ("http", "https"):
        raise HubError(f"HF_ENDPOINT is not an http(s) address: {value!r}")
    return value


def offline_mode() -> bool:
    """Whether ``HF_HUB_OFFLINE`` is set now (or was when ``huggingface_hub`` was imported)."""
    from huggingface_hub import constants

    value = os.environ.get("HF_HUB_OFFLINE", "").strip().upper()
    return value in constants.ENV_VARS_TRUE_VALUES or constants.is_offline_mode()


class _Clock:
    """When this process last started a request (shared by every client: the limit is the process's)."""

    lock = threading.Lock()
    last_start = float("-inf")


class HubClient:
    """Asks the papers API; ``requests`` counts the HTTP requests made (retries included)."""

    def __init__(self, policy: HubPolicy | None = None, pause: Pause = time.sleep) -> None:
        self.policy = policy or HubPolicy()
        self.pause = pause
        self.requests = 0

    def daily_papers(self, params: Mapping[str, str | int]) -> str:
        """A page of the daily, weekly or monthly list, or of trending (the ``/api/daily_papers`` parameters)."""
        return self._get("/api/daily_papers", params)

    def search(self, query: str, limit: int) -> str:
        """The Hub's paper search for ``query``."""
        return self._get("/api/papers/search", {"q": query, "limit": limit})

    def paper(self, arxiv_id: str) -> str:
        """One paper by its arXiv id (HubError "not found" when the Hub has no page for it)."""
        return self._get(f"/api/papers/{quote(arxiv_id, safe='')}", {})

    def _get(self, path: str, params: Mapping[str, str | int]) -> str:
        import httpx2
        from huggingface_hub.errors import OfflineModeIsEnabled
        from huggingface_hub.utils import get_session

        if offline_mode():
            raise HubOffline("HF_HUB_OFFLINE is set: the Hub is not asked")
        url = endpoint() + path
        headers = request_headers()
        timeout = httpx2.Timeout(self.policy.timeout_s)
        pause_s = self.policy.first_pause_s
        for attempt in range(1, self.policy.attempts + 1):
            last = attempt == self.policy.attempts
            self._wait_for_turn()
            self.requests += 1
            try:
                status, body, retry_after = _fetch(get_session(), url, params, headers, timeout)
            except OfflineModeIsEnabled as error:
                raise HubOffline("HF_HUB_OFFLINE is set: the Hub is not asked") from error
            except httpx2.ConnectError as error:
                raise HubOffline(f"cannot connect to {_host(url)}") from error
            except (httpx2.TimeoutException, httpx2.NetworkError, httpx2.RemoteProtocolError) as error:
                if last:
                    raise HubOffline(f"{_host(url)} did not answer ({_network_reason(error)})") from error
                self.pause(pause_s)
                pause_s *= 2
                continue
            except httpx2.HTTPError as error:  # a bad redirect, an undecodable body…
                raise HubError(f"{_host(url)}: {type(error).__name__}: {error}") from error
            if status < 400:
                return _papers_json(body, url)
            if status not in RETRY_STATUSES or last:
                raise HubError(_status_message(status, body, url))
            wait = retry_after if retry_after is not None else pause_s
            if wait > self.policy.max_wait_s:
                raise HubError(f"{_host(url)} asks to wait {wait:.0f} s before asking again (HTTP {status}); try later")
            self.pause(wait)
            pause_s *= 2
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _wait_for_turn(self) -> None:
        """Wait until ``min_interval_s`` has passed since this process last started a request."""
        with _Clock.lock:
            now = time.monotonic()
            start = max(now, _Clock.last_start + self.policy.min_interval_s)
            _Clock.last_start = start
        if start > now:
            self.pause(start - now)


def request_headers() -> dict[str, str]:
    """What every request says about itself: readinglist's name and version, nothing else.

    Not the client's ``build_hf_headers``: even with ``token=False`` it adds telemetry
    (torch's version, and a once-a-day request to ``/api/agent-harnesses`` to name the
    agent running the process). No token is ever sent.
    """
    from huggingface_hub import __version__ as hub_version

    return {"user-agent": f"readinglist/{__version__}; hf_hub/{hub_version}"}


def _fetch(
    session: httpx2.Client, url: str, params: Mapping[str, Any], headers: dict[str, str], timeout: httpx2.Timeout
) -> tuple[int, bytes, float | None]:
    """(status, body, Retry-After seconds) of one GET; the body is read up to MAX_RESPONSE_BYTES."""
    with session.stream("GET", url, params=dict(params), headers=headers, timeout=timeout) as response:
        body = bytearray()
        for part in response.iter_bytes():
            body += part
            if len(body) > MAX_RESPONSE_BYTES:
                raise HubError(f"{_host(url)} sent more than {MAX_RESPONSE_BYTES // 2**20} MiB: not a papers list")
        return response.status_code, bytes(body), retry_after_s(response.headers)


def retry_after_s(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """The ``Retry-After`` header in seconds (a number, or an HTTP date); None when absent or unreadable."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(min(int(value), 10**6))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _papers_json(body: bytes, url: str) -> str:
    """The body as text, once it is known to be JSON (an HTML page with status 200 is not an answer)."""
    try:
        text = body.decode("utf-8")
        json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: nested deeper than the parser goes, not an answer
        raise HubError(f"{_host(url)} did not send JSON ({_sample(body)})") from None
    return text


def _status_message(status: int, body: bytes, url: str) -> str:
    if status == 404:
        return f"{_host(url)} has no such page (HTTP 404)"
    detail = ""
    try:
        error = json.loads(body).get("error")
        detail = f": {' '.join(str(error).split())[:200]}" if error else ""
    except (ValueError, AttributeError, RecursionError):
        pass
    return f"{_host(url)} answered HTTP {status}{detail}"


def _sample(body: bytes) -> str:
    text = " ".join(body[:200].decode("utf-8", "replace").split())
    return f"it starts {text[:60]!r}" if text else "the answer was empty"


def _network_reason(error: Exception) -> str:
    import httpx2

    if isinstance(error, httpx2.TimeoutException):
        return "timed out"
    return "the connection dropped"


def _host(url: str) -> str:
    return urlsplit(url).netloc or url
