"""Feeds and the papers API: sniffing, one paper per entry as role items, summaries apart."""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import feedparser  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readinglist.core.dumps import DumpError, ParsedPaper, Problem, read_dump_file, read_dump_text, split_entries
from readinglist.core.dumps.feed_text import html_text
from readinglist.core.dumps.feeds import SNIFF_CHARS, feed_items, sniff_feed
from readinglist.core.dumps.items import ROLES, Item
from readinglist.core.dumps.summaries import split_ai_summary

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
PAGE_DUMPS = [
    *sorted((Path(__file__).parent / "fixtures" / "dumps").iterdir()),
    *sorted((Path(__file__).parent / "fixtures" / "library").iterdir()),
]
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
TAKEN = date(2025, 6, 1)


def _read(name: str) -> str:
    return (FEEDS / name).read_text(encoding="utf-8")


def _items(name: str) -> list[Item]:
    text = _read(name)
    kind = sniff_feed(text)
    assert kind is not None
    return list(feed_items(text, kind))


def _cards(items: Iterable[Item]) -> list[dict[str, Any]]:
    """Items grouped per entry: {"number", "title"/"problem", "url", role: text, "links", "github"}."""
    cards: list[dict[str, Any]] = []
    for item in items:
        assert item.role in ROLES and len(item.pieces) == 1
        piece = item.pieces[0]
        if item.role in ("title", "problem"):
            cards.append({"number": item.number, item.role: piece.text, **({"url": piece.url} if piece.url else {})})
            continue
        card = cards[-1]
        assert card["number"] == item.number and "title" in card
        if item.role == "link":
            card.setdefault("links", []).append(piece.url)
        elif item.role == "github":
            card["github"] = (piece.url, piece.text)
        else:
            assert piece.url is None
            card[item.role] = piece.text
    return cards


def _paper(number: int, arxiv_id: str | None) -> dict[str, Any]:
    card: dict[str, Any] = {"number": number}
    if arxiv_id:
        card["url"] = f"https://huggingface.co/papers/{arxiv_id}"
    return card


# ---------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("hf_daily.rss", "rss"),
        ("arxiv_cs_lg.rss", "rss"),
        ("papers.atom", "atom"),
        ("jsonfeed_1_1.json", "jsonfeed"),
        ("jsonfeed_1_0.json", "jsonfeed"),
        ("hf_api_daily_old.json", "hf-api"),
        ("hf_api_daily_new.json", "hf-api"),
        ("hf_api_bad_types.json", "hf-api"),
        ("hf_api_search.json", "hf-api"),
    ],
)
def test_sniff_fixture(name: str, kind: str) -> None:
    assert sniff_feed(_read(name)) == kind


def _shared_files() -> list[Path]:
    folders = [SHARED / "dumps", SHARED / "captures"]
    return sorted(path for folder in folders if folder.is_dir() for path in folder.iterdir() if path.is_file())


@pytest.mark.parametrize("path", _shared_files() or [None], ids=lambda path: path.name if path else "none")
def test_shared_pages_are_no_feeds(path: Path | None) -> None:
    if path is None:
        pytest.skip("../shared/dumps and ../shared/captures not found beside the checkout")
    assert sniff_feed(path.read_text(encoding="utf-8", errors="replace")[:SNIFF_CHARS]) is None


@pytest.mark.parametrize("path", PAGE_DUMPS, ids=lambda path: path.name)
def test_page_dump_fixtures_are_no_feeds(path: Path) -> None:
    assert sniff_feed(path.read_text(encoding="utf-8")) is None


