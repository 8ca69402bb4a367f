"""Generated Hugging Face papers documents in every syntax the dump importer must read.

`papers()` is a hypothesis strategy for 1..8 papers with distinct titles and arXiv ids.
Each renderer in `RENDERERS` turns such a list into the text one real tool writes for a
papers listing page (a browser's plain-text copy, a scraper's Markdown, a text browser's
dump, a saved or copied HTML page, a feed, the site's JSON API), drawing its variation
(chrome, blank lines, wrapping, escapes, duplicates, line ends, BOM) from a
`random.Random` (in the tests, hypothesis's `st.randoms()`).

The layouts imitate the real captures in ../shared (dumps/*.txt, captures/*): what each
syntax shows, and so which fields a reader can recover from it, is listed per syntax in
tests/core/test_dumps_generated.py.

Dates follow the site's rule: a date shows its year only when it is not in the year the
page was viewed, and every page here is viewed in 2026, on or before `REFERENCE_DATE`
(a header list date, when shown, is a 2026 day not before any paper on the page).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import random
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from email.utils import format_datetime

from hypothesis import strategies as st

REFERENCE_DATE = date(2026, 12, 2)  # the day every generated page was saved
_FIRST_DATE = date(2017, 1, 2)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
HF = "https://huggingface.co"

# ------------------------------------------------------------------ vocabulary


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Title words: mostly capitalised content words, a few function words.
_TITLE_WORDS = _words(
    "Learning Language Models Reasoning Vision Transformers Scaling Efficient Diffusion Large "
    "Multimodal Agents Benchmark Alignment Retrieval Generation Reinforcement Sparse Attention "
    "Memory Long-Context Cross-Domain Zero-Shot In-Context Self-Supervised Fine-Tuning Robust "
    "Policy Optimization Graph Neural Networks Video Speech Code Mathematical Evaluation Data "
    "Synthetic Preference Reward Tokens Mixture-of-Experts Compositional Generalization Latent "
    "Planning Embodied Instruction Tuning Quantization Distillation Contrastive Representations "
    "Safety Hallucination Detection Segmentation Open-Vocabulary Calibration Uncertainty Causal "
    "Inference Scientific Discovery Protein Molecular Audio Music Robotic Manipulation Streaming "
    "World Simulation Test-Time Compute Verifiers Chain-of-Thought Multilingual Low-Resource "
    "Tabular Geometry Kernels Adaptive Continual Federated Privacy Adversarial Attacks Lightweight"
)
_FUNCTION_WORDS = ("for", "of", "with", "in", "and", "via", "on", "to", "from", "by", "the", "a", "at")
# First words of titles: capitalised, so a copy that glues "Subscribe" to the first title
# ("SubscribeDivergence-Based ...", as the real 003 dump does) stays readable.
_STARTERS = _words(
    "Towards Learning Scaling Rethinking Efficient Beyond Understanding Improving Benchmarking "
    "Training Evaluating Revisiting Unified Do Can When Why How Is Fast Sparse Robust Open Large "
    "Self-Improving Multi-Agent Long-Horizon Data-Efficient Zero-Shot Grounded Stable Interpretable"
)
_NAME_HEADS = _words(
    "Flow Mem Omni Hyper Seek Lingo Graph Token Quant Sketch Neuro Astra Echo Prism Nova Lumen Kite Orca"
)
_NAME_TAILS = ("Net", "Bench", "Former", "GPT", "-RAG", "OS", "LM", "-R1", "Diff", "Agent", "-7B", "Coder", "3D", "")
# Title tokens that stress some syntax: markup characters, ampersands, brackets,
# digits, Greek and accented letters, en dash.
_TITLE_SPECIALS = (
    "Q&A",
    "R&D",
    "&",
    "(Almost)",
    "(Mostly)",
    "(and Why)",
    "A*",
    "Text_to_SQL",
    "Shell_Code",
    "[CLS]",
    "[MASK]",
    "3D",
    "GPT-4",
    "7B",
    "100K",
    "1.58-Bit",
    "β-VAE",
    "μP",
    "Gödel",
    "Fréchet",
    "Schrödinger",
    "Zürich",
    "Naïve",
    "Ångström",
    "Erdős–Rényi",
    "ÜberEval",
)

_ABSTRACT_WORDS = _words(
    "we propose a method that improves the accuracy of language models on reasoning benchmarks "
    "results show our approach outperforms strong baselines across diverse tasks while reducing "
    "training cost inference latency and memory footprint in practice these findings suggest that "
    "simple data curation matters more than model size for generalization to unseen domains "
    "experiments on multilingual vision speech and code datasets confirm the effectiveness of "
    "this framework which combines retrieval planning and verification into one pipeline "
    "existing methods rely on expensive human annotation or handcrafted rules and fail under "
    "distribution shift we introduce a benchmark with thousands of examples and analyse failure "
    "modes of current systems including hallucination and reward hacking"
) + (
    "(LLMs)",
    "GPT-4",
    "7B",
    "12%",
    "3.5x",
    "state-of-the-art",
    "zero-shot",
    "naïve",
    "model's",
    "long-context",
    "fine-grained",
    "Pareto-optimal",
    "MoE",
    "(RL)",
    "end-to-end",
)
_SENTENCE_STARTERS = (
    "We",
    "Our",
    "This",
    "In",
    "Experiments",
    "Existing",
    "However,",
    "Recent",
    "To",
    "Results",
    "Large",
    "The",
    "Finally,",
    "Moreover,",
)
_SUMMARY_STARTERS = ("A new", "The proposed", "Using", "This", "An efficient", "A")
_URL_SENTENCES = (
    "Code is available at {url}.",
    "The project page is {url}.",
    "We release our data and models at {url}.",
    "See {url} for the benchmark and leaderboard.",
    "Our code and checkpoints are publicly available at {url}.",
)
_FILLER = (
    "Extensive experiments on several public benchmarks support these conclusions and point to directions "
    "for future work."
)

_ORGS = (
    ("nvidia", "NVIDIA"),
    ("google", "Google"),
    ("facebook", "AI at Meta"),
    ("MetaAI", "Meta AI"),
    ("microsoft", "Microsoft"),
    ("amazon", "Amazon"),
    ("CarnegieMellonU", "Carnegie Mellon University"),
    ("stanford", "Stanford University"),
    ("allenai", "Ai2"),
    ("Qwen", "Qwen"),
    ("deepseek-ai", "DeepSeek"),
    ("ByteDance-Seed", "ByteDance Seed"),
    ("tsinghua-univ", "Tsinghua University"),
    ("ethz", "ETH Zürich"),
    ("kaist-ai", "KAIST AI"),
    ("huggingface", "Hugging Face"),
    ("MBZUAI", "MBZUAI"),
    ("google-research", "Google Research"),
    ("umass", "University of Massachusetts Amherst"),
    ("ibm-research", "IBM Research"),
)
_USERS = ("akhaliq", "lena-k", "kai-w", "taesiri", "mira-h", "jbkim", "nielsr", "yuxi-liu", "s-ojha")
_FIRST_NAMES = _words(
    "Wei Ana Jonas Priya Mateo Yuki Chloé Tomás Ingrid Olu Hao Sara Dmitri Aisha Lukas Mei Rafael Zoë Ömer Kenji"
)
_LAST_NAMES = _words(
    "Chen García Müller Okafor Nakamura Rossi Kowalski Singh Dubois Park Novák Haddad Silva Ivanova Li Ström "
    "Øvergaard Nguyen Patel Schmidt"
)
_GH_OWNERS = (
    "fold-lab",
    "deep-ml-group",
    "nlp-uni",
    "vision-x",
    "openlab-ai",
    "kite-research",
    "microsoft",
    "google-deepmind",
)
_URL_HOSTS = (
    "{name}.github.io",
    "www.{lab}.org/projects/{name}",
    "{lab}.ai/{name}",
    "huggingface.co/datasets/{lab}/{name}",
)
_LABS = ("tonelab", "alpha-nlp", "visionlab", "kite-research", "data4science", "lumen-ai")
_QUERIES = (
    "systematic generalization",
    "tiny experts",
    "Intercode Bash",
    "source citations",
    "diffusion policy",
    "KV cache",
)


@dataclass(frozen=True)
class Org:
    """An organisation as the site shows it: avatar handle and display name."""

    handle: str
    name: str


@dataclass(frozen=True)
class Paper:
    """One generated paper; a page shows `org` when set, else the authors count."""

    title: str
    abstract: str
    abstract_url: str | None  # the http(s) URL mentioned in the abstract, if any
    arxiv_id: str
    published: date
    upvotes: int
    comments: int | None  # None: no discussion (the page shows no count)
    authors: int
    org: Org | None
    github_url: str | None
    github_stars: int | None  # exact; pages show `stars_shown(...)`
    ai_summary: str | None
    submitter: str

    @property
    def year_shown(self) -> bool:
        return self.published.year != REFERENCE_DATE.year

    @property
    def date_shown(self) -> str:
        """`Oct 4, 2022` for an earlier year, `Mar 12` for the year of viewing."""
        shown = f"{_MONTHS[self.published.month - 1]} {self.published.day}"
        return f"{shown}, {self.published.year}" if self.year_shown else shown

    @property
    def url(self) -> str:
        return f"{HF}/papers/{self.arxiv_id}"

    def author_names(self) -> list[str]:
        rnd = random.Random(self.arxiv_id)
        return [f"{rnd.choice(_FIRST_NAMES)} {rnd.choice(_LAST_NAMES)}" for _ in range(self.authors)]


def stars_shown(stars: int) -> str:
    """A star count as the site's GitHub button shows it: `476`, `1.32k`, `11.3k`, `113k`."""
    if stars < 1000:
        return str(stars)
    thousands = Decimal(stars) / 1000
    step = Decimal("0.01") if thousands < 10 else Decimal("0.1") if thousands < 100 else Decimal("1")
    shown = thousands.quantize(step, rounding=ROUND_DOWN).normalize()
    return f"{shown:f}k"


