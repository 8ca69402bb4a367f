"""The search query language, checked and translated for the Whoosh parser.

Words must all match; ``"exact phrases"``; ``prefix*``; ``OR``; ``-exclude``;
fields ``title:`` ``abstract:`` ``tag:`` ``note:`` ``org:`` ``status:``
``starred:`` and ``year:`` (``year:2024``, ``year:2020..2023``, ``year:>=2023``).
``abstract:`` searches the paper's whole text (title and abstract): the index
keeps the abstract only there, which halves the indexing work.

Whoosh accepts almost any string and silently drops what it does not
understand, so a typo would just give odd results. The checks here turn such
input into a ``QueryError`` whose message says what to fix. Whoosh syntax that
the language does not offer (``'literal'``, ``^boost``, ``[a TO b]``, ``<``,
``>``, ``?`` and inner ``*`` wildcards) is taken as plain punctuation, so any
text typed or pasted searches for its words instead of failing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from readinglist.core.models import ReadStatus

TEXT_FIELDS = ("title", "abstract", "tag", "note", "org")
FIELDS = (*TEXT_FIELDS, "status", "starred", "year")
_INDEXED_AS = {"abstract": "text"}  # query field -> index field, where they differ
MIN_PREFIX_LENGTH = 2  # a one-letter prefix would expand to most of the vocabulary

_TOKEN = re.compile(r'\s*(?:(?P<paren>[()])|(?P<term>(?:[^\s()"]*"[^"]*"?|[^\s()"]+)))')
_FIELD = re.compile(r"^(?P<neg>-?)(?P<field>[A-Za-z_]+):(?P<value>.*)$", re.DOTALL)
_YEAR_RANGE = re.compile(r"^(?P<low>\d{4})?\s*(?:\.\.|-)\s*(?P<high>\d{4})?$")
_YEAR_COMPARE = re.compile(r"^(?P<op>[<>]=?)(?P<year>\d{4})$")
_TRUE_WORDS = {"yes", "true", "1", "y"}
_FALSE_WORDS = {"no", "false", "0", "n"}


class QueryError(ValueError):
    """A query the user must correct; the message is shown as it is."""


@dataclass(frozen=True)
class _Token:
    text: str
    is_paren: bool


def _tokenize(query: str) -> list[_Token]:
    if query.count('"') % 2:
        raise QueryError('unclosed quote: add the closing " to end the phrase')
    tokens = []
    for match in _TOKEN.finditer(query):
        if match.group("paren"):
            tokens.append(_Token(match.group("paren"), True))
        elif match.group("term"):
            tokens.append(_Token(match.group("term"), False))
    return tokens


def _check_parentheses(tokens: list[_Token]) -> None:
    depth = 0
    for token in tokens:
        if token.is_paren:
            depth += 1 if token.text == "(" else -1
            if depth < 0:
                raise QueryError("')' without a matching '('")
    if depth:
        raise QueryError("'(' without a matching ')'")


def _check_operators(tokens: list[_Token]) -> None:
    words = [t.text for t in tokens if not t.is_paren]
    if not words:
        raise QueryError("the query has no words to search for")
    operators = {"OR", "AND", "NOT"}
    if words[0] in {"OR", "AND"} or words[-1] in operators:
        raise QueryError(f"'{words[0] if words[0] in operators else words[-1]}' needs a word on each side")
    for left, right in zip(words, words[1:], strict=False):
        if left in operators and right in {"OR", "AND"}:
            raise QueryError(f"'{left} {right}': two operators in a row")


def _translate_year(value: str) -> str:
    if re.fullmatch(r"\d{4}", value):
        return value
    compare = _YEAR_COMPARE.match(value)
    if compare:
        return f"{compare.group('op')}{compare.group('year')}"
    span = _YEAR_RANGE.match(value)
    if span and (span.group("low") or span.group("high")):
        low, high = span.group("low") or "", span.group("high") or ""
        return f"[{low} TO {high}]"
    raise QueryError(f"year:{value}: use year:2024, year:2020..2023 or year:>=2023")


def _translate_field(field: str, value: str) -> str:
    if not value:
        raise QueryError(f"{field}: needs a value, e.g. {field}:{_example(field)}")
    if field == "status":
        try:
            return ReadStatus.parse(value).value
        except ValueError as error:
            raise QueryError(f"status:{value}: {error}") from None
    if field == "starred":
        if value.lower() in _TRUE_WORDS:
            return "yes"
        if value.lower() in _FALSE_WORDS:
            return "no"
        raise QueryError(f"starred:{value}: use starred:yes or starred:no")
    if field == "year":
        return _translate_year(value)
    if field == "tag":
        return _tag_value(value)
    return _plain(value)


# Characters Whoosh's parser treats as syntax the query language does not have. Inside a word they
# become "/", which the analysers drop like any punctuation, so the word keeps its place (after a
# "-", in a field) and its other letters still have to match.
_WHOOSH_SYNTAX = re.compile(r"['^<>\[\]{}?:~\\]")
_STAR_ENDING = re.compile(r"(?<=\w)\*+$")
_PHRASE = re.compile(r'("[^"]*")')
_PLAIN_TAG = re.compile(r"[^\W_][\w.+#&/-]*\*?")


def _plain(text: str) -> str:
    """``text`` with Whoosh-only syntax neutralised outside its "phrases"; only a final ``*`` stays."""
    parts = _PHRASE.split(text)
    last = len(parts) - 1
    for i in range(0, len(parts), 2):  # the even parts are outside quotes
        part = _WHOOSH_SYNTAX.sub("/", parts[i])
        star = "*" if i == last and _STAR_ENDING.search(part) else ""
        parts[i] = _STAR_ENDING.sub("", part).replace("*", "/") + star if star else part.replace("*", "/")
    return "".join(parts)


def _tag_value(value: str) -> str:
    """A tag as one Whoosh term: quotes group a name with spaces; a comma separates tags, as in the index."""
    name = value.replace('"', "").lower()
    if _PLAIN_TAG.fullmatch(name):
        return name  # a bare name or a tag prefix ("tag:dist*")
    # Whoosh's single quotes take the text as it is; a quote inside could end them early.
    literal = " ".join(name.replace("'", " ").split())
    if not literal:
        raise QueryError(f"tag:{value}: needs a tag name, e.g. tag:transformer")
    return f"'{literal}'"


def _example(field: str) -> str:
    return {"status": "queued", "starred": "yes", "year": "2024"}.get(field, "transformer")


def _check_prefix(word: str) -> None:
    stem = word.rstrip("*")
    if word.endswith("*") and len(stem.lstrip("-")) < MIN_PREFIX_LENGTH:
        raise QueryError(f"'{word}': type at least {MIN_PREFIX_LENGTH} letters before *")


def _translate_term(text: str) -> str:
    field_match = _FIELD.match(text)
    if not field_match or field_match.group("value").startswith("//"):
        _check_prefix(text)
        return _plain(text)
    field = field_match.group("field").lower()
    if field not in FIELDS:
        known = ", ".join(f"{name}:" for name in FIELDS)
        raise QueryError(f"unknown field '{field}:'; use one of {known}")
    value = field_match.group("value")
    _check_prefix(value)
    indexed_as = _INDEXED_AS.get(field, field)
    return f"{field_match.group('neg')}{indexed_as}:{_translate_field(field, value)}"


def translate(query: str) -> str:
    """Check ``query`` and return it in Whoosh's syntax; raises QueryError when malformed."""
    tokens = _tokenize(query.strip())
    _check_parentheses(tokens)
    _check_operators(tokens)
    return " ".join(t.text if t.is_paren else _translate_term(t.text) for t in tokens)


_LAST_WORD = re.compile(r"(?:^|(?<=[\s(]))(?P<word>[^\W_][\w-]*)$")
_OPERATORS = {"AND", "OR", "NOT"}
MIN_TYPED_PREFIX = 3  # letters of an unfinished last word before it is completed as a prefix


def as_typed(query: str) -> str:
    """``query`` with its unfinished last word also matched as a prefix: "diffusion mod" finds "model".

    The word itself stays too (``(mod OR mod*)``): the index holds stems, and a
    finished word such as "reasoning" must still match its stem "reason".
    """
    match = _LAST_WORD.search(query)
    if not match or query.count('"') % 2:
        return query
    word = match.group("word")
    if len(word) < MIN_TYPED_PREFIX or word in _OPERATORS:
        return query
    return f"{query[: match.start('word')]}({word} OR {word}*)"
