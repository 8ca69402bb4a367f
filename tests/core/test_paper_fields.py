"""The paper's page fields are declared once (ParsedPaper); the table, the record and exports follow them."""

from __future__ import annotations

import json
from dataclasses import fields
from io import StringIO
from pathlib import Path

from readinglist.core import export
from readinglist.core.dumps.records import PAGE_FIELDS, SEARCHED_FIELDS
from readinglist.core.index import IndexDoc
from readinglist.core.models import Paper
from readinglist.core.records import PaperRecord
from readinglist.core.services import Library


def test_every_page_field_is_a_column_and_a_record_field() -> None:
    assert "title" in PAGE_FIELDS and "line" not in PAGE_FIELDS
    assert set(PAGE_FIELDS) <= set(Paper.model_fields)
    assert set(PAGE_FIELDS) <= {f.name for f in fields(PaperRecord)}
    assert set(SEARCHED_FIELDS) <= set(PAGE_FIELDS) & {f.name for f in fields(IndexDoc)}


def test_a_json_export_writes_the_page_fields_in_their_declared_order(library: Library, daily_a: Path) -> None:
    library.import_paths([daily_a])
    out = StringIO()
    export.write("json", library.iter_records(library.paper_ids()), out)
    first = json.loads(out.getvalue())["papers"][0]
    keys = list(first)
    assert keys[0] == "id"
    assert keys[1 : 1 + len(PAGE_FIELDS)] == list(PAGE_FIELDS)
    assert keys[1 + len(PAGE_FIELDS) :] == [
        "status",
        "starred",
        "tags",
        "note",
        "added_at",
        "status_changed_at",
        "sources",
    ]
