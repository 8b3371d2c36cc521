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
import json
import os
import sys
from collections import deque
from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import IO, Any

from tradenews.document import Document, Skip
from tradenews.io.decode import SNIFF, Prefixed, decode, decompressed, normalize, text_stream
from tradenews.io.errors import describe
from tradenews.io.html import html_document, looks_like_html, markup_to_text
from tradenews.io.metadata import (
    ReadOptions,
    first,
    has_title,
    make_document,
    record_id,
    text_document,
)
from tradenews.io.own import (
    NOT_READ_XLSX,
    OUR_OUTPUT,
    is_our_html,
    is_our_xlsx,
    is_tradenews_output,
)
from tradenews.io.paths import file_kind, format_of

_WRAPPER_FIELDS = ("articles", "items", "documents", "docs", "data", "results", "records")


def missing_text_column(doc_id: str, columns: Sequence[str], opts: ReadOptions) -> Skip | None:
    """A table (CSV, Parquet) without a text column: one Skip for the file, naming the
    columns it has, rather than one for every row."""
    header = [str(c).strip().lower() for c in columns]
    names = opts.text_fields()
    if any(name in header for name in names):
        return None
    shown = ", ".join(h for h in header if h)[:300] or "none"
    return Skip(doc_id, f"no text column (tried {', '.join(names)}; the columns are: {shown})")


def read_file(doc_id: str, path: str, opts: ReadOptions) -> Generator[Document | Skip, None, None]:
    """One file -> its documents, by the format its name says."""
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
    if fmt == "xlsx":  # never read; one tradenews wrote is named as such
        yield (
            Skip(doc_id, OUR_OUTPUT, ignored=True)
            if is_our_xlsx(path)
            else Skip(doc_id, NOT_READ_XLSX)
        )
        return
    if fmt == "parquet":
        from tradenews.io.parquet import parquet_documents

        yield from parquet_documents(doc_id, path, opts)
        return
    with open(path, "rb") as fh:
        raw = decompressed(fh, opts.max_decompressed)
        if fmt == "jsonl":
            yield from _jsonl_documents(doc_id, text_stream(raw, newline="\n"), opts)
            return
        if fmt in ("csv", "tsv"):
            yield from _csv_documents(doc_id, text_stream(raw), opts, tab=fmt == "tsv")
            return
        data = raw.read()
    yield from _whole_file_documents(doc_id, data, fmt, opts)


def _whole_file_documents(
    doc_id: str, data: bytes, fmt: str, opts: ReadOptions
) -> Iterator[Document | Skip]:
    """A file read whole: HTML, JSON, or text (an HTML page or JSON without extension too)."""
    if fmt == "html":
        yield _html_document(doc_id, data, opts)
        return
    text = decode(data)
    if fmt == "json":
        yield from _json_documents(doc_id, text, opts)
        return
    if fmt in ("other", "stdin") and looks_like_html(text):
        yield _html_document(doc_id, data, opts)
        return
    if fmt == "stdin" and text.lstrip()[:1] in ("{", "["):
        parsed = _parse_json(text)  # `cat articles.json | tradenews entities -`
        if isinstance(parsed, (dict, list)) or (parsed == _MORE and _starts_json_lines(text)):
            yield from _json_documents(doc_id, text, opts, parsed=parsed)
            return
    yield text_document(doc_id, text, opts)


def _html_document(doc_id: str, data: bytes, opts: ReadOptions) -> Document | Skip:
    """An HTML page, unless it is a tradenews report (its generator meta says so)."""
    if is_our_html(data):
        return Skip(doc_id, OUR_OUTPUT, ignored=True)
    return html_document(doc_id, data, opts)


def read_stdin(opts: ReadOptions, *, jsonl: bool) -> Iterator[Document | Skip]:
    """Standard input: one document, or JSON / JSON Lines records (by option or detected)."""
    if sys.stdin is None:  # the command was started with stdin closed (`<&-`)
        yield Skip("-", "standard input is closed")
        return
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text-only stream put in place by an embedding program
        buffer = io.BytesIO(sys.stdin.read().encode("utf-8", "replace"))
    raw = decompressed(buffer, opts.max_decompressed)  # zcat-free: gzip arrives as it is
    head = raw.read(SNIFF)
    raw = io.BufferedReader(Prefixed(head, raw))
    if jsonl or _starts_json_lines(head.decode("utf-8", "replace")):
        yield from _jsonl_documents("-", text_stream(raw, newline="\n"), opts)
        return
    yield from _whole_file_documents("-", raw.read(), "stdin", opts)


def _starts_json_lines(head: str) -> bool:
    """The first line is a whole JSON object, and a line follows it: JSON Lines."""
    first_line, newline, rest = head.lstrip("\ufeff \t\r\n").partition("\n")
    if not first_line.startswith("{") or not newline or not rest.strip():
        return False
    try:
        return isinstance(json.loads(first_line, strict=False), dict)
    except (ValueError, RecursionError):
        return False


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
    doc_id, warning = record_id(doc_id, lowered, opts)
    names = opts.text_fields()
    value = first(lowered, names)
    if value is None:
        if has_title(lowered):  # a headline-only record: the headline is the article
            return make_document(doc_id, "", lowered, opts, warnings=[warning] if warning else [])
        return Skip(doc_id, f"no text (tried fields: {', '.join(names)})")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n\n".join(value)  # a list of paragraphs
    if isinstance(value, bytes):  # a Parquet binary column; UTF-8 was read as text already
        return Skip(doc_id, "the text field is binary data that is not UTF-8 text")
    if not isinstance(value, str):
        return Skip(doc_id, f"the text field is a JSON {_json_type(value)}, not a string")
    text = _with_dateline(markup_to_text(normalize(value)), lowered.get("dateline"))
    return make_document(doc_id, text, lowered, opts, warnings=[warning] if warning else [])


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