def stars_from_shown(shown: str) -> int:
    """The star count a reader can know from `stars_shown`'s text."""
    if shown.endswith("k"):
        return int(Decimal(shown[:-1]) * 1000)
    return int(shown)


def month_day(day: date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.day}"


# ------------------------------------------------------------------ strategies


def _coined_name(rnd: random.Random) -> str:
    return rnd.choice(_NAME_HEADS) + rnd.choice(_NAME_TAILS)


@st.composite
def titles(draw: st.DrawFn) -> str:
    """A realistic ML title: 3..25 words, at most 200 characters, never ending with `.`."""
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    count = draw(st.integers(3, 25))
    words: list[str] = []
    if draw(st.booleans()):
        words.append(_coined_name(rnd) + ":")
    words.append(rnd.choice(_STARTERS))
    while len(words) < count:
        words.append(rnd.choice(_FUNCTION_WORDS) if rnd.random() < 0.25 else rnd.choice(_TITLE_WORDS))
    if words[-1] in _FUNCTION_WORDS or words[-1].endswith(":"):
        words[-1] = rnd.choice(_TITLE_WORDS)
    special = draw(st.one_of(st.none(), st.sampled_from(_TITLE_SPECIALS)))
    if special is not None:
        words[draw(st.integers(1, len(words) - 2))] = special  # not last: no title ends with "&"
    question = draw(st.sampled_from(("", "", "end", "mid")))
    if question == "end" and words[-1][-1].isalnum():
        words[-1] += "?"
    elif question == "mid" and len(words) >= 4:
        at = draw(st.integers(1, len(words) - 3))
        if words[at][-1].isalnum():
            words[at] += "?"
    # Titles stay under 200 characters (the real dumps' longest has 144).
    while len(" ".join(words)) > 200:
        del words[-2]
    return " ".join(words)


def _sentence(rnd: random.Random, starters: Sequence[str] = _SENTENCE_STARTERS) -> str:
    words = [rnd.choice(starters)]
    for _ in range(rnd.randint(8, 26)):
        word = rnd.choice(_ABSTRACT_WORDS)
        if rnd.random() < 0.06 and words[-1][-1].isalnum():
            words[-1] += ","
        words.append(word)
    return " ".join(words).rstrip(",") + "."


def _url(rnd: random.Random) -> str:
    host = rnd.choice(_URL_HOSTS).format(name=_coined_name(rnd).lower().strip("-"), lab=rnd.choice(_LABS))
    return rnd.choice(("https://", "https://", "http://")) + host


@st.composite
def abstracts(draw: st.DrawFn) -> tuple[str, str | None]:
    """(abstract, the URL it mentions or None): 2..8 sentences, at least 250 characters."""
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    count = draw(st.integers(2, 8))
    url_at = draw(st.one_of(st.none(), st.integers(0, count - 1)))
    sentences = [_sentence(rnd) for _ in range(count)]
    url = None
    if url_at is not None:
        url = _url(rnd)
        sentences[url_at] = rnd.choice(_URL_SENTENCES).format(url=url)
    text = " ".join(sentences)
    if len(text) < 250:
        text += " " + _FILLER
    return text, url


@st.composite
def ai_summaries(draw: st.DrawFn) -> str:
    rnd = random.Random(draw(st.integers(0, 2**32 - 1)))
    return " ".join(_sentence(rnd, _SUMMARY_STARTERS) for _ in range(draw(st.integers(1, 2))))


@st.composite
def _published(draw: st.DrawFn) -> date:
    this_year = (REFERENCE_DATE - date(REFERENCE_DATE.year, 1, 1)).days
    days_back = draw(st.one_of(st.integers(0, this_year), st.integers(0, (REFERENCE_DATE - _FIRST_DATE).days)))
    return REFERENCE_DATE - timedelta(days=days_back)


@st.composite
def paper(draw: st.DrawFn) -> Paper:
    title = draw(titles())
    abstract, abstract_url = draw(abstracts())
    published = draw(_published())
    number = draw(st.integers(1, 29999))
    github = draw(st.one_of(st.none(), st.tuples(st.sampled_from(_GH_OWNERS), st.integers(1, 60000))))
    github_url = github_stars = None
    if github is not None:
        repo = re.sub(r"[^a-z0-9]+", "-", title.split(":")[0].lower()).strip("-")[:30].strip("-") or "code"
        github_url, github_stars = f"https://github.com/{github[0]}/{repo}", github[1]
    org = draw(st.one_of(st.none(), st.none(), st.sampled_from(_ORGS)))
    return Paper(
        title=title,
        abstract=abstract,
        abstract_url=abstract_url,
        arxiv_id=f"{published.year % 100:02d}{published.month:02d}.{number:05d}",
        published=published,
        upvotes=draw(st.one_of(st.just(0), st.integers(0, 5000))),
        comments=draw(st.one_of(st.none(), st.integers(1, 300))),
        authors=draw(st.integers(1, 60)),
        org=Org(*org) if org else None,
        github_url=github_url,
        github_stars=github_stars,
        ai_summary=draw(st.one_of(st.none(), ai_summaries())),
        submitter=draw(st.sampled_from(_USERS)),
    )


def _title_key(title: str) -> str:
    return "".join(ch for ch in title.casefold() if ch.isalnum())


def papers(max_size: int = 8) -> st.SearchStrategy[list[Paper]]:
    """1..max_size papers with distinct titles and arXiv ids, in page order."""
    return st.lists(
        paper(),
        min_size=1,
        max_size=max_size,
        unique_by=(lambda p: p.arxiv_id, lambda p: _title_key(p.title)),
    )


# ------------------------------------------------------------------ shared helpers


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap at spaces (a long word stays whole on its own line)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines


def arxiv_title(title: str, rnd: random.Random) -> str:
    """The title as arXiv metadata may hold it: hard-wrapped with `\\n  ` after ~60 columns."""
    if len(title) < 60 or rnd.random() < 0.4:
        return title
    cut = title.rfind(" ", 0, rnd.randint(45, 70))
    return title if cut <= 0 else title[:cut] + "\n  " + title[cut + 1 :]


def arxiv_abstract(text: str, rnd: random.Random) -> str:
    """The abstract with arXiv's line breaks (about 80 columns), or on one line."""
    return "\n".join(wrap(text, rnd.randint(70, 82))) if rnd.random() < 0.6 else text


def md_escape(text: str) -> str:
    """Escape what an HTML-to-Markdown converter (turndown) escapes inside text."""
    return re.sub(r"([\\*_`\[\]])", r"\\\1", text)