RSS_091 = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
    ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n'
    '<rss version="0.91"><channel><title>Papers</title>'
    "<item><title>Old Format, New Paper</title><link>https://huggingface.co/papers/2402.00001</link></item>"
    "</channel></rss>"
)
RSS_10 = (
    '<?xml version="1.0"?>\n'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"\n'
    '         xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
    '  <channel rdf:about="https://papers.example.org/"><title>Papers</title>'
    "<link>https://papers.example.org/</link><description>d</description></channel>\n"
    '  <item rdf:about="https://huggingface.co/papers/2402.00002">\n'
    "    <title>RDF Is Not Dead Yet</title>\n"
    "    <link>https://huggingface.co/papers/2402.00002</link>\n"
    "    <description>An abstract in an RSS 1.0 item.</description>\n"
    "    <dc:date>2024-02-01T12:00:00Z</dc:date>\n"
    "    <dc:creator>Ada Byron</dc:creator>\n"
    "  </item>\n"
    "</rdf:RDF>\n"
)


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (RSS_091, "rss"),
        (RSS_10, "rss"),
        ('<rdf:RDF xmlns:rdf="x" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel/></rdf:RDF>', "rss"),
        ("\ufeff  \n<!-- a feed -->\n<?xml-stylesheet href='s.xsl'?>\n<rss version='2.0'><channel/></rss>", "rss"),
        ('<feed xmlns="http://purl.org/atom/ns#" version="0.3"><title>t</title></feed>', "atom"),
        ('<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>', "atom"),
        ('{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}', "jsonfeed"),
        ('{"paper": {"id": "2401.01234", "title": "One Daily Paper"}, "numComments": 2}', "hf-api"),
        ('{"id": "2401.01234", "title": "One Paper", "summary": "As /api/papers/<id> gives it."}', "hf-api"),
        ('[\n  {\n    "paper": {"id": "2401.01234", "title": "T"}\n  }\n]', "hf-api"),
        # Not feeds:
        ("", None),
        ("   \n\t", None),
        ("<!DOCTYPE html>\n<html><head><title>Daily Papers</title></head></html>", None),
        ('<?xml version="1.0"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml"></html>', None),
        ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>', None),
        ("<feed><entry><title>no Atom namespace</title></entry></feed>", None),
        ("<think>a plain text that starts with a tag</think>", None),
        ("<!-- never closed", None),
        ("[Graph Rewiring](https://huggingface.co/papers/2401.01234)\n\nAn abstract.", None),
        ("[1]: https://huggingface.co/papers/2401.01234\n[2]: https://huggingface.co/", None),
        ("[-] 12\nA Title", None),
        ("{not json at all}", None),
        ("[]", None),
        ("{}", None),
        ("[1, 2, 3]", None),
        ('[{"file": "x.txt", "papers": 3}]', None),
        ('[{"paper": "not an object"}]', None),
        ('{"version": "http://example.com/version/1", "items": []}', None),
        ('{"version": "https://jsonfeed.org/version/1.1", "title": "no items"}', None),
        ('{"id": "not-arxiv", "title": "t", "summary": "s"}', None),
        ('{"id": "2401.01234", "title": "t"}', None),
        ("[" * 100_000, None),
        ('{"a": ' * 50_000, None),
    ],
)
def test_sniff(head: str, kind: str | None) -> None:
    assert sniff_feed(head) == kind


def _api_paper(arxiv_id: str, authors: int) -> dict[str, Any]:
    names = [{"_id": f"{n:024x}", "name": f"Author Number {n}", "hidden": False} for n in range(authors)]
    return {"id": arxiv_id, "authors": names, "title": "A Paper With Many Authors", "summary": "Many hands."}


def test_sniff_a_head_cut_off_inside_an_entry() -> None:
    # A collaboration paper with thousands of authors fills the whole head.
    daily = json.dumps([{"paper": _api_paper("2402.05555", 3000), "numComments": 1}])
    bare = json.dumps([_api_paper("2402.05555", 3000)], indent=2)
    feed = json.dumps({"version": "https://jsonfeed.org/version/1", "items": [{"title": "x" * 100_000}]})
    assert len(daily) > SNIFF_CHARS and len(bare) > SNIFF_CHARS
    assert sniff_feed(daily[:SNIFF_CHARS]) == "hf-api"
    assert sniff_feed(bare[:SNIFF_CHARS]) == "hf-api"
    assert sniff_feed(json.dumps(_api_paper("2402.05555", 3000))[:SNIFF_CHARS]) == "hf-api"
    assert sniff_feed(feed[:SNIFF_CHARS]) == "jsonfeed"
    # The layout detector shows it at most 300 lines of a pretty-printed response.
    assert sniff_feed("\n".join(_read("hf_api_daily_new.json").splitlines()[:12])) == "hf-api"
    assert sniff_feed(_read("hf_api_daily_old.json")[:200]) == "hf-api"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["", "<", "{", "[", '{"paper":', '[{"id":"2401.01234",', "<rss", "<?xml "]), st.text())
def test_sniff_never_raises(start: str, rest: str) -> None:
    assert sniff_feed(start + rest) in (None, "rss", "atom", "jsonfeed", "hf-api")


# ---------------------------------------------------------------- RSS and Atom


