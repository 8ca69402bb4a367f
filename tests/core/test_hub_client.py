"""Issue 17: the Hub client over real HTTP to the local fake Hub: retries, waits, failures, offline, headers.

Waits are recorded by a ``pause`` given to ``HubClient`` (it is how the client waits), so the
delays it chose are checked exactly; one test per kind of wait also lets real time pass, as a
generous guard that the recorded delay is the one slept.
"""

from __future__ import annotations

import email.utils
import time
from datetime import UTC, datetime, timedelta

import pytest
from pytest_httpserver import HTTPServer

from readinglist.core.hub import client as client_module
from readinglist.core.hub.client import HubClient, HubError, HubOffline, HubPolicy, retry_after_s
from tests.hub_fake import (
    FAST,
    FakeHub,
    PauseRecorder,
    dropped,
    html_error_page,
    malformed_json,
    paper_entry,
    slow,
    status,
    wait_until_answered,
)

DAY = "2026-12-02"
PARAMS = {"date": DAY, "p": 0, "limit": 50}


@pytest.fixture(autouse=True)
def _no_earlier_request() -> None:
    """Each test starts as if this process had not asked the Hub yet (the rate limit is the process's)."""
    mp = pytest.MonkeyPatch()
    mp.setattr(client_module._Clock, "last_start", float("-inf"))
    yield
    mp.undo()


@pytest.fixture
def hub(fake_hub: FakeHub) -> FakeHub:
    """The fake Hub listing three papers on DAY."""
    fake_hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(3)]
    return fake_hub


def ask(pause: PauseRecorder, policy: HubPolicy = FAST) -> tuple[str, HubClient]:
    client = HubClient(policy, pause=pause)
    return client.daily_papers(PARAMS), client


# -- 429 and Retry-After ----------------------------------------------------------------


def test_429_is_retried_after_the_seconds_the_server_names(hub: FakeHub) -> None:
    hub.script = [status(429, '{"error": "slow down"}', {"Retry-After": "7"})]
    pause = PauseRecorder()
    text, client = ask(pause)
    assert '"2512.00002"' in text
    assert pause.waits == [7.0]
    assert client.requests == 2 and len(hub.requests_to("/api/daily_papers")) == 2


def test_429_retry_after_one_second_really_waits(hub: FakeHub) -> None:
    """A real-time guard: the client does sleep for the delay it was given."""
    hub.script = [status(429, headers={"Retry-After": "1"})]
    started = time.monotonic()
    text = HubClient(FAST).daily_papers(PARAMS)
    assert time.monotonic() - started >= 0.95
    assert '"2512.00000"' in text


def test_retry_after_as_an_http_date_is_waited_until_that_moment(hub: FakeHub) -> None:
    when = datetime.now(UTC) + timedelta(seconds=30)
    hub.script = [status(429, headers={"Retry-After": email.utils.format_datetime(when, usegmt=True)})]
    pause = PauseRecorder()
    ask(pause)
    assert len(pause.waits) == 1 and 25 <= pause.waits[0] <= 30


def test_retry_after_values_are_read_as_seconds_or_dates() -> None:
    now = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)
    assert retry_after_s({"retry-after": "120"}, now) == 120.0
    assert retry_after_s({"retry-after": "Wed, 02 Dec 2026 12:01:30 GMT"}, now) == 90.0
    assert retry_after_s({"retry-after": "Wed, 02 Dec 2026 11:00:00 GMT"}, now) == 0.0  # already past
    assert retry_after_s({"retry-after": "soon"}, now) is None
    assert retry_after_s({}, now) is None


def test_a_retry_after_beyond_the_longest_wait_fails_at_once_with_a_clear_message(hub: FakeHub) -> None:
    hub.script = [status(429, headers={"Retry-After": "3600"})]
    pause = PauseRecorder()
    with pytest.raises(HubError) as raised:
        ask(pause, HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=1, max_wait_s=120))
    assert pause.waits == []  # not waited for
    assert len(hub.asked) == 1
    message = str(raised.value)
    assert "3600 s" in message and "429" in message and "\n" not in message


def test_429_without_retry_after_waits_longer_each_time(hub: FakeHub) -> None:
    hub.script = [status(429), status(429), status(429)]
    pause = PauseRecorder()
    ask(pause, HubPolicy(min_interval_s=0, first_pause_s=0.5, timeout_s=1, attempts=4))
    assert pause.waits == [0.5, 1.0, 2.0]


