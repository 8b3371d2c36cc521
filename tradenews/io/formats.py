"""One input (a file or standard input) -> Documents (or Skips), by format.

Plain text (with optional front matter), HTML, JSON (an object, an array, or a
wrapper such as {"articles": [...]}), JSON Lines and CSV/TSV (streamed one
record at a time, so a 2 GB export never sits in memory). A new format is a
function yielding Documents/Skips, chosen by its name in `read_file` (streamed
formats) or `_whole_file_documents` (formats read whole).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from tradenews.document import Document, Skip
from tradenews.io.decode import decode, decompressed, normalize, text_stream
from tradenews.io.errors import describe
from tradenews.io.html import html_document, looks_like_html, markup_to_text
from tradenews.io.metadata import ReadOptions, first, make_document, text_document
from tradenews.io.paths import file_kind, format_of

_WRAPPER_FIELDS = ("articles", "items", "documents", "docs", "data", "results", "records")


def read_file(doc_id: str, path: str, opts: ReadOptions) -> Iterator[Document | Skip]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        yield Skip(doc_id, reason)
        return
    kind = file_kind(st.st_mode)
    if kind:
        yield Skip(doc_id, kind)
        return
    fmt = format_of(path)
    with open(path, "rb") as fh:
        raw = decompressed(fh)
        if fmt in ("jsonl", "csv", "tsv"):
            stream = text_stream(raw)
            if fmt == "jsonl":
                yield from _jsonl_documents(doc_id, stream, opts)
            else:
                yield from _csv_documents(doc_id, stream, opts, tab=fmt == "tsv")
            return
        data = raw.read()
    yield from _whole_file_documents(doc_id, data, fmt, opts)


def _whole_file_documents(
    doc_id: str, data: bytes, fmt: str, opts: ReadOptions
) -> Iterator[Document | Skip]:
    if fmt == "html":
        yield html_document(doc_id, data, opts)
        return
    text = decode(data)
    if fmt == "json":
        yield from _json_documents(doc_id, text, opts)
        return
    if fmt == "other" and looks_like_html(text):
        yield html_document(doc_id, data, opts)
        return
    yield text_document(doc_id, text, opts)


def read_stdin(opts: ReadOptions, *, jsonl: bool) -> Iterator[Document | Skip]:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        buffer = decompressed(buffer)  # zcat-free: gzip arrives as it is
    if jsonl:
        if buffer is not None:
            stream: IO[str] = text_stream(buffer)
        else:
            stream = sys.stdin
        yield from _jsonl_documents("-", stream, opts)
        return
    data = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
    text = decode(data)
    if looks_like_html(text):  # curl https://... | tradenews entities -
        yield html_document("-", data, opts)
        return
    yield text_document("-", text, opts)


def _record_document(doc_id: str, record: dict[str, Any], opts: ReadOptions) -> Document | Skip:
    """One JSON object or CSV row; a failure here skips this record, not the whole file."""
    try:
        return _record_document_unguarded(doc_id, record, opts)
    except Exception as e:  # noqa: BLE001 - one odd record must not end a 2 GB stream
        return Skip(doc_id, describe(e))


def _record_document_unguarded(
    doc_id: str, record: dict[str, Any], opts: ReadOptions
) -> Document | Skip:
    lowered: dict[str, Any] = {}
    for k, v in record.items():
        lowered.setdefault(str(k).strip().lower(), v)
    names = opts.text_fields()
    value = first(lowered, names)
    if value is None:
        return Skip(doc_id, f"no text (tried fields: {', '.join(names)})")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n\n".join(value)  # a list of paragraphs
    if not isinstance(value, str):
        return Skip(doc_id, f"the text field is a JSON {_json_type(value)}, not a string")
    text = _with_dateline(markup_to_text(normalize(value)), lowered.get("dateline"))
    return make_document(doc_id, text, lowered, opts)


def _with_dateline(text: str, dateline: Any) -> str:
    """Put a separately exported dateline ("LONDON, March 2 -") back at the head of the text.

    Wire exports keep it in its own field, but it is part of the story: it names the
    place the story is filed from and may carry the full publication date.
    """
    if not isinstance(dateline, str) or not dateline.strip():
        return text
    head = " ".join(dateline.split())
    if text.lstrip().startswith(head):
        return text
    return f"{head} {text.lstrip()}"


def _json_documents(doc_id: str, text: str, opts: ReadOptions) -> Iterator[Document | Skip]:
    try:
        data = json.loads(text)
    except RecursionError:
        yield Skip(doc_id, "invalid JSON: too deeply nested")
        return
    except ValueError as e:
        if str(e).startswith("Extra data"):  # JSON Lines saved as .json
            yield from _jsonl_documents(doc_id, io.StringIO(text), opts)
            return
        yield Skip(doc_id, f"invalid JSON: {_json_error(e)}")
        return
    if isinstance(data, dict):
        has_text = any(str(k).strip().lower() in opts.text_fields() for k in data)
        wrapped = None if has_text else first(data, _WRAPPER_FIELDS)
        if not isinstance(wrapped, list):
            yield _record_document(doc_id, data, opts)
            return
        data = wrapped  # {"articles": [...]}: an API response or scraper dump
    if not isinstance(data, list):
        yield Skip(doc_id, f"a JSON {_json_type(data)}, not an object or an array of objects")
        return
    if not data:
        yield Skip(doc_id, "empty JSON array")
    for n, item in enumerate(data, 1):
        item_id = f"{doc_id}#{n}"
        if isinstance(item, dict):
            yield _record_document(item_id, item, opts)
        else:
            yield Skip(item_id, f"a JSON {_json_type(item)}, not an object")


def _json_error(e: ValueError, *, line: bool = True) -> str:
    if isinstance(e, json.JSONDecodeError):
        where = f"line {e.lineno}, column {e.colno}" if line else f"column {e.colno}"
        return f"{e.msg} ({where})"
    return str(e)[:200]


def _json_type(value: object) -> str:
    """The JSON name of a parsed value's type, for skip reasons."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _jsonl_documents(
    doc_id: str, stream: Iterable[str], opts: ReadOptions
) -> Iterator[Document | Skip]:
    any_line = False
    for n, line in enumerate(stream, 1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        any_line = True
        line_id = f"{doc_id}#{n}"
        try:
            obj = json.loads(line)
        except RecursionError:
            yield Skip(line_id, "invalid JSON: too deeply nested")
            continue
        except ValueError as e:
            yield Skip(line_id, f"invalid JSON: {_json_error(e, line=False)}")
            continue
        if isinstance(obj, dict):
            yield _record_document(line_id, obj, opts)
        else:
            yield Skip(line_id, f"a JSON {_json_type(obj)}, not an object")
    if not any_line:
        yield Skip(doc_id, "empty")


_csv_limit_raised = False


def _csv_documents(
    doc_id: str, stream: IO[str], opts: ReadOptions, *, tab: bool = False
) -> Iterator[Document | Skip]:
    global _csv_limit_raised
    if not _csv_limit_raised:
        csv.field_size_limit(2**31 - 1)  # articles are long; the default 128 KiB is not
        _csv_limit_raised = True
    header_line = stream.readline()
    while header_line and not header_line.strip():
        header_line = stream.readline()
    if not header_line:
        yield Skip(doc_id, "empty")
        return
    header_line = header_line.lstrip("\ufeff")
    names = opts.text_fields()
    delimiter = "\t" if tab else _pick_delimiter(header_line, names)
    rows = csv.reader(itertools.chain([header_line], stream), delimiter=delimiter)
    header = [h.strip().lower() for h in next(rows)]
    if not any(name in header for name in names):
        shown = ", ".join(h for h in header if h)[:300] or "none"
        yield Skip(doc_id, f"no text column (tried {', '.join(names)}; the columns are: {shown})")
        return
    n = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as e:
            yield Skip(f"{doc_id}#{n + 1}", f"invalid CSV ({e}); the rest of the file was not read")
            return
        if not any(cell.strip() for cell in row):
            continue
        n += 1
        record: dict[str, Any] = {}
        for name, cell in zip(header, row, strict=False):
            if name and name not in record:
                record[name] = cell
        yield _record_document(f"{doc_id}#{n}", record, opts)
    if n == 0:
        yield Skip(doc_id, "no data rows")


def _pick_delimiter(header_line: str, names: Sequence[str]) -> str:
    """Comma, or the delimiter that makes the header contain a text column (; | tab)."""
    for delimiter in (",", ";", "\t", "|"):
        try:
            cols = next(csv.reader([header_line], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        if any(c.strip().lower() in names for c in cols):
            return delimiter
    return ","