def test_hf_daily_rss() -> None:
    assert _cards(_items("hf_daily.rss")) == [
        {
            **_paper(1, "2503.10211"),
            "title": "Depth-Skipping Routers for Long-Context Inference",
            # The HTML description's first paragraph is the machine-written summary.
            "ai_summary": "A small router lets each token skip the middle layers of a transformer when its hidden "
            "state has stopped changing, which halves the cost of 128k-token prompts.",
            "abstract": "Transformers spend the same depth on every token, although most tokens of a long prompt "
            "are settled after a few layers. We train a depth router that decides, per token and per block, whether "
            "the block runs or is skipped. On four long-context benchmarks the router keeps 98% of the quality at "
            "51% of the compute. Code: okafor-lab/depth-skip.",
            "comments": "7",
            "authors": "1",
            "date": "2025-03-13",
            # The anchor's target is kept; the enclosure (a thumbnail) is no link of the paper.
            "links": ["https://github.com/okafor-lab/depth-skip"],
        },
        {
            **_paper(2, "2503.09877"),
            "title": "Calibrated Refusals: When Should a Model Say \u201cI Don\u2019t Know\u201d?",
            # A plain-text description: `0 < p < 1` is text, not a tag.
            "abstract": "We frame refusal as a decision under uncertainty: the model should abstain exactly when its "
            "probability of being right falls below a threshold 0 < p < 1 fixed by the cost of errors. A post-hoc "
            "calibration step makes the threshold mean what it says, for Q&A and code alike.",
            "comments": "0",
            "date": "2025-03-13",
        },
        {
            # The id comes from the arXiv link (its version dropped), not from the opaque guid.
            **_paper(3, "2503.11002"),
            "title": "PixelPrompt: Editing Images by Pointing",
            "abstract": "Text prompts are a clumsy way to say which part of a picture should change. PixelPrompt "
            "takes clicks and scribbles as the prompt. Demo: try it, paper page here.",
            # 22:15 at UTC-5 is the 13th in UTC; the paper's own page is no extra link.
            "date": "2025-03-13",
            "links": ["https://pixelprompt.example.org/demo"],
        },
    ]


def test_arxiv_rss() -> None:
    assert _cards(_items("arxiv_cs_lg.rss")) == [
        {
            **_paper(1, "2401.01234"),
            # arXiv hard-wraps long titles; the announcement prefix is not part of the abstract.
            "title": "Graph Rewiring Against Oversquashing: A Cross-Domain Perspective",
            "abstract": "Message passing squeezes information from exponentially many neighbours through fixed-size "
            "vectors. We compare eleven rewiring schemes on molecules, road networks and citation graphs and find "
            "that none wins everywhere; a curvature score computed in 0 < t < 1 predicts which one will.",
            "authors": "3",  # one dc:creator listing three names
            "date": "2024-01-03",
        },
        {
            **_paper(2, "2401.00987"),
            "title": "Low-Rank Adapters Forget Less Than You Think: Measuring Drift in Continual Fine-Tuning of "
            "Language Models",
            "abstract": "We measure how far a model drifts from its base behaviour after each of twenty sequential "
            "fine-tuning tasks. Low-rank adapters drift about a third as much as full fine-tuning at equal task "
            "accuracy.",
            "authors": "1",
            "date": "2024-01-03",
        },
        {
            **_paper(3, "2401.01502"),  # no <link>: the OAI guid names the paper
            "title": "Tabular Foundation Models Under Distribution Shift",
            "abstract": "Pretrained tabular models are sold as drop-in replacements for gradient-boosted trees. Under "
            "covariate shift they are not.",
            "authors": "3",  # "A, B and C"
            "date": "2024-01-03",
        },
    ]


def test_atom() -> None:
    assert _cards(_items("papers.atom")) == [
        {
            **_paper(1, "2502.07735"),
            "title": "Speculative Decoding with a Shared Draft Head",
            "abstract": "Speculative decoding needs a draft model that agrees with the target. We attach a single "
            "draft head to the target itself and share its key-value cache. Speed-ups of 2.1x to 2.8x at identical "
            "outputs.",
            "authors": "4",
            "date": "2025-02-12",  # published 23:30 at UTC-5; `updated` is not used when published is given
        },
        {
            **_paper(2, "2502.08101"),
            "title": "Why Grokking Happens Late",  # an HTML title
            "ai_summary": "weight norm, not data, sets the clock of generalisation.",
            "abstract": "We show that the delay before a network generalises is set by the time its weight norm "
            "takes to shrink, and give a formula that predicts it within 10%.",
            "authors": "1",
            "date": "2025-02-12",  # only <updated>
            "links": ["https://github.com/late-lab/grokking-clock"],  # rel="related"
        },
        {"number": 3, "problem": "entry 3: no title"},
        {
            **_paper(4, "2502.10444"),  # from <id>, an arxiv.org/abs link with a version
            "title": "Revisiting Backpropagation Through Time",
            "abstract": "Old ideas, new hardware: truncated BPTT with 1 < k < T steps scales to sequences of a "
            "million tokens.",
            # 1985 is outside 1990..2100: no date.
        },
    ]


def test_rss_versions_and_old_arxiv_titles() -> None:
    assert _cards(feed_items(RSS_10, "rss")) == [
        {
            **_paper(1, "2402.00002"),
            "title": "RDF Is Not Dead Yet",
            "abstract": "An abstract in an RSS 1.0 item.",
            "authors": "1",
            "date": "2024-02-01",
        }
    ]
    assert _cards(feed_items(RSS_091, "rss")) == [{**_paper(1, "2402.00001"), "title": "Old Format, New Paper"}]
    old_arxiv = (
        '<rss version="2.0"><channel><item>'
        "<title>Sharper Minima. (arXiv:2301.04567v2 [cs.LG] UPDATED)</title>"
        "<description>&lt;p&gt;Flat is not always better.&lt;/p&gt;</description>"
        "</item></channel></rss>"
    )
    assert _cards(feed_items(old_arxiv, "rss")) == [
        {**_paper(1, "2301.04567"), "title": "Sharper Minima", "abstract": "Flat is not always better."}
    ]