_MORE = "Extra data"  # json's error for a second value after the first: JSON Lines


def _parse_json(text: str) -> Any:
    """The parsed JSON value, _MORE for several values (JSON Lines), None if not JSON."""
    try:
        return json.loads(text, strict=False)
    except ValueError as e:
        return _MORE if str(e).startswith(_MORE) else None
    except RecursionError:
        return None


def _json_documents(
    doc_id: str, text: str, opts: ReadOptions, *, parsed: Any = None
) -> Iterator[Document | Skip]:
    """A JSON file: one object, an array of objects, or a wrapper ({"articles": [...]})."""
    if parsed is None:
        try:
            parsed = json.loads(text, strict=False)  # strict: no raw control characters
        except RecursionError:
            yield Skip(doc_id, "invalid JSON: too deeply nested")
            return
        except ValueError as e:
            if not str(e).startswith(_MORE):
                yield Skip(doc_id, f"invalid JSON: {_json_error(e)}")
                return
            parsed = _MORE
    if parsed == _MORE:  # JSON Lines saved as .json
        yield from _jsonl_documents(doc_id, io.StringIO(text), opts)
        return
    data = parsed
    sample = data[0] if isinstance(data, list) and data else data
    if isinstance(sample, dict) and is_tradenews_output(sample):
        yield Skip(doc_id, OUR_OUTPUT, ignored=True)
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
    any_line = any_record = False
    for n, line in enumerate(stream, 1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        any_line = True
        line_id = f"{doc_id}#{n}"
        try:
            obj = json.loads(line, strict=False)
        except RecursionError:
            yield Skip(line_id, "invalid JSON: too deeply nested")
            continue
        except ValueError as e:
            yield Skip(line_id, f"invalid JSON: {_json_error(e, line=False)}")
            continue
        if isinstance(obj, dict) and not any_record and is_tradenews_output(obj):
            yield Skip(doc_id, OUR_OUTPUT, ignored=True)
            return
        any_record = True
        if isinstance(obj, dict):
            yield _record_document(line_id, obj, opts)
        else:
            yield Skip(line_id, f"a JSON {_json_type(obj)}, not an object")
    if not any_line:
        yield Skip(doc_id, "empty")


_csv_limit_raised = False
#: Characters one CSV record may span (a longer one is malformed quoting), and bytes
#: one Parquet row may hold: past it, the record is skipped.
RECORD_MAX = 32 * 1024 * 1024
RECORD_TOO_LONG = "a record longer than 32 MB"


class _RecordTooLong(Exception):
    pass


class _Lines:
    """The physical lines a csv reader takes, kept until its record is complete.

    A record found malformed is given back but for its first line, so reading
    resumes on the next line: a stray quote costs one line, never the rest of the file.
    """

    def __init__(self, stream: Iterable[str]) -> None:
        self._stream = iter(stream)
        self._pending: deque[str] = deque()
        self._taken: list[str] = []
        self._size = 0
        self.start = 1  # the line number of the current record's first line

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._pending.popleft() if self._pending else next(self._stream)
        self._taken.append(line)
        self._size += len(line)
        if self._size > RECORD_MAX:
            raise _RecordTooLong
        return line

    def done(self) -> None:
        """The current record is complete: the next one starts after its lines."""
        self.start += len(self._taken)
        self._taken, self._size = [], 0

    def drop_first(self) -> None:
        """The current record is malformed: skip its first line, re-read the others."""
        self._pending.extendleft(reversed(self._taken[1:]))
        self.start += 1
        self._taken, self._size = [], 0


def _csv_records(lines: _Lines, delimiter: str) -> Iterator[tuple[int, list[str] | None, str]]:
    """(first line, row, "") per record, or (line, None, reason) for malformed quoting."""
    while True:
        try:
            for row in csv.reader(lines, delimiter=delimiter, strict=True):
                start = lines.start
                lines.done()
                yield start, row, ""
            return
        except (csv.Error, _RecordTooLong) as e:
            reason = str(e) if isinstance(e, csv.Error) else RECORD_TOO_LONG
            start = lines.start
            lines.drop_first()
            yield start, None, reason


def _csv_documents(
    doc_id: str, stream: IO[str], opts: ReadOptions, *, tab: bool = False
) -> Iterator[Document | Skip]:
    """CSV/TSV: a header row naming a text column, then one document per data row."""
    global _csv_limit_raised
    if not _csv_limit_raised:
        csv.field_size_limit(2**31 - 1)  # articles are long; the default 128 KiB is not
        _csv_limit_raised = True
    lines = _Lines(stream)
    header_line = next(lines, "")
    while header_line and not header_line.strip():
        lines.done()
        header_line = next(lines, "")
    if not header_line:
        yield Skip(doc_id, "empty")
        return
    header_line = header_line.lstrip("\ufeff")
    names = opts.text_fields()
    delimiter = "\t" if tab else _pick_delimiter(header_line, names)
    header = [h.strip().lower() for h in next(csv.reader([header_line], delimiter=delimiter))]
    lines.done()
    if is_tradenews_output(header):
        yield Skip(doc_id, OUR_OUTPUT, ignored=True)
        return
    refused = missing_text_column(doc_id, header, opts)
    if refused is not None:
        yield refused
        return
    n = 0
    for line_no, row, problem in _csv_records(lines, delimiter):
        if row is not None and not any(cell.strip() for cell in row):
            continue
        n += 1
        if row is None:
            yield Skip(
                f"{doc_id}#{n}",
                f"malformed CSV quoting on line {line_no} ({problem}); "
                "that line is skipped, the rows after it are read",
            )
            continue
        record = {}
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