# -- 5xx ----------------------------------------------------------------------------------


def test_500_is_retried_then_the_page_comes(hub: FakeHub) -> None:
    hub.script = [status(500), status(503, '{"error": "overloaded"}')]
    pause = PauseRecorder()
    text, client = ask(pause)
    assert '"2512.00001"' in text
    assert client.requests == 3 and len(pause.waits) == 2


def test_500_every_time_fails_with_one_line_naming_the_status(hub: FakeHub) -> None:
    hub.script = [status(500, '{"error": "internal\\nerror"}')] * 4
    pause = PauseRecorder()
    with pytest.raises(HubError) as raised:
        ask(pause, HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=1, attempts=4))
    assert len(hub.asked) == 4  # every attempt made, no more
    assert str(raised.value) == f"{hub.url.removeprefix('http://')} answered HTTP 500: internal error"


def test_a_404_is_not_retried(hub: FakeHub) -> None:
    hub.script = [status(404, '{"error": "nope"}')]
    with pytest.raises(HubError, match="no such page"):
        ask(PauseRecorder())
    assert len(hub.asked) == 1


# -- broken answers -----------------------------------------------------------------------


def test_a_connection_dropped_mid_answer_is_retried(hub: FakeHub) -> None:
    hub.script = [dropped()]
    text, client = ask(PauseRecorder())
    assert '"2512.00002"' in text and client.requests == 2


def test_a_connection_dropped_every_time_is_offline_not_an_error(hub: FakeHub) -> None:
    hub.script = [dropped(), dropped()]
    with pytest.raises(HubOffline) as raised:
        ask(PauseRecorder(), HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=1, attempts=2))
    assert "the connection dropped" in str(raised.value)


def test_a_slow_answer_past_the_timeout_is_offline(hub: FakeHub) -> None:
    hub.script = [slow(0.6), slow(0.6)]
    started = time.monotonic()
    with pytest.raises(HubOffline) as raised:
        ask(PauseRecorder(), HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=0.3, attempts=2))
    assert "timed out" in str(raised.value)
    assert time.monotonic() - started < 5  # given up after the timeouts, not waited out
    wait_until_answered()


def test_malformed_json_is_an_error_saying_what_came(hub: FakeHub) -> None:
    hub.script = [malformed_json()]
    with pytest.raises(HubError, match=r"did not send JSON \(it starts '\[\{\"paper\"") as raised:
        ask(PauseRecorder())
    assert len(hub.asked) == 1 and "\n" not in str(raised.value)


def test_an_html_error_page_is_an_error_with_its_status(hub: FakeHub) -> None:
    hub.script = [html_error_page(502), html_error_page(502)]
    with pytest.raises(HubError) as raised:
        ask(PauseRecorder(), HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=1, attempts=2))
    assert str(raised.value).endswith("answered HTTP 502")  # the page's markup is not the message


def test_an_html_page_with_status_200_is_not_taken_for_an_answer(hub: FakeHub) -> None:
    hub.script = [html_error_page(200)]
    with pytest.raises(HubError, match="did not send JSON .*DOCTYPE html"):
        ask(PauseRecorder())


def test_json_nested_too_deeply_is_an_error_not_a_crash(hub: FakeHub) -> None:
    nested = "[" * 100_000 + "]" * 100_000  # beyond the parser's recursion limit
    hub.script = [status(200, nested), status(500, nested), status(500, nested)]
    with pytest.raises(HubError, match="did not send JSON"):
        ask(PauseRecorder())
    with pytest.raises(HubError, match="answered HTTP 500$"):
        ask(PauseRecorder(), HubPolicy(min_interval_s=0, first_pause_s=0.01, timeout_s=1, attempts=2))