ARXIV_API = """

<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <title type="html">ArXiv Query: search_query=all:rewiring</title>
  <id>http://arxiv.org/api/cHxbiOdZaP56ODnBPIenZhzg5f8</id>
  <updated>2024-01-05T00:00:00-05:00</updated>
  <entry>
    <id>http://arxiv.org/abs/2401.01234v2</id>
    <updated>2024-01-04T18:00:00Z</updated>
    <published>2024-01-02T18:59:59Z</published>
    <title>Graph Rewiring Against Oversquashing: A Cross-Domain
  Perspective</title>
    <summary>  Message passing squeezes information from exponentially many neighbours
through fixed-size vectors.
</summary>
    <author><name>Ana Ruiz</name></author>
    <author><name>Bo Chen</name></author>
    <author><name>Carla Diaz</name></author>
    <link title="doi" href="http://dx.doi.org/10.1000/xyz123" rel="related"/>
    <link href="http://arxiv.org/abs/2401.01234v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2401.01234v2" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
  <entry>
    <id>tag:elsewhere.example,2024:7</id>
    <title>A Reading Note</title>
    <link href="https://elsewhere.example/notes/7" rel="alternate"/>
    <link href="https://huggingface.co/papers/2312.00001" rel="related"/>
    <link href="https://huggingface.co/papers/2312.00002" rel="related"/>
  </entry>
</feed>
"""


def test_arxiv_api_atom() -> None:
    assert sniff_feed(ARXIV_API) == "atom"
    assert _cards(feed_items(ARXIV_API, "atom")) == [
        {
            **_paper(1, "2401.01234"),
            "title": "Graph Rewiring Against Oversquashing: A Cross-Domain Perspective",
            "abstract": "Message passing squeezes information from exponentially many neighbours through fixed-size "
            "vectors.",
            "authors": "3",
            "date": "2024-01-02",
            "links": ["http://dx.doi.org/10.1000/xyz123"],  # the abstract and PDF pages are the paper itself
        },
        {
            # Alternate links and the id name the paper before related links do.
            **_paper(2, "2312.00001"),
            "title": "A Reading Note",
            "links": ["https://elsewhere.example/notes/7", "https://huggingface.co/papers/2312.00002"],
        },
    ]


def test_feed_values_out_of_range_and_prefixes() -> None:
    feed = """<rss version="2.0" xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel>
      <item><title>First</title><pubDate>Sun, 31 Dec 1989 12:00:00 GMT</pubDate>
        <slash:comments>1000000000</slash:comments><link>javascript:alert(1)</link>
        <description>Generated by Gemini 2.5 Flash:
A one-line summary.

The abstract, after a blank line.</description></item>
      <item><title>Second</title><pubDate>Mon, 01 Jan 1990 00:00:00 GMT</pubDate>
        <slash:comments>999999999</slash:comments><link>https://blog.example.com/post</link>
        <description>AI-generated summary: short. Rest of the same line is the summary too.</description></item>
    </channel></rss>"""
    assert _cards(feed_items(feed, "rss")) == [
        {
            "number": 1,
            "title": "First",
            "ai_summary": "A one-line summary.",
            "abstract": "The abstract, after a blank line.",
        },
        {
            "number": 2,
            "title": "Second",
            "ai_summary": "short. Rest of the same line is the summary too.",
            "comments": "999999999",
            "date": "1990-01-01",
            "links": ["https://blog.example.com/post"],
        },
    ]


def test_feedparser_gets_a_stream(monkeypatch: pytest.MonkeyPatch) -> None:
    """A string would make feedparser fetch URLs and open files; a byte stream never does."""
    seen: list[object] = []
    parse = feedparser.parse

    def spy(source: object, **kwargs: Any) -> Any:
        seen.append(source)
        return parse(source, **kwargs)

    def no_fetch(*args: object, **kwargs: object) -> None:
        raise AssertionError("feedparser tried to fetch")

    monkeypatch.setattr(feedparser, "parse", spy)
    monkeypatch.setattr(feedparser.api.http, "get", no_fetch)
    assert len(_items("hf_daily.rss")) > 3
    with pytest.raises(DumpError, match="unreadable feed"):
        list(feed_items("https://example.org/feed.xml", "rss"))
    assert seen and all(isinstance(source, io.BytesIO) for source in seen)