def finish(text: str, rnd: random.Random) -> str:
    """Final newline or not, CRLF line ends, UTF-8 BOM: as files from other systems have them."""
    text = text.rstrip("\n") + ("\n" if rnd.random() < 0.8 else "")
    if rnd.random() < 0.2:
        text = text.replace("\n", "\r\n")
    if rnd.random() < 0.15:
        text = "\ufeff" + text
    return text


def _join_blocks(blocks: Sequence[str], blank: bool) -> str:
    return ("\n\n" if blank else "\n").join(block for block in blocks)


def _hex(key: str, size: int) -> str:
    """Incidental ids and hashes, derived from `key` so they cost no random draws."""
    return hashlib.sha256(key.encode()).hexdigest()[:size]


def avatar_url(key: str) -> str:
    tail = base64.urlsafe_b64encode(hashlib.sha256(("tail" + key).encode()).digest()).decode()[:21].replace("_", "-")
    return f"https://cdn-avatars.huggingface.co/v1/production/uploads/{_hex(key, 24)}/{tail}.png"


def user_avatar_url(key: str) -> str:
    return f"{HF}/avatars/{_hex(key, 32)}.svg"


def thumbnail_url(paper: Paper) -> str:
    return f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{paper.arxiv_id}.png"


def login_url(paper: Paper) -> str:
    return f"{HF}/login?next=%2Fpapers%2F{paper.arxiv_id}"


def upvotes_shown(paper: Paper) -> str:
    return str(paper.upvotes) if paper.upvotes else "-"


def authors_text(paper: Paper, rnd: random.Random) -> str:
    noun = "author" if paper.authors == 1 and rnd.random() < 0.5 else "authors"
    return f"{paper.authors} {noun}"


def list_date(papers: Sequence[Paper], rnd: random.Random) -> date:
    """A header list date: a day of the viewing year not before any paper on the page."""
    low = max(max(p.published for p in papers), date(REFERENCE_DATE.year, 1, 1))
    return low + timedelta(days=rnd.randint(0, (REFERENCE_DATE - low).days))


def _header_date(papers: Sequence[Paper], rnd: random.Random) -> str | None:
    return month_day(list_date(papers, rnd)) if rnd.random() < 0.7 else None


NAV = (
    ("Hugging Face", "/"),
    ("Models", "/models"),
    ("Datasets", "/datasets"),
    ("Spaces", "/spaces"),
    ("Docs", "/docs"),
    ("Enterprise", "/enterprise"),
    ("Pricing", "/pricing"),
    ("Log In", "/login"),
    ("Sign Up", "/join"),
)
FOOTER = (
    ("System theme", None),
    ("Company", None),
    ("TOS", "/terms-of-service"),
    ("Privacy", "/privacy"),
    ("About", "/huggingface"),
    ("Careers", "https://apply.workable.com/huggingface/"),
    ("Website", None),
    ("Models", "/models"),
    ("Datasets", "/datasets"),
    ("Spaces", "/spaces"),
    ("Pricing", "/pricing"),
    ("Docs", "/docs"),
)


def _absolute(path: str) -> str:
    return path if path.startswith("http") else HF + path


# ------------------------------------------------------------------ plain text copies


def render_plain(papers: Sequence[Paper], rnd: random.Random) -> str:
    """A browser's plain-text copy with card metadata, as the real 001 dump.

    Title line, abstract line, `  • N authors` or `<avatar handle> <Org name>`, `·`,
    the date with the comment count after a space (`Mar 12 2`). No links, no upvotes.
    Varies: blank lines between blocks or none, header chrome, select-all navigation and
    footer, a search-query echo, `Submitted by <user>` lines, the header list date.
    """
    blank = rnd.random() < 0.7
    select_all = rnd.random() < 0.25
    blocks: list[str] = []
    if select_all:
        blocks += [name for name, _ in NAV]
    blocks.append("new")
    if rnd.random() < 0.4:
        blocks.append("Get trending papers in your email inbox once a day!")
    blocks += ["Get trending papers in your email inbox!", "Subscribe"]
    if rnd.random() < 0.6:
        blocks += ["Daily Papers", "byAK and the research community"]
    if rnd.random() < 0.3:
        blocks.append(rnd.choice(_QUERIES))
    header = _header_date(papers, rnd)
    if header:
        blocks.append(header)
    submitted = rnd.random() < 0.3
    for paper in papers:
        if submitted:
            blocks.append(f"Submitted by {paper.submitter}")
        blocks += [paper.title, paper.abstract]
        who = f"{paper.org.handle} {paper.org.name}" if paper.org else f"  • {authors_text(paper, rnd)}"
        when = paper.date_shown + (f" {paper.comments}" if paper.comments else "")
        blocks.append(f"{who}\n·\n{when}")
    if select_all:
        blocks += [name for name, _ in FOOTER]
    return finish(_join_blocks(blocks, blank), rnd)


def render_plain_bare(papers: Sequence[Paper], rnd: random.Random) -> str:
    """A browser's plain-text copy showing titles and abstracts only (real dumps 000/003/004).

    Either blank lines between every block (000, 004) or none at all with the first title
    glued to "Subscribe" (003).
    """
    if rnd.random() < 0.5:
        head = ["Get trending papers in your email inbox once a day!", "Get trending papers in your email inbox!"]
        body = [f"{p.title}\n{p.abstract}" for p in papers]
        return finish("\n".join(head) + "\nSubscribe" + "\n".join(body), rnd)
    blocks = ["new", "Get trending papers in your email inbox!", "Subscribe"]
    if rnd.random() < 0.5:
        blocks.append("Daily Papers")
    blocks.append("byAK and the research community")
    header = _header_date(papers, rnd)
    if header:
        blocks.append(header)
    for paper in papers:
        blocks += [paper.title, paper.abstract]
    return finish("\n\n".join(blocks), rnd)


# ------------------------------------------------------------------ Markdown from a scraper


