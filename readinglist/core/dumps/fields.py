"""Field helpers shared by every layout: counts, ids, links and line recognisers.

Everything here is a pure function of strings, so each layout reader can ask the same
questions ("is this a metadata line?", "which arXiv id does this URL name?") the same
way. Dates have their own module, `dates.py`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import SplitResult, unquote, urlsplit

from .dates import parse_date_line

# Declared with the one check every paper passes (records.clean_paper); the readers ask here.
from .records import MAX_COUNT as MAX_COUNT
from .records import is_web_url as is_web_url

COUNT_MAX_CHARS = 16  # a longer digit string is no count (and would be slow to convert)

# ---------------------------------------------------------------- counts

_COUNT_RE = re.compile(r"^(?P<number>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>[kKmM]?)$")


def parse_count(text: str) -> int | None:
    """Read `12`, `1,234`, `1.2k`, `11.3k`, `2m` as an integer; None if it is no count (or >= MAX_COUNT)."""
    stripped = text.strip()
    if len(stripped) > COUNT_MAX_CHARS or not stripped[:1].isdigit():
        return None
    match = _COUNT_RE.match(stripped)
    if match is None:
        return None
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:
        return None
    scale = {"": 1, "k": 1_000, "m": 1_000_000}[match["unit"].lower()]
    count = int(number * scale)
    return count if count < MAX_COUNT else None


def parse_upvotes(text: str) -> int | None:
    """An upvote count as a card shows it: a count, or `-` for none yet (0)."""
    return 0 if text.strip() == "-" else parse_count(text)


_UPVOTE_LINE_RE = re.compile(r"^\[-\]\s*(?P<count>\S+)?$")


def upvote_line(text: str) -> int | None:
    """Upvotes from a line of their own: ` [-] 12`, `[-]` (0) or a bare count."""
    stripped = text.strip()
    match = _UPVOTE_LINE_RE.match(stripped)
    if match:
        return parse_upvotes(match["count"]) if match["count"] else 0
    return parse_count(stripped)


_COUNT_LINE_RE = re.compile(r"(?:\[-\]\s*)?\d[\d,]*(?:\.\d+)?\s*[kKmM]?")


def is_count_line(text: str) -> bool:
    """A line shaped like an upvote count, even one too large to keep (`99999999999999999999`)."""
    return _COUNT_LINE_RE.fullmatch(text.strip()) is not None


# ---------------------------------------------------------------- metadata lines

_AUTHORS_RE = re.compile(r"^[•·*\-\s]*(\d{1,5})\s+authors?$", re.IGNORECASE)
_SEPARATORS = frozenset({"·", "•"})


def authors_count(text: str) -> int | None:
    """The N of a `• N authors` line."""
    match = _AUTHORS_RE.match(text.strip())
    return int(match[1]) if match else None


def is_separator(text: str) -> bool:
    """The lone `·` between a card's authors/org and its date."""
    return text.strip() in _SEPARATORS


def is_metadata(text: str) -> bool:
    """A card metadata line: authors, separator, date (with comments) or upvotes."""
    return (
        is_separator(text)
        or authors_count(text) is not None
        or parse_date_line(text) is not None
        or upvote_line(text) is not None
        or is_count_line(text)
    )


def org_display_name(text: str) -> str:
    """The display name of an organisation line: avatar name, then display name.

    `amazon Amazon` -> `Amazon`, `google-research Google Research` -> `Google Research`,
    `Hugging Face Hugging Face` -> `Hugging Face`; when no split makes both halves name the
    same thing (`facebook AI at Meta`), the first word is the avatar handle.
    """
    words = text.split()
    if len(words) < 2:
        return text.strip()
    for cut in range(1, len(words)):
        if _squash("".join(words[:cut])) == _squash("".join(words[cut:])):
            return " ".join(words[cut:])
    return " ".join(words[1:])


def looks_like_org_line(text: str) -> bool:
    """Short enough to be `avatar-name Display Name` rather than a title."""
    return len(text) <= 80 and 1 <= len(text.split()) <= 10 and not looks_like_prose(text)