def test_an_endless_answer_is_cut_off(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(client_module, "MAX_RESPONSE_BYTES", 4096)
    hub.daily[DAY] = [paper_entry(n, day=DAY) for n in range(50)]  # far more than 4 KiB
    with pytest.raises(HubError, match="sent more than"):
        ask(PauseRecorder())


# -- offline ------------------------------------------------------------------------------


def test_a_closed_port_is_offline() -> None:
    """The autouse fixture points HF_ENDPOINT at a closed local port."""
    with pytest.raises(HubOffline, match="cannot connect to 127.0.0.1:9"):
        HubClient(FAST, pause=PauseRecorder()).daily_papers(PARAMS)


def test_hf_hub_offline_set_now_is_offline_and_asks_nothing(hub: FakeHub, monkeypatch: pytest.MonkeyPatch) -> None:
    """``huggingface_hub`` reads HF_HUB_OFFLINE once, at import; the client reads it at each request too."""
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(HubOffline, match="HF_HUB_OFFLINE"):
        ask(PauseRecorder())
    assert hub.asked == []


def test_hf_hub_offline_read_by_huggingface_hub_at_import_is_offline(
    hub: FakeHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``huggingface_hub.constants.is_offline_mode`` answers (HF_HUB_OFFLINE at import time) is honoured."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(HubOffline, match="HF_HUB_OFFLINE"):
        ask(PauseRecorder())
    assert hub.asked == []


def test_an_endpoint_that_is_not_http_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "file:///etc")
    with pytest.raises(HubError, match="not an http"):
        HubClient(FAST).daily_papers(PARAMS)


# -- what is sent ----------------------------------------------------------------------------


def test_no_token_is_sent_and_the_user_agent_names_readinglist(hub: FakeHub, tmp_path, monkeypatch) -> None:
    """HF_TOKEN is set by the fixture, and a token is saved where huggingface_hub looks: neither leaves."""
    from huggingface_hub import constants

    token_file = tmp_path / "token"
    token_file.write_text("hf_saved_token_that_must_not_leave")
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(token_file))
    client = HubClient(FAST, pause=PauseRecorder())
    client.daily_papers(PARAMS)
    client.search("attention", 5)
    client.paper("2512.00001")
    assert len(hub.headers) == 3
    for headers in hub.headers:
        lowered = {name.lower(): value for name, value in headers.items()}
        assert "authorization" not in lowered
        assert "token_that_must_not_leave" not in " ".join(lowered.values())
        assert lowered["user-agent"].startswith("readinglist/")


def test_only_the_papers_api_is_asked(hub: FakeHub, httpserver: HTTPServer, tmp_path, monkeypatch) -> None:
    """No request of the client's own (its agent-detection asks ``/api/agent-harnesses`` of its endpoint)."""
    from huggingface_hub import constants
    from huggingface_hub.utils import _detect_agent

    monkeypatch.setattr(constants, "ENDPOINT", hub.url)  # as if imported with HF_ENDPOINT at the fake
    monkeypatch.setattr(constants, "AGENT_HARNESSES_PATH", str(tmp_path / "harnesses.json"))
    monkeypatch.setattr(constants, "HF_HUB_DISABLE_TELEMETRY", False)
    monkeypatch.setattr(_detect_agent, "_registry", None)
    HubClient(FAST, pause=PauseRecorder()).daily_papers(PARAMS)
    assert [request.path for request, _response in httpserver.log] == ["/api/daily_papers"]
    assert not (tmp_path / "harnesses.json").exists()


# -- at most one request a second --------------------------------------------------------------


def test_requests_are_spaced_by_the_minimum_interval(hub: FakeHub) -> None:
    """The default policy: each request starts 1 s after the one before (the recorder does not sleep, so the
    third's turn comes 1 s after the second's, which has not really waited)."""
    pause = PauseRecorder()
    client = HubClient(HubPolicy(), pause=pause)
    starts = []
    for _ in range(3):
        client.daily_papers(PARAMS)
        starts.append(client_module._Clock.last_start)  # when the client let this request start
    assert len(hub.asked) == 3
    assert [round(later - earlier, 6) for earlier, later in zip(starts, starts[1:], strict=False)] == [1.0, 1.0]
    assert len(pause.waits) == 2 and 0 < pause.waits[0] <= 1.0 and 1.0 < pause.waits[1] <= 2.0


def test_three_requests_take_at_least_two_seconds(hub: FakeHub) -> None:
    """A real-time guard on the same: nothing is faked."""
    client = HubClient(HubPolicy())
    started = time.monotonic()
    for _ in range(3):
        client.daily_papers(PARAMS)
    assert time.monotonic() - started >= 1.95
    assert len(hub.asked) == 3
