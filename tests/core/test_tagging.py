"""Tag names on one line: the editor's format quotes a name with a comma, and reads back the same names."""

from __future__ import annotations

import pytest

from readinglist.core.tagging import clean_tag_names, join_tag_names, split_tag_text, tag_fields

AWKWARD = [
    ["a,b", 'say "hi"', "plain"],
    ['"quoted"', 'ends"', "x, y, z"],
    ["line\nbreak", "tab\there"],
    ["ünï, cödé", "emoji 🙂"],
    [],
]


@pytest.mark.parametrize("names", AWKWARD)
def test_joined_names_read_back_the_same(names: list[str]) -> None:
    assert split_tag_text(join_tag_names(names)) == names


def test_only_a_comma_or_leading_quote_is_quoted() -> None:
    assert join_tag_names(["a,b", 'say "hi"', "plain"]) == '"a,b", say "hi", plain'
    assert join_tag_names(['"q"']) == '"""q"""'


@pytest.mark.parametrize(
    ("typed", "names"),
    [
        ("Reasoning, to-read", ["Reasoning", "to-read"]),
        ('"a,b", c', ["a,b", "c"]),
        ('say "hi", plain', ['say "hi"', "plain"]),
        ("a, , b,", ["a", "b"]),
        ('"unclosed, quote', ["unclosed, quote"]),
        ("", []),
        ("a\rb, c\x00d", ["a\rb", "c\x00d"]),  # a bare line break makes csv fail: plain commas
    ],
)
def test_typed_text(typed: str, names: list[str]) -> None:
    assert split_tag_text(typed) == names


def test_fields_keep_the_one_being_typed() -> None:
    assert tag_fields("") == [""]
    assert tag_fields("plain, ") == ["plain", ""]
    assert tag_fields('plain, "a,') == ["plain", "a,"]


def test_clean_names_keep_commas_and_quotes() -> None:
    assert clean_tag_names([" a,b ", 'say "hi"', "A,B"]) == ["a,b", 'say "hi"']