def test_declared_encoding_does_not_redecode() -> None:
    # The text is already decoded; its declaration (from the bytes it came from) is stale.
    feed = '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><item><title>Café Über Ñ</title>'
    assert _cards(feed_items(feed + "</item></channel></rss>", "rss")) == [{"number": 1, "title": "Café Über Ñ"}]


# ---------------------------------------------------------------- JSON Feed


def test_json_feed_1_1() -> None:
    assert _cards(_items("jsonfeed_1_1.json")) == [
        {
            **_paper(1, "2504.01111"),
            "title": "Origami Attention: Folding Long Sequences into Short Ones",
            "ai_summary": "Sequences are folded into a grid so that attention along rows and columns covers the "
            "whole input in two short passes.",
            "abstract": "Quadratic attention limits context length. We fold a sequence of length n into a square grid "
            "and attend along rows, then along columns, so that every pair of positions interacts at a cost of "
            "n \u221an.",
            "authors": "3",
            "date": "2025-04-01",  # 01:15 at UTC+2
            "links": ["https://fold-lab.example.org/origami"],  # external_url: a link, never the paper
        },
        {
            **_paper(2, "2504.02222"),  # a bare arXiv id as the item id
            "title": "Reward Models That Know What They Don't Know",
            "abstract": "Reward models are confidently wrong on prompts unlike their training data. An ensemble of "
            "small heads flags such prompts before the policy exploits them.",  # content_text over summary
            "date": "2025-04-03",
            "links": ["https://notes.example.com/2025/04/robust-reward-models"],  # attachments are not links
        },
        {"number": 3, "problem": "entry 3: no title"},
    ]


def test_json_feed_1_0() -> None:
    assert _cards(_items("jsonfeed_1_0.json")) == [
        {
            **_paper(1, "2310.04567"),
            "title": "Contrastive Pretraining for Tables",
            "abstract": "Rows of the same table are positives, rows of other tables negatives; the learned row "
            "embeddings transfer to twelve downstream tasks.",
            "authors": "1",  # the 1.0 `author` object
            "date": "2023-10-06",
        },
        {
            "number": 2,  # a numeric id, a javascript: url: no paper id, no link from them
            "title": "Distilling Chain-of-Thought into Small Models",
            "ai_summary": "small models learn to reason from rationales.",
            "abstract": "We distil rationales from a large teacher into students of 1B parameters and below.",
            "links": ["https://huggingface.co/papers/2310.05555"],
        },
    ]


# ---------------------------------------------------------------- the papers API


def test_api_daily_papers_new_style() -> None:
    items = _items("hf_api_daily_new.json")
    assert [item.role for item in items if item.number == 1] == [
        "title",
        "ai_summary",
        "abstract",
        "upvotes",
        "comments",
        "authors",
        "org",
        "date",
        "github",
        "link",
    ]
    cards = _cards(items)
    assert cards[0] == {
        **_paper(1, "2505.14302"),
        "title": "Self-Correcting Retrieval: Agents That Notice Their Own Bad Searches",
        "ai_summary": "A verifier scores each retrieved passage against its sub-question and triggers a new search "
        "when the passage does not answer it.",
        "abstract": "Retrieval-augmented agents rarely check whether a search returned what they needed. We add a "
        "verifier that scores each retrieved passage against the sub-question it was meant to answer and triggers a "
        "reformulated search when the score is low. On multi-hop question answering this recovers 61% of the "
        "failures caused by bad first searches.",
        "upvotes": "87",
        "comments": "4",
        "authors": "5",
        "org": "Northlake AI Lab",
        "date": "2025-05-20",  # the paper's publishedAt, not the day it was submitted to the list
        "github": ("https://github.com/wenzhao/self-correcting-rag", "1342"),
        "links": ["https://self-correcting-rag.example.io"],
    }
    assert cards[1] == {
        **_paper(2, "2505.13877"),
        "title": "Quantised KV Caches Without Outlier Tokens",
        "ai_summary": "Keeping a few outlier tokens in full precision makes 2-bit key-value caches accurate.",
        "abstract": "Key-value caches dominate the memory of long-context inference. A handful of outlier tokens "
        "break 2-bit quantisation; we keep those few in full precision and quantise the rest.",
        "upvotes": "23",
        "comments": "0",
        "authors": "2",
        "org": "bosphorus-ml",  # top-level organisation without a fullname
        "date": "2025-05-19",
    }
    assert cards[2] == {
        **_paper(3, "2505.12040"),
        "title": "Video Tokenisers Should Be Evaluated on Motion",
        "abstract": "Reconstruction metrics reward video tokenisers that blur motion. We propose a motion-aware "
        "benchmark.",  # an empty ai_summary is none
        "upvotes": "0",
        "comments": "2",
        "authors": "3",
        "date": "2025-05-18",
        "github": ("https://github.com/noorr/motion-bench", ""),  # the repository of a deep link, no stars
    }


