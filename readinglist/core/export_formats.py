"""CSV, Markdown and BibTeX exports: written so that spreadsheets, renderers and BibTeX read them as data."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from datetime import date
from typing import IO
from urllib.parse import quote

from readinglist.core.dumps.fields import is_web_url
from readinglist.core.records import PaperRecord

_CSV_COLUMNS = (
    "id", "title", "arxiv_id", "status", "starred", "tags", "published", "authors_count", "org",
    "upvotes", "comments", "github_url", "url", "added_at", "abstract", "ai_summary", "note",
)  # fmt: skip


def write_csv(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """One row per paper; tags joined with "; ".

    A text cell that a spreadsheet would take as a formula gets a leading ``'``
    (see ``csv_cell``): the titles, tags and notes come from the web and from users.
    """
    writer = csv.writer(out)
    writer.writerow(_CSV_COLUMNS)
    count = 0
    for p in papers:
        row = [
            p.id,
            p.title,
            p.arxiv_id or "",
            p.status,
            "yes" if p.starred else "no",
            "; ".join(p.tags),
            p.published.isoformat() if p.published else "",
            _blank(p.authors_count),
            p.org or "",
            _blank(p.upvotes),
            _blank(p.comments),
            p.github_url or "",
            p.hf_url or "",
            p.added_at.isoformat(timespec="seconds"),
            p.abstract or "",
            p.ai_summary or "",
            p.note or "",
        ]  # fmt: skip
        writer.writerow([csv_cell(value) for value in row])
        count += 1
    return count


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula (OWASP)


def csv_cell(value: object) -> object:
    """``value`` for a CSV cell: text starting like a formula gets a leading ``'`` so it shows as text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _blank(value: object) -> object:
    return "" if value is None else value


def write_markdown(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """A reading digest: each paper's title, link, status, tags, AI summary and note."""
    out.write(f"# Reading list ({date.today().isoformat()})\n")
    count = 0
    for p in papers:
        title = markdown_text(" ".join(p.title.split()))
        link = _link_target(p.hf_url) or _link_target(p.github_url)
        out.write(f"\n## [{title}]({link})\n\n" if link else f"\n## {title}\n\n")
        facts = [f"**{markdown_text(p.status)}**", *(["★ starred"] if p.starred else [])]
        if p.tags:
            facts.append("tags: " + ", ".join(_code_span(t) for t in p.tags))
        out.write(" · ".join(facts) + "\n")
        if p.ai_summary:
            out.write(f"\n*AI summary:* {markdown_text(' '.join(p.ai_summary.split()))}\n")
        if p.note:
            lines = (markdown_text(line) for line in p.note.splitlines())
            out.write("\n" + "\n".join(f"> {line}" if line else ">" for line in lines) + "\n")
        count += 1
    return count


# Markdown punctuation that can start a link, an image, HTML, an entity ("&lt;"), emphasis, code,
# a heading or a table cell anywhere in a line; a backslash before ASCII punctuation shows it as itself.
_MARKDOWN_INLINE = re.compile(r"([\\`*_{}\[\]()<>#!|~]|&(?=[#A-Za-z0-9]))")
_MARKDOWN_LINE_START = re.compile(r"^(\s*)([-+=])")  # a list item or a heading underline at a line start


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows exactly those characters: no link, image, HTML or formatting."""
    return _MARKDOWN_LINE_START.sub(r"\1\\\2", _MARKDOWN_INLINE.sub(r"\\\1", text))


def _code_span(text: str) -> str:
    """``text`` as one inline code span, whatever backticks it holds (CommonMark's longer fence)."""
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _link_target(url: str | None) -> str | None:
    """An http(s) link target, with what could end or break it in Markdown or BibTeX percent-encoded."""
    if not is_web_url(url):
        return None
    assert url is not None
    return quote(url.strip(), safe="/:?#[]@!$&'*+,;=%-._~")


# LaTeX for the characters BibTeX or LaTeX would otherwise read as syntax. The braces become
# commands too: BibTeX counts every brace (escaped or not), so a lone "\{" would unbalance a field.
_BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "%": r"\%",
    "$": r"\$",
    "&": r"\&",
    "#": r"\#",
    "_": r"\_",
}
_BIBTEX_SPECIAL = re.compile("|".join(re.escape(char) for char in _BIBTEX_ESCAPES))


def bibtex_escape(text: str) -> str:
    """``text`` as a BibTeX field value that LaTeX prints as it is; other characters stay (UTF-8)."""
    return _BIBTEX_SPECIAL.sub(lambda match: _BIBTEX_ESCAPES[match.group()], " ".join(text.split()))


_ARXIV_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9./-]*")


def bibtex_key(paper: PaperRecord) -> str:
    """A citation key: the arXiv id when known, else the first title word and the id; ASCII letters,
    digits and ``_`` only, so every BibTeX tool reads it."""
    if paper.arxiv_id and _ARXIV_ID.fullmatch(paper.arxiv_id):
        return "arxiv" + re.sub(r"[^A-Za-z0-9]", "_", paper.arxiv_id)
    words = paper.title.split()
    first_word = re.sub(r"[^a-z0-9]", "", words[0].lower()) if words else ""
    return f"{first_word or 'paper'}{paper.id}"


def write_bibtex(papers: Iterable[PaperRecord], out: IO[str]) -> int:
    """One ``@misc`` entry per paper (the dumps show no author names)."""
    count = 0
    for p in papers:
        fields = {"title": "{" + bibtex_escape(p.title) + "}"}
        if p.published and not p.published_inferred:
            fields["year"] = str(p.published.year)
        if p.arxiv_id and _ARXIV_ID.fullmatch(p.arxiv_id):
            fields |= {"eprint": p.arxiv_id, "archivePrefix": "arXiv", "url": p.arxiv_url or ""}
        elif url := _link_target(p.github_url):
            fields["url"] = url  # braces and backslashes are percent-encoded
        if p.tags:
            fields["keywords"] = bibtex_escape(", ".join(p.tags))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        out.write(f"@misc{{{bibtex_key(p)},\n{body}\n}}\n\n")
        count += 1
    return count