def _squash(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


# ---------------------------------------------------------------- page chrome

CHROME_LINES = frozenset(
    line.casefold()
    for line in (
        "new",
        "Get trending papers in your email inbox!",
        "Get trending papers in your email inbox once a day!",
        "Subscribe",
        "Daily Papers",
        "byAK and the research community",
        "by AK and the research community",
        "Daily",
        "Weekly",
        "Monthly",
        "Trending",
        "Trending Papers",
        "Submitted by",
        "Previous",
        "Next",
        "Upvote",
        "View all",
        "Load more",
        "Hugging Face",
        "Models",
        "Datasets",
        "Spaces",
        "Docs",
        "Pricing",
        "Enterprise",
        "Community",
        "Posts",
        "Log In",
        "Sign Up",
        "Paper page",
        "arXiv Page",
        "References",
        "Abstract",
        "Visible links",
    )
)
# Header phrases that a copy without line breaks glues to the next text
# ("SubscribeDivergence-Based ..."), longest first so the longer phrase wins.
_GLUED_CHROME_RE = re.compile(
    "(?:"
    + "|".join(
        re.escape(phrase)
        for phrase in (
            "Get trending papers in your email inbox once a day!",
            "Get trending papers in your email inbox!",
            "byAK and the research community",
            "by AK and the research community",
            "Daily Papers",
            "Subscribe",
            "new",
        )
    )
    + ")(?=[^\\s])"
)
_SUBMITTED_BY_RE = re.compile(r"^submitted\s*by", re.IGNORECASE)


def is_chrome(text: str) -> bool:
    """Page furniture that is never a paper (header, navigation, `Submitted by ...`)."""
    stripped = text.strip()
    return stripped.casefold() in CHROME_LINES or is_submitted_by(stripped)


def is_submitted_by(text: str) -> bool:
    """`Submitted by` with or without the user name after it."""
    stripped = text.strip()
    return stripped[:1] in ("S", "s") and bool(_SUBMITTED_BY_RE.match(stripped))


def strip_glued_chrome(text: str) -> str:
    """Remove header phrases glued to the front of a line without a space.

    Only a phrase followed directly by a character that is neither a space nor a
    lower-case letter counts as glued, so a real title starting with "new..." or
    "Subscribe to ..." is left alone.
    """
    start = 0
    while (match := _GLUED_CHROME_RE.match(text, start)) is not None and not text[match.end()].islower():
        start = match.end()  # positions, not slices: a line of glued phrases stays linear
    return text[start:]


# ---------------------------------------------------------------- titles versus prose

# Sentence end followed by the start of another sentence.
_SENTENCE_BREAK_RE = re.compile(r"[.!?][\"')\]]?\s+[\"'(]?[A-Z]")
_SENTENCE_END_RE = re.compile(r"[.!][\"')\]]*$")


def ends_like_sentence(text: str) -> bool:
    """Ends with `.` or `!` (titles end with a word, `?` or `)` instead)."""
    return bool(_SENTENCE_END_RE.search(text.strip()))


PROSE_MIN_CHARS = 250  # a line this long is prose, whatever it looks like


def looks_like_prose(text: str) -> bool:
    """Whether `text` reads as abstract prose rather than a title.

    Paper titles stay well under 250 characters (the longest in the real dumps has 144,
    the shortest abstract 684), so length decides most cases: from `PROSE_MIN_CHARS` on,
    a line is prose if it ends like a sentence or has two sentence breaks (a very long
    title has at most a `?` inside), and from twice that, always. A shorter line is prose
    only if it ends like a sentence and is either long in words or has two sentences; a
    title may contain "?" mid-way ("Specialist or Generalist? Instruction ...") but
    rarely ends with a full stop.
    """
    stripped = text.strip()
    length = len(stripped)
    if length >= 2 * PROSE_MIN_CHARS:
        return True
    ends = ends_like_sentence(stripped)
    if length >= PROSE_MIN_CHARS:
        return ends or _sentence_breaks(stripped, 2) >= 2
    if not ends:
        return False
    return len(stripped.split()) >= 12 or bool(_SENTENCE_BREAK_RE.search(stripped))


def _sentence_breaks(text: str, enough: int) -> int:
    count = 0
    for _ in _SENTENCE_BREAK_RE.finditer(text):
        count += 1
        if count >= enough:
            break
    return count


# ---------------------------------------------------------------- ids and links

_NO_URL = SplitResult("", "", "", "", "")


def _split(url: str) -> SplitResult:
    """`urlsplit`, with an empty result for what it refuses (`http://[::1`, a bad port)."""
    try:
        return urlsplit(url.strip())
    except ValueError:
        return _NO_URL


_ARXIV_ID = r"(\d{4}\.\d{4,5})(?:v\d+)?(?![\d.])"
_PAPERS_PATH_RE = re.compile(r"/papers/" + _ARXIV_ID)
_ARXIV_PATH_RE = re.compile(r"^/(?:abs|pdf|html)/" + _ARXIV_ID)
_HF_HOSTS = frozenset({"", "huggingface.co", "www.huggingface.co", "hf.co"})
_ARXIV_HOSTS = frozenset({"arxiv.org", "www.arxiv.org", "export.arxiv.org"})


def papers_link_id(url: str) -> str | None:
    """The arXiv id of a Hugging Face paper link: `/papers/<id>` or `%2Fpapers%2F<id>`.

    The encoded form shows up in login redirects (`/login?next=%2Fpapers%2F2401.01234`).
    """
    parts = _split(url)
    if parts.netloc.lower() not in _HF_HOSTS:
        return None
    match = _PAPERS_PATH_RE.search(parts.path) or _PAPERS_PATH_RE.search(unquote(parts.query))
    return match[1] if match else None


def arxiv_link_id(url: str) -> str | None:
    """The id of an arxiv.org abstract/PDF link, without version suffix."""
    parts = _split(url)
    if parts.netloc.lower() not in _ARXIV_HOSTS:
        return None
    match = _ARXIV_PATH_RE.match(parts.path)
    return match[1] if match else None


def paper_link_id(url: str) -> str | None:
    """The arXiv id a paper link names: a Hugging Face paper link or an arxiv.org one."""
    return papers_link_id(url) or arxiv_link_id(url)


def is_community_link(url: str) -> bool:
    """A link to a paper's discussion section (its text is the comment count)."""
    return _split(url).fragment == "community"


def is_login_link(url: str) -> bool:
    """Hugging Face login/sign-up links (their text is chrome unless it is a count)."""
    parts = _split(url)
    return parts.netloc.lower() in _HF_HOSTS and parts.path.rstrip("/") in ("/login", "/join")


# Top-level Hugging Face paths that are site sections, not user or organisation pages.
_HF_RESERVED = frozenset(
    [
        "models",
        "datasets",
        "spaces",
        "docs",
        "papers",
        "pricing",
        "enterprise",
        "login",
        "join",
        "blog",
        "posts",
        "learn",
        "settings",
        "collections",
        "organizations",
        "search",
        "chat",
        "tasks",
        "new",
        "notifications",
        "api",
        "oauth",
        "front",
        "static",
        "pro",
        "changelog",
        "careers",
        "brand",
        "about",
        "terms-of-service",
        "privacy",
        "inference-endpoints",
        "welcome",
    ]
)
_PROFILE_RE = re.compile(r"^/([A-Za-z0-9][A-Za-z0-9._-]*)/?$")


def hf_profile_name(url: str) -> str | None:
    """The user/organisation name of a `huggingface.co/<name>` link (or relative `/<name>`)."""
    parts = _split(url)
    if parts.netloc.lower() not in _HF_HOSTS or parts.query:
        return None
    match = _PROFILE_RE.match(parts.path)
    if match is None or match[1].lower() in _HF_RESERVED:
        return None
    return match[1]


_GITHUB_HOSTS = frozenset({"github.com", "www.github.com"})
_GITHUB_NOT_OWNERS = frozenset(
    [
        "about",
        "features",
        "orgs",
        "topics",
        "sponsors",
        "marketplace",
        "pricing",
        "login",
        "join",
        "settings",
        "explore",
    ]
)
_GITHUB_TEXT_RE = re.compile(r"^github\s*(?P<stars>\d[\d,.]*\s*[kKmM]?)?$", re.IGNORECASE)


def github_repo(url: str) -> str | None:
    """`https://github.com/<owner>/<repo>` for any URL inside a GitHub repository."""
    parts = _split(url)
    if parts.netloc.lower() not in _GITHUB_HOSTS:
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) < 2 or segments[0].lower() in _GITHUB_NOT_OWNERS:
        return None
    owner, repo = segments[0], segments[1].removesuffix(".git")
    return f"https://github.com/{owner}/{repo}" if repo else None