def test_api_daily_papers_old_style() -> None:
    assert _cards(_items("hf_api_daily_old.json")) == [
        {
            **_paper(1, "2403.08295"),
            "title": "Instruction Tuning with Fewer, Harder Examples",
            "abstract": "Most instruction-tuning sets are dominated by easy examples. We score examples by the loss "
            "of a small reference model and keep the hardest ten percent; the resulting models match those trained "
            "on the full set.",
            "upvotes": "41",
            "comments": "3",
            "authors": "4",
            "date": "2024-03-13",
        },
        {
            **_paper(2, "2403.07816"),
            "title": "Sparse Autoencoders Find Units for Negation",
            "abstract": "We train sparse autoencoders on the residual stream of a 7B model and find features that fire "
            "on negation across languages.",
            "upvotes": "9",
            "comments": "0",
            "authors": "1",
            "date": "2024-03-12",
        },
    ]


def test_api_search_results_and_one_paper() -> None:
    cards = _cards(_items("hf_api_search.json"))
    assert [(card["url"], card["title"], card.get("ai_summary") is not None) for card in cards] == [
        ("https://huggingface.co/papers/2407.21783", "Speech Tokenisers Compared at Equal Bitrate", True),
        ("https://huggingface.co/papers/2408.00118", "Whisper on a Microcontroller", False),
    ]
    assert cards[1] == {
        **_paper(2, "2408.00118"),
        "title": "Whisper on a Microcontroller",
        "abstract": "A 4-bit speech recogniser that runs in 512 KB of RAM.",
        "upvotes": "4",
        "authors": "1",
        "date": "2024-07-31",
    }
    one = json.dumps({"id": "2407.21783v3", "title": "One Paper", "summary": "Its abstract.", "upvotes": 2})
    assert sniff_feed(one) == "hf-api"
    assert _cards(feed_items(one, "hf-api")) == [
        {**_paper(1, "2407.21783"), "title": "One Paper", "abstract": "Its abstract.", "upvotes": "2"}
    ]


def test_api_wrong_types_drop_fields_not_entries() -> None:
    assert _cards(_items("hf_api_bad_types.json")) == [
        {
            "number": 1,
            "title": "Every Field Has the Wrong Type",
            "abstract": "Only the title and this abstract are usable; every other field of this entry is of the "
            "wrong type.",
        },
        {"number": 2, "problem": "entry 2: no title"},
        {"number": 3, "problem": "entry 3: not an object"},
        {
            **_paper(4, "2502.00004"),
            "title": "Values Out of Range Are Dropped",
            "abstract": "Counts of a billion or more, booleans, dates before 1990 and non-web links are dropped one "
            "by one.",
            "org": "Acme Research",
        },
        {
            **_paper(5, "2502.00005"),
            "title": "A Good Entry After the Bad Ones",
            "abstract": "Reading goes on after broken entries.",
            "comments": "999999999",
            "org": "acme",
            "date": "2025-02-28",
            "links": ["https://gitlab.example.com/group/project"],  # not GitHub: a plain link, no stars
        },
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"paper": {"id": "2401.01234",}}]', r"malformed JSON at line 1, column 32"),
        ('[{"paper": {"id": "2401.01234"', r"malformed JSON at line 1"),
        ("[" * 100_000 + "]" * 100_000, r"malformed JSON"),
        ('"just a string"', r"not a papers API response"),
    ],
)
def test_unreadable_api_response(text: str, message: str) -> None:
    with pytest.raises(DumpError, match=message):
        feed_items(text, "hf-api")


def test_unreadable_feeds() -> None:
    with pytest.raises(DumpError, match="not a JSON Feed"):
        feed_items('{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "jsonfeed")
    with pytest.raises(DumpError, match="unreadable feed: line 2, column 1: no element found"):
        feed_items("<rss version='2.0'>\n", "rss")
    with pytest.raises(DumpError, match="unreadable feed: line 1, column 20: not well-formed"):
        feed_items("<rss version='2.0'>\x01<channel/></rss>", "rss")
    # A feed cut off inside an entry keeps what it has; a title cut off is no title.
    assert _cards(feed_items("<rss version='2.0'><channel><item><title>A</title><item><title>B</tit", "rss")) == [
        {"number": 1, "title": "A"},
        {"number": 2, "problem": "entry 2: no title"},
    ]
    with pytest.raises(ValueError, match="not a feed kind"):
        feed_items("[]", "csv")
    assert list(feed_items("[]", "hf-api")) == []
    assert list(feed_items("<rss version='2.0'><channel></channel></rss>", "rss")) == []


@pytest.mark.parametrize(
    ("value", "kept"),
    [(0, True), (999_999_999, True), (10**9, False), (-1, False), (True, False), (2.0, False), ("3", False)],
)
def test_api_count_bounds(value: object, kept: bool) -> None:
    text = json.dumps([{"paper": {"id": "2401.01234", "title": "T", "upvotes": value}}])
    assert _cards(feed_items(text, "hf-api"))[0].get("upvotes") == (str(value) if kept else None)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("1990-01-01T00:00:00Z", "1990-01-01"),
        ("1989-12-31T23:59:59Z", None),
        ("2100-12-31", "2100-12-31"),
        ("2101-01-01", None),
        ("2024-02-30T00:00:00Z", None),
        ("2024-03-01T01:00:00+02:00", "2024-02-29"),
        ("yesterday", None),
        (1709251200, None),
    ],
)
def test_api_date_bounds(value: object, shown: str | None) -> None:
    text = json.dumps([{"paper": {"id": "2401.01234", "title": "T", "publishedAt": value}}])
    assert _cards(feed_items(text, "hf-api"))[0].get("date") == shown