def _firecrawl_title(paper: Paper, rnd: random.Random) -> str:
    title = md_escape(paper.title)
    if len(title) >= 60 and rnd.random() < 0.3:
        # The real capture keeps arXiv's title break as a backslash and two spaces.
        cut = title.rfind(" ", 0, max(title.find(" ") + 1, len(title) // 2))
        title = title[:cut] + "\\  " + title[cut + 1 :]
    return title


def render_firecrawl(papers: Sequence[Paper], rnd: random.Random) -> str:
    """Markdown as the firecrawl scraper writes it (captures/search-firecrawl-source-citations.md).

    Upvotes as a login link before `### [Title](…/papers/<id>)`, optional
    "AI-generated summary" block, link-wrapped abstract (with `\\\\` hard breaks where the
    page kept arXiv's line breaks), `[GitHub 11.3k](url)`, an avatar-image organisation
    link or `- N authors` (with avatar items) inside a link, `·`, the date with
    `[N](…#community)` glued. Varies: YAML front matter, header chrome, list date,
    daily-page thumbnails and "Submitted by", escapes, hard breaks.
    """
    blocks: list[str] = []
    if rnd.random() < 0.6:
        query = rnd.choice(_QUERIES).replace(" ", "%20")
        blocks.append(
            f"---\nurl: {HF}/papers?q={query}\nretrieved: 2026-10-02\nstatusCode: 200\n"
            "title: Daily Papers - Hugging Face\n---\nnew"
        )
    else:
        blocks.append("new")
    if rnd.random() < 0.5:
        blocks.append("Get trending papers in your email inbox once a day!")
    blocks += [
        "Get trending papers in your email inbox!",
        f"[Subscribe]({HF}/login?next=%2Fpapers)",
        "# Daily Papers",
        f"## by [![]({HF}/front/assets/papers-by.png)AK]({HF}/akhaliq) and the research community",
        "- Daily\n- Weekly\n- Monthly",
        f"[Trending Papers]({HF}/papers/trending)",
    ]
    header = _header_date(papers, rnd)
    if header:
        blocks.append(header)
    daily = rnd.random() < 0.3
    for paper in papers:
        if daily:
            blocks.append(f"[![]({thumbnail_url(paper)})]({paper.url})")
            blocks.append("Submitted by")
            blocks.append(f"[![]({user_avatar_url(paper.submitter)}){paper.submitter}]({HF}/{paper.submitter})")
        blocks.append(f"[{upvotes_shown(paper)}]({login_url(paper)})")
        blocks.append(f"### [{_firecrawl_title(paper, rnd)}]({paper.url})")
        if paper.ai_summary:
            blocks += ["AI-generated summary", md_escape(paper.ai_summary)]
        abstract = md_escape(paper.abstract)
        if rnd.random() < 0.4:
            abstract = "\\\\\n".join(wrap(abstract, rnd.randint(70, 82)))
        blocks.append(f"[{abstract}]({paper.url})")
        if paper.github_url:
            blocks.append(f"[GitHub {stars_shown(paper.github_stars or 0)}]({paper.github_url})")
        if paper.org:
            blocks.append(
                f"[![{paper.org.handle}]({avatar_url(paper.org.handle)}){md_escape(paper.org.name)}]({HF}/{paper.org.handle})"
            )
        else:
            avatars = [
                f"- ![]({user_avatar_url(paper.arxiv_id + str(i))})\\\\\n"
                for i in range(min(paper.authors - 1, rnd.randint(0, 3)))
            ]
            blocks.append(f"[{''.join(avatars)}- {authors_text(paper, rnd)}]({paper.url})")
        blocks.append("·")
        comments = f"[{paper.comments}]({paper.url}#community)" if paper.comments else ""
        blocks.append(paper.date_shown + comments)
    return finish("\n\n".join(blocks), rnd)


def render_md_summary(papers: Sequence[Paper], rnd: random.Random) -> str:
    """A Markdown summary of the trending page (captures/trending-pwc-redirect-duplicated-entries.md).

    `### Title` without link, the abstract, `- N authors` (nothing for an organisation's
    paper), `[LINK: GitHub 11.3k](url)`, no blank line inside a card, and every card twice
    in a row. No dates, upvotes or ids. Varies: the capture header and page chrome.
    """
    heading = rnd.choice(("# Trending Papers - Hugging Face", "# What is Papers with Code?", "# Trending Papers"))
    url = rnd.choice((f"{HF}/papers/trending", "https://paperswithcode.com"))
    blocks = [
        f"{heading}\n**URL:** {url}\n**Page Title:** Trending Papers - Hugging Face\n--------------------",
    ]
    if rnd.random() < 0.7:
        blocks.append("Get trending papers in your email inbox once a day!\nGet trending papers in your email inbox!")
    blocks += ["## Trending Papers", "## by AK and the research community"]
    for paper in papers:
        lines = [paper.abstract]
        if not paper.org:
            lines.append(f"- {authors_text(paper, rnd)}")
        if paper.github_url:
            lines.append(f"[LINK: GitHub {stars_shown(paper.github_stars or 0)}]({paper.github_url})")
        card = f"### {paper.title}\n\n" + "\n".join(lines)
        blocks += [card, card]
    return finish("\n\n".join(blocks), rnd)


# ------------------------------------------------------------------ reference-style links


class _References:
    """Numbered link targets; `dedupe` reuses the number of a URL seen before (html2text)."""

    def __init__(self, dedupe: bool) -> None:
        self.urls: list[str] = []
        self._dedupe = dedupe

    def __call__(self, url: str) -> int:
        if self._dedupe and url in self.urls:
            return self.urls.index(url) + 1
        self.urls.append(url)
        return len(self.urls)


def render_reflinks(papers: Sequence[Paper], rnd: random.Random) -> str:
    """html2text with reference links: `### [Title][12]`, `[text][N]`, definitions at the end.

    The same URL keeps its number (title and abstract share one). Varies: abstracts
    wrapped at 78 columns or not, on the link's own lines (`[` … `][8]`) or not, avatar
    images inside the organisation link, definition indentation, list date, daily-page
    thumbnails and "Submitted by".
    """
    ref = _References(dedupe=True)
    wrap_width = 78 if rnd.random() < 0.5 else 0
    blocks = ["\n".join(f"  * [{name}][{ref(_absolute(path))}]" for name, path in NAV)]
    blocks += [
        "new",
        "Get trending papers in your email inbox!",
        f"[Subscribe][{ref(HF + '/login?next=%2Fpapers')}]",
        "# Daily Papers",
        f"## by [AK][{ref(HF + '/akhaliq')}] and the research community",
        "  * Daily\n  * Weekly\n  * Monthly",
        f"[Trending Papers][{ref(HF + '/papers/trending')}]",
    ]
    header = _header_date(papers, rnd)
    if header:
        blocks.append(header)
    daily = rnd.random() < 0.3
    for paper in papers:
        if daily:
            blocks.append(f"[![][{ref(thumbnail_url(paper))}]][{ref(paper.url)}]")
            profile = f"{HF}/{paper.submitter}"
            blocks.append(
                f"Submitted by [![][{ref(user_avatar_url(paper.submitter))}] {paper.submitter}][{ref(profile)}]"
            )
        blocks.append(f"[{upvotes_shown(paper)}][{ref(login_url(paper))}]")
        blocks.append(f"### [{md_escape(paper.title)}][{ref(paper.url)}]")
        if paper.ai_summary:
            summary = "\n".join(wrap(paper.ai_summary, wrap_width)) if wrap_width else paper.ai_summary
            blocks += ["AI-generated summary", summary]
        abstract = "\n".join(wrap(paper.abstract, wrap_width)) if wrap_width else paper.abstract
        own_lines = rnd.random() < 0.4
        blocks.append(f"[\n{abstract}\n][{ref(paper.url)}]" if own_lines else f"[{abstract}][{ref(paper.url)}]")
        if paper.github_url:
            blocks.append(f"[GitHub {stars_shown(paper.github_stars or 0)}][{ref(paper.github_url)}]")
        if paper.org:
            image = f"![{paper.org.handle}][{ref(avatar_url(paper.org.handle))}]" if rnd.random() < 0.5 else ""
            blocks.append(f"[{image}{paper.org.name}][{ref(HF + '/' + paper.org.handle)}]")
        else:
            blocks.append(f"[{authors_text(paper, rnd)}][{ref(paper.url)}]")
        comments = f"[{paper.comments}][{ref(paper.url + '#community')}]" if paper.comments else ""
        blocks += ["·", paper.date_shown + comments]
    indent = rnd.choice(("   ", ""))
    blocks.append("\n".join(f"{indent}[{n}]: {url}" for n, url in enumerate(ref.urls, 1)))
    return finish("\n\n".join(blocks), rnd)


def render_lynx(papers: Sequence[Paper], rnd: random.Random) -> str:
    """A text browser's dump (`lynx -dump`): `[12]text` links, `References` list at the end.

    Text wrapped at 78 columns with a three-space margin (titles too), every link gets its
    own number, links without text (thumbnails) are listed under "Hidden links". Varies:
    list date, the authors line as a list item or not, daily-page "Submitted by".
    """
    ref = _References(dedupe=False)
    hidden: set[int] = set()  # numbers of links without text, listed apart at the end
    out: list[str] = []

    def para(text: str, indent: str = "   ") -> None:
        out.append("\n".join(indent + line for line in wrap(text, 78 - len(indent))))

    para(" ".join(f"[{ref(_absolute(path))}]{name}" for name, path in NAV))
    para("new")
    para("Get trending papers in your email inbox!")
    para(f"[{ref(HF + '/login?next=%2Fpapers')}]Subscribe")
    out.append("Daily Papers")
    para(f"by [{ref(HF + '/akhaliq')}]AK and the research community")
    out.append("     * Daily\n     * Weekly\n     * Monthly")
    para(f"[{ref(HF + '/papers/trending')}]Trending Papers")
    header = _header_date(papers, rnd)
    if header:
        para(header)
    bullets = rnd.random() < 0.5
    daily = rnd.random() < 0.3
    for paper in papers:
        if daily:
            hidden.add(ref(paper.url))  # the thumbnail link has no text
            para(f"Submitted by [{ref(HF + '/' + paper.submitter)}]{paper.submitter}")
        para(f"[{ref(login_url(paper))}]{upvotes_shown(paper)}")
        para(f"[{ref(paper.url)}]{paper.title}")
        if paper.ai_summary:
            para("AI-generated summary")
            para(paper.ai_summary)
        para(f"[{ref(paper.url)}]{paper.abstract}")
        if paper.github_url:
            para(f"[{ref(paper.github_url)}]GitHub {stars_shown(paper.github_stars or 0)}")
        if paper.org:
            who = f"   [{ref(HF + '/' + paper.org.handle)}]{paper.org.handle} {paper.org.name}"
        elif bullets:
            who = f"     * [{ref(paper.url)}]{authors_text(paper, rnd)}"
        else:
            who = f"   [{ref(paper.url)}]{authors_text(paper, rnd)}"
        comments = f"[{ref(paper.url + '#community')}]{paper.comments}" if paper.comments else ""
        out.append(f"{who}\n   ·\n   {paper.date_shown}{comments}")
    numbered = list(enumerate(ref.urls, 1))
    refs = "References\n\n" + "\n".join(f"{n:4d}. {url}" for n, url in numbered if n not in hidden)
    if hidden:
        refs += "\n\n   Hidden links:\n" + "\n".join(f"{n:4d}. {url}" for n, url in numbered if n in hidden)
    out.append(refs)
    return finish("\n\n".join(out), rnd)


# ------------------------------------------------------------------ URLs on their own lines


def render_urllines(papers: Sequence[Paper], rnd: random.Random) -> str:
    """A text export where each link's URL stands on its own line after its text.

    As captures/search-bare-urls-intercode-bash.txt: YAML front matter, the whole
    navigation with URLs, ` [-] 1` / ` [-] -` upvote buttons before the login URL,
    the title and abstract each followed by the paper URL, the authors link left as
    `[` … `N authors](url)`, `·`, the date. Varies: blank lines between parts or none,
    front matter, search-query echo, "Submitted by", list date.
    """
    blank = rnd.random() < 0.7
    parts: list[str] = []
    query = rnd.choice(_QUERIES)
    if rnd.random() < 0.6:
        parts.append(
            f'---\nsource_id: "{_hex(query, 8)}-{_hex(query, 4)}-4{_hex(query, 3)}-a{_hex(query, 3)}-'
            f'{_hex(query, 12)}"\n'
            f'title: "Daily Papers - Hugging Face"\nurl: {HF}/papers?q={query.replace(" ", "%20")}\n'
            "type: web_page\nexported: 2026-07-28\n---"
        )
        parts.append("# Daily Papers - Hugging Face\nDaily Papers - Hugging Face")
    for name, path in NAV:
        parts += [f" {name}" if name == "Hugging Face" else name, _absolute(path)]
    parts += ["new", "Get trending papers in your email inbox once a day!", "Get trending papers in your email inbox!"]
    parts += ["Subscribe", HF + "/login?next=%2Fpapers", "Daily Papers", "by ", "AK", HF + "/akhaliq"]
    parts.append(" and the research community")
    if rnd.random() < 0.5:
        parts.append(query)
    parts += ["Daily", "Weekly", "Monthly ", HF + "/papers/trending"]
    header_day = list_date(papers, rnd)
    if rnd.random() < 0.7:
        parts += [" ", f"{HF}/papers/date/{(header_day - timedelta(days=1)).isoformat()}", month_day(header_day)]
    submitted = rnd.random() < 0.3
    for paper in papers:
        if submitted:
            parts += ["Submitted by", paper.submitter, f"{HF}/{paper.submitter}"]
        parts += [f" [-] {upvotes_shown(paper)}", login_url(paper)]
        parts += [paper.title, paper.url]
        if paper.ai_summary:
            parts += ["AI-generated summary", paper.ai_summary]
        parts += [paper.abstract, paper.url]
        if paper.github_url:
            parts += [f"GitHub {stars_shown(paper.github_stars or 0)}", paper.github_url]
        if paper.org:
            parts += [paper.org.name, f"{HF}/{paper.org.handle}"]
        else:
            parts += ["[", f"{authors_text(paper, rnd)}]({paper.url})"]
        parts += ["·", paper.date_shown]
        if paper.comments:
            parts += [str(paper.comments), paper.url + "#community"]
    return finish(_join_blocks(parts, blank), rnd)


# ------------------------------------------------------------------ HTML


def _api_object(paper: Paper, rnd: random.Random, *, new_shape: bool = True) -> dict:
    """One element of the site's papers API list (also the page's hydration data)."""
    published = datetime.combine(paper.published, datetime.min.time(), UTC) + timedelta(
        hours=rnd.randint(0, 23), minutes=rnd.randint(0, 59), seconds=rnd.randint(0, 59)
    )
    listed = published + timedelta(days=rnd.randint(0, 3), hours=rnd.randint(0, 5))
    names = paper.author_names()
    inner: dict[str, object] = {
        "id": paper.arxiv_id,
        "authors": [
            {"_id": _hex(paper.arxiv_id + name + str(i), 24), "name": name, "hidden": False}
            for i, name in enumerate(names)
        ],
        "publishedAt": published.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    }
    if new_shape:
        inner["submittedOnDailyAt"] = listed.isoformat(timespec="milliseconds").replace("+00:00", "Z")
    inner["title"] = arxiv_title(paper.title, rnd)
    inner["summary"] = arxiv_abstract(paper.abstract, rnd)
    inner["upvotes"] = paper.upvotes
    inner["discussionId"] = _hex(paper.arxiv_id + "/discussion", 24)
    if new_shape:
        if paper.ai_summary or rnd.random() < 0.5:
            inner["ai_summary"] = paper.ai_summary
            inner["ai_keywords"] = ["language models", "benchmark"] if paper.ai_summary else []
        if paper.github_url:
            inner["githubRepo"] = paper.github_url
            inner["githubStars"] = paper.github_stars
        if paper.org:
            inner["organization"] = {
                "_id": _hex(paper.org.handle, 24),
                "name": paper.org.handle,
                "fullname": paper.org.name,
                "avatar": avatar_url(paper.org.handle),
            }
    outer: dict[str, object] = {
        "paper": inner,
        "publishedAt": listed.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "title": inner["title"],
        "thumbnail": thumbnail_url(paper),
        "numComments": paper.comments or 0,
        "submittedBy": {
            "_id": _hex(paper.submitter, 24),
            "avatarUrl": user_avatar_url(paper.submitter),
            "fullname": paper.submitter,
            "name": paper.submitter,
            "type": "user",
            "isPro": False,
            "isHf": False,
            "isMod": False,
            "followerCount": len(paper.submitter) * 37,
        },
    }
    if new_shape:
        outer["isAuthorParticipating"] = False
    return outer


_UP_ARROW = (
    '<svg class="text-sm me-1" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" fill="currentColor" '
    'width="1em" height="1em" viewBox="0 0 12 12"><path d="M5.19 2.67a.94.94 0 0 1 1.62 0l3.31 5.72a.94.94 '
    '0 0 1-.82 1.4H2.7a.94.94 0 0 1-.82-1.4l3.31-5.7v-.02Z"></path></svg>'
)
_BUBBLE = (
    '<svg class="mr-1" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" width="1em" height="1em" '
    'viewBox="0 0 32 32"><path d="M17.74 30L16 29l4-7h6a2 2 0 0 0 2-2V8a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v12a2 '
    '2 0 0 0 2 2h9v2H6a4 4 0 0 1-4-4V8a4 4 0 0 1 4-4h20a4 4 0 0 1 4 4v12a4 4 0 0 1-4 4h-4.84Z" '
    'fill="currentColor"></path></svg>'
)
_GITHUB_ICON = (
    '<svg class="mr-1.5" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" viewBox="0 0 24 24" '
    'width="1em" height="1em"><path fill="currentColor" d="M12 .3a12 12 0 0 0-3.8 23.4c.6.1.8-.3.8-.6v-2'
    "c-3.3.7-4-1.6-4-1.6"
    "-.6-1.4-1.4-1.8-1.4-1.8-1-.7.1-.7.1-.7 1.2 0 1.9 1.2 1.9 1.2 1 1.8 2.8 1.3 3.5 1 0-.8.4-1.3.7-1.6-2.7-.3-5.5-1.3"
    "-5.5-6 0-1.2.5-2.3 1.3-3.1-.2-.4-.6-1.6 0-3.2 0 0 1-.3 3.4 1.2a11.5 11.5 0 0 1 6 0c2.3-1.5 3.3-1.2 3.3-1.2.6 "
    "1.6.2 2.8 0 3.2.9.8 1.3 1.9 1.3 3.2 0 4.6-2.8 5.6-5.5 5.9.5.4.9 1 .9 2.2v3.3c0 .3.1.7.8.6"
    'A12 12 0 0 0 12 .3"/></svg>'
)


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def _html_card(
    paper: Paper, rnd: random.Random, *, link: Callable[[str], str], mobile: bool, daily: bool, tag: str = "article"
) -> str:
    """One card as the site's markup has it; `mobile` is the small-screen copy."""
    page = link("/papers/" + paper.arxiv_id)
    screen = "md:hidden" if mobile else "max-md:hidden"
    parts = [f'<{tag} class="relative flex flex-col overflow-hidden rounded-xl border {screen}">']
    if daily:
        parts.append(
            f'<a href="{page}" class="shadow-alternate-sm peer relative block h-56 w-full">'
            f'<img src="{thumbnail_url(paper)}" loading="lazy" decoding="async" alt="" class="h-full w-full"></a>'
        )
        parts.append(
            '<div class="absolute left-4 top-4 flex items-center text-xs">'
            '<span class="mr-1 text-gray-500">Submitted by</span>'
            f'<a href="{link("/" + paper.submitter)}" class="flex items-center"><img alt="" class="size-4" '
            f'src="{user_avatar_url(paper.submitter)}"> {_e(paper.submitter)}</a></div>'
        )
    parts.append('<div class="from-gray-50-to-white flex px-6 pb-6 pt-8"><div class="flex w-full gap-6">')
    parts.append(
        f'<a href="{link("/login?next=%2Fpapers%2F" + paper.arxiv_id)}" '
        f'class="shadow-alternate flex h-14 w-12 flex-none flex-col items-center justify-center rounded-xl border">'
        f'{_UP_ARROW}<div class="leading-none">{upvotes_shown(paper)}</div></a>'
    )
    parts.append('<div class="w-full">')
    parts.append(
        '<h3 class="mb-1 text-lg/6 font-semibold hover:underline md:text-2xl/7 lg:text-xl/6">'
        f'<a href="{page}" class="line-clamp-3 cursor-pointer">{_e(arxiv_title(paper.title, rnd))}</a></h3>'
    )
    if not mobile or rnd.random() < 0.5:
        if paper.ai_summary:
            parts.append(
                '<div class="mb-2 rounded-lg border border-blue-100 bg-blue-50/50 p-2 text-sm">'
                '<div class="mb-1 flex items-center font-semibold text-blue-800">AI-generated summary</div>'
                f'<p class="text-gray-700">{_e(paper.ai_summary)}</p></div>'
            )
        parts.append(
            f'<a href="{page}" class="block"><p class="line-clamp-3 text-sm text-gray-600">'
            f"{_e(arxiv_abstract(paper.abstract, rnd))}</p></a>"
        )
        if paper.github_url:
            stars = stars_shown(paper.github_stars or 0)
            parts.append(
                '<div class="my-2 flex flex-wrap items-center gap-2">'
                f'<a href="{_a(paper.github_url)}" target="_blank" rel="noopener" class="btn inline-flex items-center">'
                f"{_GITHUB_ICON}<span>GitHub</span>\n<span>{stars}</span></a></div>"
            )
    parts.append('<div class="flex flex-wrap items-center gap-2 text-sm leading-tight text-gray-500">')
    if paper.org:
        parts.append(
            f'<a href="{link("/" + paper.org.handle)}" class="flex items-center gap-1 hover:underline">'
            f'<img alt="{_a(paper.org.handle)}" class="size-3.5 rounded-sm" src="{avatar_url(paper.org.handle)}">'
            f"{_e(paper.org.name)}</a>"
        )
    else:
        avatars = "".join(
            f'<li title="{_a(name)}"><img alt="" class="size-4 rounded-full" src="{user_avatar_url(name)}"></li>'
            for name in paper.author_names()[: rnd.randint(0, 4)]
        )
        parts.append(
            f'<a href="{page}"><ul class="flex items-center -space-x-1">{avatars}'
            f'<li class="pl-3 text-gray-500">{authors_text(paper, rnd)}</li></ul></a>'
        )
    parts.append('<span class="px-1 text-gray-300">·</span>')
    parts.append(f'<div class="whitespace-nowrap">{paper.date_shown}</div>')
    if paper.comments:
        parts.append(
            f'<a href="{link("/papers/" + paper.arxiv_id + "#community")}" class="flex items-center">'
            f"{_BUBBLE}{paper.comments}</a>"
        )
    parts.append(f"</div></div></div></div></{tag}>")
    return "\n".join(parts)


def _html_nav(link: Callable[[str], str]) -> str:
    items = "\n".join(
        f'<li><a class="group flex items-center px-2 py-0.5" href="{link(path)}">{_e(name)}</a></li>'
        for name, path in NAV[1:]
    )
    return (
        '<header class="border-b border-gray-100"><div class="container flex h-16 w-full items-center px-4">'
        f'<a class="mr-5 flex flex-none items-center" href="{link("/")}">'
        f'<img alt="Hugging Face\'s logo" class="w-7" src="{HF}/front/assets/huggingface_logo-noborder.svg">'
        '<span class="hidden text-lg font-bold md:block">Hugging Face</span></a>'
        '<input autocomplete="off" class="form-input-alt h-9 w-full" name="" '
        'placeholder="Search models, datasets, users..." type="text" value="">'
        '<nav aria-label="Main" class="ml-auto hidden lg:block"><ul class="flex items-center gap-x-1">'
        f"\n{items}\n</ul></nav></div></header>"
    )


def _html_page_head(header: date | None, link: Callable[[str], str]) -> str:
    parts = [
        '<div class="text-sm text-gray-500"><span class="rounded-sm px-1 text-blue-600">new</span></div>',
        '<div class="text-sm">Get trending papers in your email inbox!</div>',
        f'<a href="{link("/login?next=%2Fpapers")}" class="btn">Subscribe</a>',
        '<h1 class="text-2xl font-bold">Daily Papers</h1>',
        f'<h2 class="text-lg text-gray-500">by <a href="{link("/akhaliq")}">'
        f'<img alt="" src="{HF}/front/assets/papers-by.png" class="mr-1 inline size-4">AK</a>'
        " and the research community</h2>",
    ]
    if header:
        previous = link("/papers/date/" + (header - timedelta(days=1)).isoformat())
        following = link("/papers/date/" + (header + timedelta(days=1)).isoformat())
        parts.append(
            f'<div class="flex items-center gap-2"><a href="{previous}" class="btn">Previous</a>'
            f'<time datetime="{header.isoformat()}" class="font-semibold">{month_day(header)}</time>'
            f'<a href="{following}" class="btn">Next</a></div>'
        )
    return "\n".join(parts)


def render_html_page(papers: Sequence[Paper], rnd: random.Random) -> str:
    """A page as a browser's "Save Page As" stores it: head, scripts, header nav, cards, footer.

    Each card comes twice in a row: the desktop copy and the small-screen copy (which
    may leave out the summary, abstract and GitHub button), in either order. Varies:
    relative or absolute links, Chrome's "saved from" comment, hydration data in a
    `data-props` attribute, cards as `<article>` or `<div>`, daily-page thumbnails and
    "Submitted by", arXiv line breaks kept in titles and abstracts, list date.
    """
    absolute = rnd.random() < 0.4
    link: Callable[[str], str] = (lambda path: _a(_absolute(path))) if absolute else _a
    header = list_date(papers, rnd) if rnd.random() < 0.7 else None
    daily = rnd.random() < 0.4
    mobile_first = rnd.random() < 0.3
    tag = rnd.choice(("article", "div"))
    cards = []
    for paper in papers:
        copies = [
            _html_card(paper, rnd, link=link, mobile=False, daily=daily, tag=tag),
            _html_card(paper, rnd, link=link, mobile=True, daily=daily, tag=tag),
        ]
        cards += reversed(copies) if mobile_first else copies
    props = ""
    if rnd.random() < 0.5:
        data = {"dailyPapers": [_api_object(p, rnd) for p in papers], "date": (header or REFERENCE_DATE).isoformat()}
        props = f' data-props="{_a(json.dumps(data, separators=(",", ":")))}"'
    saved_from = f"<!-- saved from url=(0028){HF}/papers -->\n" if rnd.random() < 0.4 else ""
    footer = "\n".join(
        f'<li><a href="{link(path)}">{_e(name)}</a></li>' if path else f"<li>{_e(name)}</li>" for name, path in FOOTER
    )
    config = json.dumps(
        {
            "features": {"signupDisabled": False},
            "sshGitUrl": "git@hf.co",
            "moonHttpUrl": HF,
            "captchaApiKey": _hex("c", 16),
        }
    ).replace("/", "\\/")
    files = "./Daily Papers - Hugging Face_files"
    document = f"""<!DOCTYPE html>
{saved_from}<html class="" lang="en"><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0, user-scalable=no">
<meta name="description" content="Join the discussion on this paper page">
<meta property="og:title" content="Daily Papers - Hugging Face">
<meta property="og:image" content="{HF}/front/thumbnails/papers.png">
<link rel="stylesheet" href="{files}/style.css">
<title>Daily Papers - Hugging Face</title>
<script async="" src="{files}/script.js"></script>
<script>window.hubConfig = JSON.parse(`{config}`);</script>
<style>.line-clamp-3{{overflow:hidden;display:-webkit-box;-webkit-line-clamp:3}}</style>
</head>
<body class="flex min-h-dvh flex-col bg-white text-black DailyPapersPage">
<div class="flex min-h-dvh flex-col">
<div class="SVELTE_HYDRATER contents" data-target="SystemThemeMonitor" data-props="{{&quot;isLoggedIn&quot;:false}}">
</div>
<div class="SVELTE_HYDRATER contents" data-target="MainHeader" data-props="{{&quot;classNames&quot;:&quot;&quot;}}">
{_html_nav(link)}
</div>
<main class="flex flex-1 flex-col">
<div class="SVELTE_HYDRATER contents" data-target="DailyPapers"{props}>
<section class="container relative mb-20 mt-8">
{_html_page_head(header, link)}
<div class="relative grid grid-cols-1 gap-14 lg:grid-cols-2">
{chr(10).join(cards)}
</div>
</section>
</div>
</main>
<footer class="b-12 mb-2 flex border-t border-gray-100"><ul class="flex flex-wrap gap-4">
{footer}
</ul></footer>
</div>
<script>import("{files}/index.js"); window.moonSha = "kube-{_hex("moon", 7)}/";</script>
</body></html>"""
    return finish(document, rnd)


def render_html_fragment(papers: Sequence[Paper], rnd: random.Random) -> str:
    """The HTML flavour a browser puts on the clipboard for a selection of cards.

    `<html><body>` then `<!--StartFragment-->` … `<!--EndFragment-->` around the
    selected markup, with absolute links. Varies: the selection starts at the page
    heading or at the first card; the hidden small-screen copies come along or not.
    """
    link: Callable[[str], str] = lambda path: _a(_absolute(path))  # noqa: E731
    daily = rnd.random() < 0.3
    with_mobile = rnd.random() < 0.3
    tag = rnd.choice(("article", "div"))
    cards: list[str] = []
    for paper in papers:
        cards.append(_html_card(paper, rnd, link=link, mobile=False, daily=daily, tag=tag))
        if with_mobile:
            cards.append(_html_card(paper, rnd, link=link, mobile=True, daily=daily, tag=tag))
    start = ""
    if rnd.random() < 0.4:
        start = _html_page_head(list_date(papers, rnd) if rnd.random() < 0.5 else None, link) + "\n"
    fragment = start + '<div class="relative grid grid-cols-1 gap-14 lg:grid-cols-2">' + "\n".join(cards) + "</div>"
    return finish(f"<html><body>\n<!--StartFragment-->{fragment}<!--EndFragment-->\n</body>\n</html>", rnd)


# ------------------------------------------------------------------ HTML converted to Markdown


def render_jina(papers: Sequence[Paper], rnd: random.Random) -> str:
    """A page converted to Markdown by r.jina.ai's reader, with converter leftovers.

    `Title:` / `URL Source:` / `Markdown Content:` header lines, `![Image N: alt](url)`
    image placeholders, `<a id="…"></a>` anchors left as HTML, `*   ` list items, links
    with a `"title"` part, setext `Daily Papers` heading. Varies: anchors, the authors
    list inside a link or bare, link titles, small-screen duplicate cards, escapes in
    titles, daily-page thumbnails and "Submitted by", footer.
    """
    images = iter(range(1, 10_000))

    def image(url: str, alt: str = "") -> str:
        number = next(images)
        return f"![Image {number}: {alt}]({url})" if alt else f"![Image {number}]({url})"

    query = rnd.choice(("", "?q=" + rnd.choice(_QUERIES).replace(" ", "+")))
    blocks = [f"Title: Daily Papers - Hugging Face\n\nURL Source: {HF}/papers{query}\n\nMarkdown Content:"]
    logo = image(HF + "/front/assets/huggingface_logo-noborder.svg", "Hugging Face's logo")
    blocks.append(f"[{logo} Hugging Face]({HF}/)")
    blocks.append("\n".join(f"*   [{name}]({_absolute(path)})" for name, path in NAV[1:]))
    blocks += ["new", "Get trending papers in your email inbox!", f"[Subscribe]({HF}/login?next=%2Fpapers)"]
    blocks.append("Daily Papers\n============")
    blocks.append(f"by [{image(HF + '/front/assets/papers-by.png')}AK]({HF}/akhaliq) and the research community")
    header = _header_date(papers, rnd)
    if header:
        blocks.append(header)
    anchors = rnd.random() < 0.6
    titled = rnd.random() < 0.5
    duplicates = rnd.random() < 0.3
    daily = rnd.random() < 0.3
    bare_authors = rnd.random() < 0.5

    def card(paper: Paper, mobile: bool) -> list[str]:
        # The small-screen copy repeats the card without its summary and GitHub button.
        lines: list[str] = []
        if anchors and not mobile:
            lines.append(f'<a id="{paper.arxiv_id}"></a>')
        if daily:
            lines.append(f"[{image(thumbnail_url(paper))}]({paper.url})")
            lines.append("Submitted by")
            profile = f"{HF}/{paper.submitter}"
            lines.append(f"[{image(user_avatar_url(paper.submitter))}]({profile})[{paper.submitter}]({profile})")
        lines.append(f"[{upvotes_shown(paper)}]({login_url(paper)})")
        title_part = f' "{paper.title}"' if titled else ""
        lines.append(f"### [{md_escape(paper.title)}]({paper.url}{title_part})")
        if paper.ai_summary and not mobile:
            lines += ["AI-generated summary", md_escape(paper.ai_summary)]
        lines.append(f"[{md_escape(paper.abstract)}]({paper.url})")
        if paper.github_url and not mobile:
            github_title = ' "GitHub"' if titled else ""
            lines.append(f"[GitHub {stars_shown(paper.github_stars or 0)}]({paper.github_url}{github_title})")
        if paper.org:
            logo = image(avatar_url(paper.org.handle), paper.org.handle)
            lines.append(f"[{logo}{md_escape(paper.org.name)}]({HF}/{paper.org.handle})")
        else:
            items = [
                f"*   {image(user_avatar_url(paper.arxiv_id + str(i)), 'avatar')}"
                for i in range(min(paper.authors - 1, rnd.randint(0, 3)))
            ]
            items.append(f"*   {authors_text(paper, rnd)}")
            lines.append("\n".join(items) if bare_authors else "[" + "\n".join(items) + f"]({paper.url})")
        lines.append("·")
        comments = f"[{paper.comments}]({paper.url}#community)" if paper.comments else ""
        lines.append(paper.date_shown + comments)
        return lines

    for paper in papers:
        blocks += card(paper, mobile=False)
        if duplicates:
            blocks += card(paper, mobile=True)
    if rnd.random() < 0.5:
        blocks.append("\n".join(f"*   [{name}]({_absolute(path)})" if path else f"*   {name}" for name, path in FOOTER))
    return finish("\n\n".join(blocks), rnd)


# ------------------------------------------------------------------ feeds


def _xml(text: str) -> str:
    return html.escape(text, quote=False)


def _feed_time(paper: Paper, rnd: random.Random) -> datetime:
    return datetime.combine(paper.published, datetime.min.time(), UTC) + timedelta(
        hours=rnd.randint(0, 23), minutes=rnd.randint(0, 59), seconds=rnd.randint(0, 59)
    )


def _feed_description(paper: Paper, rnd: random.Random) -> str:
    """An RSS description: plain text or HTML, escaped or in CDATA."""
    text = arxiv_abstract(paper.abstract, rnd)
    as_html = rnd.random() < 0.5
    body = f"<p>{html.escape(text, quote=False)}</p>" if as_html else text
    if rnd.random() < 0.5:
        return f"<![CDATA[{body}]]>"
    return _xml(body)


def render_rss(papers: Sequence[Paper], rnd: random.Random) -> str:
    """An RSS 2.0 feed of the daily papers: one item per paper.

    Title (maybe with arXiv's `\\n  ` break), link to the paper page or arXiv abstract,
    guid, description (the abstract as text or HTML, escaped or CDATA), pubDate.
    """
    items = []
    for paper in papers:
        link = paper.url if rnd.random() < 0.6 else f"https://arxiv.org/abs/{paper.arxiv_id}"
        guid = (
            f'<guid isPermaLink="true">{link}</guid>'
            if rnd.random() < 0.5
            else f'<guid isPermaLink="false">{paper.arxiv_id}</guid>'
        )
        category = "\n      <category>cs.CL</category>" if rnd.random() < 0.3 else ""
        items.append(
            f"""    <item>
      <title>{_xml(arxiv_title(paper.title, rnd))}</title>
      <link>{link}</link>
      {guid}
      <description>{_feed_description(paper, rnd)}</description>
      <pubDate>{format_datetime(_feed_time(paper, rnd), usegmt=rnd.random() < 0.5)}</pubDate>{category}
    </item>"""
        )
    build = format_datetime(datetime.combine(REFERENCE_DATE, datetime.min.time(), UTC), usegmt=True)
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Hugging Face Daily Papers</title>
    <link>{HF}/papers</link>
    <description>Daily papers from huggingface.co/papers</description>
    <atom:link href="https://papers.example.org/feed.xml" rel="self" type="application/rss+xml"/>
    <language>en</language>
    <lastBuildDate>{build}</lastBuildDate>
{chr(10).join(items)}
  </channel>
</rss>"""
    return finish(document, rnd)


def render_atom(papers: Sequence[Paper], rnd: random.Random) -> str:
    """An Atom feed in the arXiv API's shape: wrapped titles and summaries, one `<author>` each.

    Varies: entry ids and alternate links on arxiv.org or the paper page, `<summary>` text
    or `<content type="html">`, `<updated>` later than `<published>`.
    """
    entries = []
    for paper in papers:
        published = _feed_time(paper, rnd)
        updated = published + timedelta(days=rnd.randint(0, 40))
        on_arxiv = rnd.random() < 0.6
        entry_id = f"http://arxiv.org/abs/{paper.arxiv_id}v{rnd.randint(1, 3)}" if on_arxiv else paper.url
        alternate = entry_id if on_arxiv else paper.url
        text = arxiv_abstract(paper.abstract, rnd)
        if rnd.random() < 0.7:
            body = f"<summary>  {_xml(text)}\n</summary>"
        else:
            body = f'<content type="html">{_xml("<p>" + html.escape(text, quote=False) + "</p>")}</content>'
        authors = "\n".join(
            f"    <author>\n      <name>{_xml(name)}</name>\n    </author>" for name in paper.author_names()
        )
        pdf = f'\n    <link title="pdf" href="http://arxiv.org/pdf/{paper.arxiv_id}v1" rel="related" '
        pdf += 'type="application/pdf"/>'
        entries.append(
            f"""  <entry>
    <id>{entry_id}</id>
    <updated>{updated.isoformat().replace("+00:00", "Z")}</updated>
    <published>{published.isoformat().replace("+00:00", "Z")}</published>
    <title>{_xml(arxiv_title(paper.title, rnd))}</title>
    {body}
{authors}
    <link href="{alternate}" rel="alternate" type="text/html"/>{pdf if on_arxiv else ""}
  </entry>"""
        )
    document = f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="https://papers.example.org/atom.xml" rel="self" type="application/atom+xml"/>
  <title type="html">Hugging Face Daily Papers</title>
  <id>https://papers.example.org/atom.xml</id>
  <updated>{REFERENCE_DATE.isoformat()}T00:00:00Z</updated>
{chr(10).join(entries)}
</feed>"""
    return finish(document, rnd)


def render_jsonfeed(papers: Sequence[Paper], rnd: random.Random) -> str:
    """A JSON Feed 1.1: `items` with url, title, content_text or content_html, date_published, authors."""
    items = []
    for paper in papers:
        item: dict[str, object] = {"id": paper.url if rnd.random() < 0.5 else paper.arxiv_id, "url": paper.url}
        if rnd.random() < 0.5:
            item["external_url"] = f"https://arxiv.org/abs/{paper.arxiv_id}"
        item["title"] = arxiv_title(paper.title, rnd)
        text = arxiv_abstract(paper.abstract, rnd)
        if rnd.random() < 0.6:
            item["content_text"] = text
        else:
            item["content_html"] = f"<p>{html.escape(text, quote=False)}</p>"
        published = _feed_time(paper, rnd).isoformat()
        item["date_published"] = published.replace("+00:00", "Z") if rnd.random() < 0.5 else published
        item["authors"] = [{"name": name} for name in paper.author_names()]
        if rnd.random() < 0.3:
            item["tags"] = ["cs.LG"]
        items.append(item)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Hugging Face Daily Papers",
        "home_page_url": f"{HF}/papers",
        "feed_url": "https://papers.example.org/feed.json",
        "language": "en",
        "items": items,
    }
    return finish(json.dumps(feed, indent=rnd.choice((None, 2)), ensure_ascii=rnd.random() < 0.5), rnd)


def render_api(papers: Sequence[Paper], rnd: random.Random) -> str:
    """The site's papers API (`/api/daily_papers`): a JSON list, current shape."""
    objects = [_api_object(paper, rnd) for paper in papers]
    return finish(json.dumps(objects, indent=rnd.choice((None, 2)), ensure_ascii=rnd.random() < 0.5), rnd)


def render_api_old(papers: Sequence[Paper], rnd: random.Random) -> str:
    """The papers API's older shape: no organisation, GitHub or AI-summary fields."""
    objects = [_api_object(paper, rnd, new_shape=False) for paper in papers]
    return finish(json.dumps(objects, indent=rnd.choice((None, 2)), ensure_ascii=rnd.random() < 0.5), rnd)


Renderer = Callable[[Sequence[Paper], random.Random], str]

RENDERERS: dict[str, Renderer] = {
    "plain": render_plain,
    "plain_bare": render_plain_bare,
    "firecrawl": render_firecrawl,
    "md_summary": render_md_summary,
    "reflinks": render_reflinks,
    "lynx": render_lynx,
    "urllines": render_urllines,
    "html_page": render_html_page,
    "html_fragment": render_html_fragment,
    "jina": render_jina,
    "rss": render_rss,
    "atom": render_atom,
    "jsonfeed": render_jsonfeed,
    "api": render_api,
    "api_old": render_api_old,
}


def example_papers(count: int = 3, seed: int = 0) -> Iterator[Paper]:
    """A few papers without hypothesis (for looking at a rendered document by hand)."""
    rnd = random.Random(seed)
    for number in range(count):
        published = REFERENCE_DATE - timedelta(days=rnd.randint(0, 2000))
        abstract = " ".join(_sentence(rnd) for _ in range(4))
        org = Org(*_ORGS[number]) if number % 2 else None
        yield Paper(
            title=f"{_coined_name(rnd)}: {' '.join(rnd.choice(_TITLE_WORDS) for _ in range(6))}",
            abstract=abstract,
            abstract_url=None,
            arxiv_id=f"{published.year % 100:02d}{published.month:02d}.{rnd.randint(1, 29999):05d}",
            published=published,
            upvotes=rnd.choice((0, rnd.randint(1, 900))),
            comments=rnd.choice((None, rnd.randint(1, 30))),
            authors=rnd.randint(1, 12),
            org=org,
            github_url="https://github.com/fold-lab/example" if number == 0 else None,
            github_stars=11342 if number == 0 else None,
            ai_summary=_sentence(rnd, _SUMMARY_STARTERS) if number == 1 else None,
            submitter=rnd.choice(_USERS),
        )