def github_stars(link_text: str) -> int | None:
    """Stars from a GitHub button text: `GitHub 11.3k` -> 11300, `11.3k` -> 11300."""
    match = _GITHUB_TEXT_RE.match(link_text.strip())
    if match:
        return parse_count(match["stars"]) if match["stars"] else None
    return parse_count(link_text)


_URL_RE = re.compile(r"https?://[^\s<>\"'`\[\]{}|\\^]+")
_URL_TRAILING = ".,;:!?'\""


def find_urls(text: str) -> list[str]:
    """URLs mentioned in running text, without the sentence punctuation after them."""
    found: dict[str, None] = {}
    for match in _URL_RE.finditer(text):
        url = match.group()
        # A ")" belongs to the URL only if the URL opened it: "(see https://x.org/a)".
        # Counted once and cut by position, so a run of ")" costs one pass.
        opened, closed, end = url.count("("), url.count(")"), len(url)
        while True:
            while end and url[end - 1] in _URL_TRAILING:
                end -= 1
            if end and url[end - 1] == ")" and closed > opened:
                end, closed = end - 1, closed - 1
                continue
            break
        found[url[:end]] = None
    return list(found)


def url_only(text: str) -> str | None:
    """The URL of a line that holds nothing but one http(s) URL (maybe in `<...>`)."""
    stripped = text.strip().removeprefix("<").removesuffix(">")
    if stripped.startswith(("http://", "https://")) and not any(c.isspace() for c in stripped):
        return stripped
    return None


def shorten(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis: for problem reports."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