def test_overlong_title_is_a_problem() -> None:
    text = json.dumps([{"title": "word " * 300}, {"paper": {"title": "Fine"}}])
    assert _cards(feed_items(text, "hf-api")) == [
        {"number": 1, "problem": "entry 1: title too long (1499 characters)"},
        {"number": 2, "title": "Fine"},
    ]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
_API_KEYS = ["id", "title", "summary", "ai_summary", "authors", "publishedAt", "upvotes", "numComments", "githubRepo"]
_API_KEYS += ["githubStars", "organization", "projectPage", "paper"]
_FEED_KEYS = ["id", "url", "external_url", "title", "content_text", "content_html", "summary", "date_published"]
_FEED_KEYS += ["authors", "author"]


def _objects(keys: list[str]) -> st.SearchStrategy[object]:
    known = st.dictionaries(st.sampled_from(keys), _JSON_VALUES, max_size=len(keys))
    return st.one_of(known, st.fixed_dictionaries({"paper": known}), _JSON_VALUES)


def _check_stream(items: list[Item], entries: int) -> None:
    assert [item.number for item in items] == sorted(item.number for item in items)
    assert [item.number for item in items if item.role in ("title", "problem")] == list(range(1, entries + 1))
    assert all(item.role in ROLES and len(item.pieces) == 1 for item in items)
    assert not any("unreadable entry" in item.pieces[0].text for item in items if item.role == "problem")


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_objects(_API_KEYS), max_size=5))
def test_any_api_objects_give_one_paper_or_problem_each(entries: list[object]) -> None:
    _check_stream(list(feed_items(json.dumps(entries), "hf-api")), len(entries))


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_objects(_FEED_KEYS), max_size=5))
def test_any_json_feed_items_give_one_paper_or_problem_each(entries: list[object]) -> None:
    text = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": entries})
    _check_stream(list(feed_items(text, "jsonfeed")), len(entries))


# ---------------------------------------------------------------- texts


def test_html_text() -> None:
    text, hrefs = html_text(
        "<div><h3>Title</h3><p>One <b>bold</b>\n   word.<br>Next line.</p>"
        "<script>alert('x')</script><style>p {}</style>"
        '<ul><li>a</li><li>b <a href="https://x.example/">x</a> <a href="/rel">r</a> <a>none</a></li></ul></div>'
        "tail&nbsp;text &lt;kept&gt;"
    )
    assert text == "Title\nOne bold word.\nNext line.\na\nb x r none\ntail text <kept>"
    assert hrefs == ["https://x.example/", "/rel"]


@pytest.mark.parametrize(
    ("text", "summary", "rest"),
    [
        ("AI-generated summary\nThe summary.\nThe abstract.", "The summary.", "The abstract."),
        (
            "## AI-generated summary\n\nLine one\nline two.\n\nAbstract\n\nThe abstract.",
            "Line one line two.",
            "The abstract.",
        ),
        ("**AI-generated summary**\nS.\nAbstract\nA1\nA2", "S.", "A1\nA2"),
        ("  AI-Generated Summary: S here.\nAbstract: The abstract.", "S here.", "The abstract."),
        ("AI generated summary \u2014 S.\n\nA.", "S.", "A."),
        ("Generated by GPT-4o: S.\n\nA.", "S.", "A."),
        ("Generated by Qwen2.5-72B-Instruct\nS.\nA.", "S.", "A."),
        ("Summary generated by our reading bot v2: S.\nA.", "S.", "A."),
        ("AI-generated summary\n\n", None, ""),
        ("AI-generated summary", None, ""),
        # No label at the start: nothing changes.
        ("Generated by diffusion models, synthetic images are: everywhere.", None, None),
        ("Generated by the authors of this work who trained it: x", None, None),
        ("Generated by hand\u00a0: no", None, None),
        ("AI-generated summaryization is a made-up word.", None, None),
        ("We study AI-generated summary quality.\nAbstract: x", None, None),
        ("An abstract.\nAI-generated summary\nNot at the start.", None, None),
        ("", None, None),
    ],
)
def test_split_ai_summary(text: str, summary: str | None, rest: str | None) -> None:
    assert split_ai_summary(text) == (summary, text if rest is None else rest)


@settings(max_examples=300)
@given(st.sampled_from(["", "AI-generated summary", "## AI-generated summary:", "Generated by X\n"]), st.text())
def test_split_ai_summary_keeps_words(label: str, text: str) -> None:
    summary, rest = split_ai_summary(label + text)
    assert all(word in text for word in (summary or "").split())
    assert all(word in label + text for word in rest.split())


@pytest.mark.parametrize(
    "text",
    [
        "Generated by " + "a" * 1_000_000,
        "Generated by " + "a " * 500_000,
        " " * 1_000_000 + "x",
        "AI-generated summary\n" + "line\n" * 200_000,
        "AI-generated summary\n" + "\n" * 1_000_000,
        "#*_>" * 250_000,
    ],
)
def test_split_ai_summary_is_linear(text: str) -> None:
    summary, rest = split_ai_summary(text)  # would not finish if the matching backtracked quadratically
    assert summary is None or len(summary) <= len(text)


def test_big_json_sniffs_and_reads_quickly() -> None:
    papers = [{"paper": {"id": f"2401.{n:05d}", "title": f"Paper {n}", "summary": "x " * 200}} for n in range(5000)]
    text = json.dumps(papers)
    assert sniff_feed(text) == "hf-api"
    assert sum(1 for item in feed_items(text, "hf-api") if item.role == "title") == 5000


# ---------------------------------------------------------------- end to end


@pytest.mark.parametrize(
    ("name", "layout", "papers", "problems"),
    [
        ("hf_daily.rss", "rss", 3, []),
        ("arxiv_cs_lg.rss", "rss", 3, []),
        ("papers.atom", "atom", 3, [Problem(3, "entry 3: no title")]),
        ("jsonfeed_1_1.json", "jsonfeed", 2, [Problem(3, "entry 3: no title")]),
        ("jsonfeed_1_0.json", "jsonfeed", 2, []),
        ("hf_api_daily_old.json", "hf-api", 2, []),
        ("hf_api_daily_new.json", "hf-api", 3, []),
        ("hf_api_search.json", "hf-api", 2, []),
        ("hf_api_bad_types.json", "hf-api", 3, [Problem(2, "entry 2: no title"), Problem(3, "entry 3: not an object")]),
    ],
)
def test_read_feed_files(name: str, layout: str, papers: int, problems: list[Problem]) -> None:
    with read_dump_file(FEEDS / name, reference_date=TAKEN) as dump:
        read_papers, read_problems = split_entries(dump.entries)
    assert dump.layout == layout
    assert len(read_papers) == papers
    assert read_problems == problems
    assert all(paper.title and paper.published_inferred is False for paper in read_papers)


def test_read_api_text_end_to_end() -> None:
    dump = read_dump_text(_read("hf_api_daily_new.json"), reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)
    assert (dump.layout, problems) == ("hf-api", [])
    first = papers[0]
    assert first == ParsedPaper(
        title="Self-Correcting Retrieval: Agents That Notice Their Own Bad Searches",
        line=1,
        abstract=first.abstract,
        ai_summary="A verifier scores each retrieved passage against its sub-question and triggers a new search "
        "when the passage does not answer it.",
        arxiv_id="2505.14302",
        authors_count=5,
        org="Northlake AI Lab",
        published_text=first.published_text,
        published=date(2025, 5, 20),
        upvotes=87,
        comments=4,
        github_url="https://github.com/wenzhao/self-correcting-rag",
        github_stars=1342,
        links=["https://self-correcting-rag.example.io"],
    )
    assert first.abstract is not None and first.abstract.startswith("Retrieval-augmented agents rarely check")
    assert "A verifier scores" not in first.abstract
    assert [(paper.arxiv_id, paper.upvotes, paper.github_url) for paper in papers[1:]] == [
        ("2505.13877", 23, None),
        ("2505.12040", 0, "https://github.com/noorr/motion-bench"),
    ]


def test_read_rss_text_end_to_end() -> None:
    dump = read_dump_text(_read("hf_daily.rss"), reference_date=TAKEN)
    papers, problems = split_entries(dump.entries)
    assert (dump.layout, problems) == ("rss", [])
    assert [(paper.line, paper.arxiv_id, paper.comments, paper.published) for paper in papers] == [
        (1, "2503.10211", 7, date(2025, 3, 13)),
        (2, "2503.09877", 0, date(2025, 3, 13)),
        (3, "2503.11002", None, date(2025, 3, 13)),
    ]
    assert papers[0].ai_summary is not None and papers[0].ai_summary.startswith("A small router")
    assert papers[0].abstract is not None and papers[0].abstract.startswith("Transformers spend")
