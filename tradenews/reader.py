"""PATH arguments -> Documents (or Skips), in input order, for every input format.

The reader is the only place that touches files. It streams (one file, or one
JSON Lines / CSV row, at a time), and it never raises for bad input: anything it
cannot read becomes a `Skip` with a one-line reason, so a run over a messy
folder reports the bad files and goes on with the rest.
"""

from __future__ import annotations

import bz2
import codecs
import csv
import dataclasses
import datetime as dt
import glob
import gzip
import io
import itertools
import json
import logging
import lzma
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, TypeVar

import yaml

from tradenews.document import Document, Skip

__all__ = [
    "NoSuchPath",
    "check_paths",
    "dateline_date",
    "parse_date",
    "read_documents",
    "split_front_matter",
]


class NoSuchPath(Exception):
    """A PATH argument matches nothing (a usage error: exit status 2)."""


class _Unreadable(Exception):
    """A file (or record) that cannot become a document; the message is the reason."""


# ---------------------------------------------------------------------------
# formats

_TEXT_EXT = {".txt", ".text", ".md", ".markdown", ".rst"}
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_JSON_EXT = {".json"}
_JSONL_EXT = {".jsonl", ".ndjson", ".jsonlines"}
_CSV_EXT = {".csv"}
_TSV_EXT = {".tsv"}
_COMPRESSED_EXT = (".gz", ".gzip", ".bz2", ".xz")

#: OS litter that is never an article: ignored silently in directories.
_JUNK_NAMES = {"thumbs.db", "ehthumbs.db", "desktop.ini"}

_TEXT_FIELDS = ("text", "body", "content")
_DATE_FIELDS = (
    "date",
    "published",
    "publish_date",
    "published_at",
    "publication_date",
    "date_published",
    "datepublished",
    "pubdate",
)
_WRAPPER_FIELDS = ("articles", "items", "documents", "docs", "data", "results", "records")

#: Bytes read up front to decide encoding / binary-ness of a streamed file.
_SNIFF = 64 * 1024
#: Front matter must close within this many characters of the start.
_FRONT_MATTER_MAX = 64 * 1024

_DOC_FIELDS = {f.name for f in dataclasses.fields(Document)}


_T = TypeVar("_T")


@dataclass(frozen=True)
class _Options:
    default_date: dt.date | None
    text_column: str


# ---------------------------------------------------------------------------
# public API


def check_paths(paths: Sequence[str]) -> None:
    """Fail early, before any work, when a PATH names nothing."""
    for p in paths:
        if p == "-" or os.path.lexists(p):
            continue
        if glob.has_magic(p):
            if next(glob.iglob(p, recursive=True), None) is None:
                raise NoSuchPath(f"{p}: no files match this pattern")
            continue
        raise NoSuchPath(f"{p}: no such file or directory")


def read_documents(
    paths: Sequence[str],
    *,
    default_date: dt.date | None = None,
    text_column: str = "text",
    stdin_jsonl: bool = False,
) -> Iterator[Document | Skip]:
    """Yield one Document per article (or a Skip naming what could not be read).

    Output order is input order: PATH arguments as given, directory contents
    sorted by name, records in file order. Never raises for bad input.
    """
    opts = _Options(default_date=default_date, text_column=text_column or "text")
    for p in paths:
        if p == "-":
            yield from _guarded("-", _read_stdin(opts, jsonl=stdin_jsonl))
            continue
        for item in _guarded(p, _expand(p)):
            if isinstance(item, Skip):
                yield item
            else:
                doc_id, path = item
                yield from _guarded(doc_id, _read_file(doc_id, path, opts))


# ---------------------------------------------------------------------------
# paths


def _display(path: str) -> str:
    """A doc id that can always be printed and encoded (undecodable names get U+FFFD)."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _expand(p: str) -> Iterator[tuple[str, str] | Skip]:
    """One PATH argument -> (doc id, real path) per file, or a Skip."""
    if os.path.lexists(p):
        targets = [p]
    elif glob.has_magic(p):
        targets = sorted(glob.glob(p, recursive=True))
        if not targets:
            yield Skip(p, "no files match this pattern")
    else:
        yield Skip(p, "no such file or directory")
        return
    for t in targets:
        if os.path.isdir(t):
            yield from _walk(t, set())
        else:
            yield (_display(t), t)


def _walk(top: str, seen: set[tuple[int, int]]) -> Iterator[tuple[str, str] | Skip]:
    """Files under `top`, recursively, sorted by name, without hidden entries."""
    try:
        st = os.stat(top)
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop
            return
        seen.add(key)
        with os.scandir(top) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield Skip(_display(top), _describe(e))
        return
    for entry in entries:
        name = entry.name
        if name.startswith(".") or name.lower() in _JUNK_NAMES:
            continue
        path = os.path.join(top, name)
        try:
            is_dir = entry.is_dir()  # follows symlinks; loops are caught by `seen`
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, seen)
        else:
            yield (_display(path), path)


# ---------------------------------------------------------------------------
# reading one file


def _guarded(doc_id: str, items: Iterable[_T]) -> Iterator[_T | Skip]:
    """Turn any exception while reading into a Skip for the file: never a traceback."""
    try:
        yield from items
    except Exception as e:  # noqa: BLE001 - bad input of any kind must not stop the run
        yield Skip(doc_id, _describe(e))


def _describe(e: BaseException) -> str:
    """A short, human reason for an exception raised while reading."""
    if isinstance(e, _Unreadable):
        return str(e)
    if isinstance(e, PermissionError):
        return "permission denied"
    if isinstance(e, FileNotFoundError):
        return "no such file or directory"
    if isinstance(e, IsADirectoryError):
        return "is a directory"
    if isinstance(e, gzip.BadGzipFile):
        return "not valid gzip data"
    if isinstance(e, EOFError):
        return "compressed file ends too early"
    if isinstance(e, (zlib.error, lzma.LZMAError)):
        return "corrupt compressed data"
    if isinstance(e, RecursionError):
        return "too deeply nested"
    if isinstance(e, MemoryError):
        return "too large to read into memory"
    if isinstance(e, UnicodeError):
        return "cannot decode the text"
    if isinstance(e, OSError):
        return (e.strerror or str(e) or type(e).__name__).lower()
    msg = str(e).splitlines()[0] if str(e) else ""
    return f"{type(e).__name__}: {msg}"[:200] if msg else type(e).__name__


def _file_kind(mode: int) -> str | None:
    """Why a non-regular file is not read (reading a FIFO would block forever)."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISFIFO(mode):
        return "not a regular file (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (device)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (socket)"
    return "not a regular file"


def _format_of(path: str) -> str:
    """The input format from the file name (compression suffixes see through)."""
    name = os.path.basename(path).lower()
    for suffix in _COMPRESSED_EXT:
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            break
    ext = os.path.splitext(name)[1]
    if ext in _HTML_EXT:
        return "html"
    if ext in _JSON_EXT:
        return "json"
    if ext in _JSONL_EXT:
        return "jsonl"
    if ext in _CSV_EXT:
        return "csv"
    if ext in _TSV_EXT:
        return "tsv"
    if ext in _TEXT_EXT:
        return "text"
    return "other"  # no extension, or an unknown one: text, unless it is an HTML page


def _decompressed(fh: IO[bytes]) -> IO[bytes]:
    """Transparently decompress gzip / bzip2 / xz, recognised by their magic bytes."""
    head = fh.read(6)
    if fh.seekable():
        fh.seek(0)
    else:  # a pipe: replay the bytes already read
        fh = io.BufferedReader(_Prefixed(head, fh))
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=fh, mode="rb")
    if head.startswith(b"BZh") and len(head) >= 4 and head[3:4].isdigit():
        return bz2.BZ2File(fh, mode="rb")
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(fh, mode="rb")
    return fh


def _read_file(doc_id: str, path: str, opts: _Options) -> Iterator[Document | Skip]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
        yield Skip(doc_id, reason)
        return
    kind = _file_kind(st.st_mode)
    if kind:
        yield Skip(doc_id, kind)
        return
    fmt = _format_of(path)
    with open(path, "rb") as fh:
        raw = _decompressed(fh)
        if fmt in ("jsonl", "csv", "tsv"):
            stream = _text_stream(raw)
            if fmt == "jsonl":
                yield from _jsonl_documents(doc_id, stream, opts)
            else:
                yield from _csv_documents(doc_id, stream, opts, tab=fmt == "tsv")
            return
        data = raw.read()
    yield from _whole_file_documents(doc_id, data, fmt, opts)


def _whole_file_documents(
    doc_id: str, data: bytes, fmt: str, opts: _Options
) -> Iterator[Document | Skip]:
    if fmt == "html":
        yield _html_document(doc_id, data, opts)
        return
    text = _decode(data)
    if fmt == "json":
        yield from _json_documents(doc_id, text, opts)
        return
    if fmt == "other" and _looks_like_html(text):
        yield _html_document(doc_id, data, opts)
        return
    yield _text_document(doc_id, text, opts)


def _read_stdin(opts: _Options, *, jsonl: bool) -> Iterator[Document | Skip]:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        buffer = _decompressed(buffer)  # zcat-free: gzip arrives as it is
    if jsonl:
        if buffer is not None:
            stream: IO[str] = _text_stream(buffer)
        else:
            stream = sys.stdin
        yield from _jsonl_documents("-", stream, opts)
        return
    data = buffer.read() if buffer is not None else sys.stdin.read().encode("utf-8")
    text = _decode(data)
    if _looks_like_html(text):  # curl https://... | tradenews entities -
        yield _html_document("-", data, opts)
        return
    yield _text_document("-", text, opts)


# ---------------------------------------------------------------------------
# encodings

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"%PDF-", "binary file (PDF; convert it to text first)"),
    (b"PK\x03\x04", "binary file (zip archive or office document)"),
    (b"\x89PNG", "binary file (image)"),
    (b"\xff\xd8\xff", "binary file (image)"),
    (b"GIF8", "binary file (image)"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", re.I
)


def _normalize(text: str) -> str:
    """Newlines to \\n; a leading BOM dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _check_text(text: str) -> None:
    """Reject decoded 'text' that is really binary (many control characters)."""
    sample = text[:_SNIFF]
    if "\x00" in sample or len(_CONTROL.findall(sample)) > max(1, len(sample) // 50):
        raise _Unreadable("binary file")


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 without a BOM: mostly-ASCII text puts NULs at every other byte."""
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    z_even, z_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if z_odd > 0.3 and z_even < 0.02:
        return "utf-16-le"
    if z_even > 0.3 and z_odd < 0.02:
        return "utf-16-be"
    return None


def _plausibly_western(sample: bytes) -> bool:
    """Windows-1252 text: decodes cleanly, and accented letters are the exception.

    Short samples defeat statistical detection (café comes out as cafĂ©); the
    common case of Western European text is decided here, anything denser in
    non-ASCII letters (Cyrillic, Greek, CJK legacy encodings) goes to detection.
    """
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    letters = [ch for ch in text if ch.isalpha()]
    foreign = sum(1 for ch in letters if ord(ch) > 0x7F)
    return bool(letters) and foreign <= len(letters) * 0.4 and not _CONTROL.search(text)


_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_FALLBACK = "tradenews.cp1252"


def _cp1252_fallback(e: UnicodeError) -> tuple[str, int]:
    """Decode error handler: a byte that is not UTF-8 is read as Windows-1252.

    Scraped dumps mix encodings, and a file that starts in plain ASCII may turn
    to Latin-1 accents megabytes later; this keeps "Genève" instead of "Gen?ve".
    """
    if not isinstance(e, UnicodeDecodeError):
        raise e
    return e.object[e.start : e.end].decode("cp1252", errors="replace"), e.end


codecs.register_error(_FALLBACK, _cp1252_fallback)


def _errors_for(codec: str) -> str:
    return _FALLBACK if codec in ("utf-8", "utf-8-sig") else "replace"


def _mostly_utf8(sample: bytes) -> bool:
    """Invalid UTF-8, but with more well-formed multibyte characters than bad bytes."""
    good = sum(1 for _ in itertools.islice(_UTF8_MULTIBYTE.finditer(sample), 10_000))
    if not good:
        return False
    bad = sample.decode("utf-8", errors="replace").count("\ufffd") - sample.count(b"\xef\xbf\xbd")
    return bad <= good


def _sniff_encoding(sample: bytes, *, html: bool = False) -> str:
    """The codec for bytes starting with `sample`; raises _Unreadable for binary."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    for magic, reason in _MAGIC:
        if sample.startswith(magic):
            raise _Unreadable(reason)
    if b"\x00" in sample:
        codec = _utf16_without_bom(sample)
        if codec is None:
            raise _Unreadable("binary file")
        return codec
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as e:
        if e.start >= len(sample) - 3 and e.reason == "unexpected end of data":
            return "utf-8"  # a character cut by the sample boundary
    if _mostly_utf8(sample):
        return "utf-8"  # UTF-8 with stray bytes
    if html:
        m = _META_CHARSET.search(sample[:4096])
        if m:
            try:
                return codecs.lookup(m.group(1).decode("ascii")).name
            except LookupError:
                pass
    if _plausibly_western(sample):
        return "cp1252"
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise _Unreadable("binary file")
    return best.encoding


def _decode(data: bytes, *, html: bool = False) -> str:
    """Bytes of a whole file -> normalized text; _Unreadable if empty or binary."""
    if not data.strip():
        raise _Unreadable("empty")
    codec = _sniff_encoding(data[:_SNIFF], html=html)
    text = _normalize(data.decode(codec, errors=_errors_for(codec)))
    _check_text(text)
    if not text.strip():
        raise _Unreadable("empty")
    return text


class _Prefixed(io.RawIOBase):
    """A stream that replays bytes already read for sniffing, then the rest."""

    def __init__(self, prefix: bytes, rest: IO[bytes]) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self._prefix:
            n = min(len(b), len(self._prefix))
            b[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(b))
        n = len(data)
        b[:n] = data
        return n


def _text_stream(raw: IO[bytes]) -> IO[str]:
    """A streamed, decoded view of a (possibly huge) file: encoding sniffed up front."""
    sample = raw.read(_SNIFF)
    if not sample.strip():
        raise _Unreadable("empty")
    codec = _sniff_encoding(sample)
    errors = _errors_for(codec)
    _check_text(sample.decode(codec, errors=errors))
    buffered = io.BufferedReader(_Prefixed(sample, raw), buffer_size=_SNIFF)
    return io.TextIOWrapper(buffered, encoding=codec, errors=errors, newline="")


# ---------------------------------------------------------------------------
# dates

_MON = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![^\W\d_])\.?"
)
_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_ORD = r"(?:st|nd|rd|th)?"
_WEEKDAY = r"(?i:mon|tue|tues|wed|wednes|thu|thur|thurs|fri|sat|satur|sun)(?i:day)?\.?,?[ \t]+"
_ISO_RE = re.compile(r"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_MDY_RE = re.compile(
    rf"(?<![^\W\d_])(?P<mon>{_MON})\s+(?P<day>\d{{1,2}}){_ORD},?\s+(?P<year>\d{{4}})(?!\d)"
)
_DMY_RE = re.compile(
    rf"(?<![\d.])(?P<day>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<mon>{_MON}),?\s+(?P<year>\d{{4}})(?!\d)"
)
_NUMERIC_RE = re.compile(r"(?<![\d.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?!\d)")


def _make_date(year: int, month: int, day: int) -> dt.date | None:
    if not 1800 <= year <= 2199:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _named_month_date(m: re.Match[str]) -> dt.date | None:
    month = _MONTHS.get(m.group("mon").lower().rstrip(".")[:3])
    if month is None:
        return None
    return _make_date(int(m.group("year")), month, int(m.group("day")))


def parse_date(value: object) -> dt.date | None:
    """A full calendar date from a metadata value, or None. Never raises.

    Accepts dates, datetimes, ISO strings ("2025-07-03", "2025-07-03T10:00:00Z"),
    written dates ("July 3, 2025", "3 July 2025", "Thu, 03 Jul 2025 10:00 GMT") and
    epoch timestamps. A timestamp's date is taken as written, not converted to UTC.
    Ambiguous numeric dates (03/07/2025) give None rather than a guess.
    """
    try:
        return _parse_date(value)
    except Exception:  # noqa: BLE001 - metadata is untrusted input
        return None


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        seconds = value / 1000 if 1e12 <= value < 1e13 else value
        if 1e8 <= seconds < 1e10:
            return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc).date()
        return None
    if isinstance(value, dict) and "$date" in value:  # MongoDB extended JSON
        return _parse_date(value["$date"])
    if not isinstance(value, str):
        return None
    s = value.strip()[:200]
    m = _ISO_RE.match(s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _COMPACT_RE.fullmatch(s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    found = [m for m in (_MDY_RE.search(s), _DMY_RE.search(s)) if m]
    if found:
        return _named_month_date(min(found, key=lambda m: m.start()))
    m = _ISO_RE.search(s)
    if m:
        return _make_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _NUMERIC_RE.search(s)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if a > 12 >= b:
            return _make_date(year, b, a)
        if b > 12 >= a:
            return _make_date(year, a, b)
    return None


_DATE_SPAN = (
    rf"(?:{_MON}[ \t]+\d{{1,2}}{_ORD},?[ \t]+\d{{4}}"
    rf"|\d{{1,2}}{_ORD}[ \t]+(?:of[ \t]+)?{_MON},?[ \t]+\d{{4}}"
    r"|\d{4}(?P<sep>[-/.])\d{1,2}(?P=sep)\d{1,2})(?!\d)"
)
_PLACE_WORD = r"[^\W\d_a-z][\w.'’&-]*"
_CONNECTOR = r"(?:de|da|del|der|di|do|du|la|le|los|las|of|am|upon|sur|el|al|es|en|and)"
_PLACE = rf"{_PLACE_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?{_PLACE_WORD}){{0,4}}"
_AGENCY = r"(?:[ \t]*(?:\([^()\n]{1,40}\)|/[^/\n]{1,40}/))?"
_DATELINE_RE = re.compile(
    rf"[ \t*_]*(?:{_PLACE}{_AGENCY}[ \t]*,[ \t]*(?:{_PLACE}[ \t]*,[ \t]*)?)?"
    rf"(?:{_WEEKDAY})?(?P<date>{_DATE_SPAN}){_AGENCY}[ \t*_]*(?:[—–:]|-{{1,2}}(?=\s))"
)
_PUBLISHED_RE = re.compile(
    rf"[ \t*_]*(?i:published|posted|first published|date|dated)(?:[ \t]+(?i:on))?[ \t]*:?[ \t*_]*"
    rf"(?:{_WEEKDAY})?(?P<date>{_DATE_SPAN})"
)
_TIME = (
    r"(?:[ \t]*(?:[,|•·@-]|at)?[ \t]*\d{1,2}[:.]\d{2}"
    r"(?:[ \t]*(?i:[ap]\.?m\.?))?(?:[ \t]+[A-Z]{1,5}\b)?)?"
)
_DATE_ONLY_RE = re.compile(rf"[ \t*_]*(?:{_WEEKDAY})?(?P<date>{_DATE_SPAN}){_TIME}[ \t*_]*")
_BYLINE_RE = re.compile(
    rf"[ \t*_]*(?i:by)[ \t]+[^\n]{{1,80}}?[,|•·—–-][ \t]*(?:{_WEEKDAY})?(?P<date>{_DATE_SPAN})"
)
_HEAD_LINES = 5
_HEAD_LINE_CHARS = 300


def dateline_date(text: str) -> dt.date | None:
    """The full date of a dateline at the head of the text, or None. Never raises.

    Looks at the first few non-empty lines only, for a line that opens with an
    optional place ("NEW DELHI,", "GYEONGJU, South Korea,"), then a full date with
    a year, then a dash, colon or agency mark ("Jan. 5, 2026 (Reuters) -"); or a
    "Published: <date>" line, a line that is only a date (and time), or a byline
    with a date ("By Ana Lima | March 6, 2026"). Without a year it is not a full date.
    """
    try:
        lines = 0
        for line in text[:8192].split("\n"):
            if not line.strip():
                continue
            head = line[:_HEAD_LINE_CHARS]
            m = (
                _DATELINE_RE.match(head)
                or _PUBLISHED_RE.match(head)
                or _DATE_ONLY_RE.fullmatch(head)
                or _BYLINE_RE.match(head)
            )
            if m:
                found = parse_date(m.group("date"))
                if found:
                    return found
            lines += 1
            if lines >= _HEAD_LINES:
                break
    except Exception:  # noqa: BLE001 - text is untrusted input
        return None
    return None


# ---------------------------------------------------------------------------
# front matter


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe YAML that keeps timestamps as written (so a date is never shifted to UTC)."""


_FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FM_OPEN = re.compile(r"---[ \t]*\n")
_FM_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$\n?", re.M)
_FM_LINE = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(metadata, body) for text that may open with YAML front matter. Never raises.

    Invalid YAML falls back to simple `key: value` lines (titles with a colon in
    them are the usual culprit); a block that is neither is left in the text.
    """
    try:
        return _split_front_matter(text)
    except Exception:  # noqa: BLE001 - text is untrusted input
        return {}, text


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    m = _FM_OPEN.match(text)
    if not m:
        return {}, text
    close = _FM_CLOSE.search(text, m.end(), _FRONT_MATTER_MAX)
    if not close:
        return {}, text
    head, body = text[m.end() : close.start()], text[close.end() :]
    try:
        meta = yaml.load(head, Loader=_FrontMatterLoader)  # noqa: S506 - a safe loader
    except Exception:  # noqa: BLE001 - any YAML failure: try plain key: value lines
        meta = _key_value_lines(head)
        if meta is None:
            return {}, text
    if meta is None:
        return {}, body
    if not isinstance(meta, dict):
        return {}, text
    return {str(k).strip().lower(): v for k, v in meta.items()}, body


def _key_value_lines(head: str) -> dict[str, Any] | None:
    meta: dict[str, Any] = {}
    for line in head.split("\n"):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _FM_LINE.fullmatch(line.strip())
        if not m:
            return None
        value = m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        meta[m.group(1)] = value
    return meta or None


# ---------------------------------------------------------------------------
# documents from records (front matter, JSON objects, CSV rows)


def _scalar(value: object) -> str | None:
    """A metadata value as clean text, or None (nested structures are ignored)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float, dt.date)):
        s = " ".join(str(value).split())
        return s or None
    if isinstance(value, dict):  # e.g. "source": {"id": ..., "name": "..."}
        return _scalar(value.get("name"))
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return _scalar(", ".join(value))
    return None


def _first(record: dict[str, Any], names: Sequence[str]) -> Any:
    for name in names:
        value = record.get(name)
        if value is not None and value != "":
            return value
    return None


def _document(
    doc_id: str, text: str, meta: dict[str, Any], opts: _Options, *, date: Any = None
) -> Document | Skip:
    """The one place a Document is made: text tidied, DCT chosen by precedence."""
    if _STRAY_CONTROL.search(text):  # e.g. a newswire's end-of-text mark, \x03
        text = _STRAY_CONTROL.sub(" ", text)
    text = text.strip()
    if not text:
        return Skip(doc_id, "empty")
    found = parse_date(date if date is not None else _first(meta, _DATE_FIELDS))
    source = "metadata" if found else None
    if found is None:
        found = dateline_date(text)
        source = "dateline" if found else None
    if found is None and opts.default_date is not None:
        found, source = opts.default_date, "option"
    fields: dict[str, Any] = {
        "doc": doc_id,
        "text": text,
        "title": _scalar(meta.get("title")),
        "date": found,
        "date_source": source,
        "source": _scalar(meta.get("source")),
        "url": _scalar(meta.get("url")),
    }
    for extra in ("author", "id"):  # carried when the Document model has a slot for them
        if extra in _DOC_FIELDS:
            fields[extra] = _scalar(meta.get(extra))
    return Document(**fields)


def _text_document(doc_id: str, text: str, opts: _Options) -> Document | Skip:
    meta, body = split_front_matter(text)
    return _document(doc_id, body, meta, opts)


def _text_fields(opts: _Options) -> tuple[str, ...]:
    """Where a record's text is looked for: the chosen column, or the usual names."""
    chosen = opts.text_column.strip().lower()
    return _TEXT_FIELDS if chosen == "text" else (chosen,)


def _record_document(doc_id: str, record: dict[str, Any], opts: _Options) -> Document | Skip:
    """One JSON object or CSV row; a failure here skips this record, not the whole file."""
    try:
        return _record_document_unguarded(doc_id, record, opts)
    except Exception as e:  # noqa: BLE001 - one odd record must not end a 2 GB stream
        return Skip(doc_id, _describe(e))


def _record_document_unguarded(
    doc_id: str, record: dict[str, Any], opts: _Options
) -> Document | Skip:
    lowered: dict[str, Any] = {}
    for k, v in record.items():
        lowered.setdefault(str(k).strip().lower(), v)
    names = _text_fields(opts)
    value = _first(lowered, names)
    if value is None:
        return Skip(doc_id, f"no text (tried fields: {', '.join(names)})")
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "\n\n".join(value)  # a list of paragraphs
    if not isinstance(value, str):
        return Skip(doc_id, f"the text field is a JSON {_json_type(value)}, not a string")
    text = _with_dateline(_markup_to_text(_normalize(value)), lowered.get("dateline"))
    return _document(doc_id, text, lowered, opts)


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


_MARKUP = re.compile(r"</(?:p|div|li|h[1-6]|span|a|em|strong|b|i|blockquote)\s*>", re.I)
_BLOCK_TAGS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "ul", "ol",
    "table", "section", "article", "header", "footer", "figure", "figcaption", "pre",
)  # fmt: skip
_BLANK_LINES = re.compile(r"\n{3,}")
_HTML_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _markup_to_text(text: str) -> str:
    """A text field holding HTML (CMS exports, scraper dumps) -> its text, paragraphs kept."""
    if not _MARKUP.search(text[:20_000]):
        return text
    try:
        return _html_fragment_text(_STRAY_CONTROL.sub(" ", text))
    except Exception:  # noqa: BLE001 - markup lxml cannot take: keep the text as it is
        return text


def _html_fragment_text(text: str) -> str:
    from lxml import html as lxml_html

    root = lxml_html.fragment_fromstring(text, create_parent="div")
    for el in list(root.iter("script", "style", "noscript")):
        el.drop_tree()
    for el in root.iter("br"):
        el.tail = "\u2028" + (el.tail or "")
    for el in root.iter(*_BLOCK_TAGS):
        el.text = "\u2029" + (el.text or "")
        el.tail = "\u2029" + (el.tail or "")
    flat = _HTML_SPACE.sub(" ", root.text_content())
    flat = flat.replace("\u2029", "\n\n").replace("\u2028", "\n")
    lines = [line.strip() for line in flat.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _json_documents(doc_id: str, text: str, opts: _Options) -> Iterator[Document | Skip]:
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
        has_text = any(str(k).strip().lower() in _text_fields(opts) for k in data)
        wrapped = None if has_text else _first(data, _WRAPPER_FIELDS)
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
    doc_id: str, stream: Iterable[str], opts: _Options
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
    doc_id: str, stream: IO[str], opts: _Options, *, tab: bool = False
) -> Iterator[Document | Skip]:
    global _csv_limit_raised
    if not _csv_limit_raised:
        csv.field_size_limit(2**31 - 1)  # articles are long; the default 128 KiB is not
        _csv_limit_raised = True
    first = stream.readline()
    while first and not first.strip():
        first = stream.readline()
    if not first:
        yield Skip(doc_id, "empty")
        return
    first = first.lstrip("\ufeff")
    names = _text_fields(opts)
    delimiter = "\t" if tab else _pick_delimiter(first, names)
    rows = csv.reader(itertools.chain([first], stream), delimiter=delimiter)
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


# ---------------------------------------------------------------------------
# HTML

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)[\s>]", re.I | re.S)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ")
_PROSE_TAGS = {"p", "quote", "code", "div", ""}
_SENTENCE_END = re.compile(r"[.!?。！？…]")
_MIN_SENTENCE = 30


def _looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))


def _quiet_trafilatura() -> None:
    """trafilatura logs warnings about odd pages; a skipped page is reported by us instead."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.ERROR)


def _html_document(doc_id: str, data: bytes, opts: _Options) -> Document | Skip:
    html = _decode(data, html=True)
    import trafilatura  # lazy: a folder of text files never pays for it
    from trafilatura.utils import load_html

    _quiet_trafilatura()
    tree = load_html(html)
    if tree is None:
        return Skip(doc_id, "no article text found in the HTML")
    meta = _html_metadata(tree)  # before extraction, which prunes the tree
    result = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    if result is None:
        return Skip(doc_id, "no article text found in the HTML")
    raw_title = meta.get("title")
    better = getattr(result, "title", None)
    title, site = _choose_title(raw_title, better)
    blocks = _body_blocks(getattr(result, "body", None))
    if blocks is None:
        plain = getattr(result, "text", None) or ""
        blocks = [("p", line.strip()) for line in plain.split("\n") if line.strip()]
    if not _has_prose(blocks):
        return Skip(doc_id, "no article text found in the HTML")
    if blocks and _same_text(blocks[0][1], title, better, raw_title, meta.get("og:title")):
        blocks = blocks[1:]  # the headline is the title, not body text
    text = "\n\n".join(block for _, block in blocks)
    fields = {
        "title": title,
        "source": meta.get("site") or site,
        "url": meta.get("url") or getattr(result, "url", None),
        "author": meta.get("author") or getattr(result, "author", None),
    }
    return _document(doc_id, text, fields, opts, date=meta.get("date"))


def _has_prose(blocks: list[tuple[str, str]]) -> bool:
    """An article has at least one sentence; menus and link lists have none."""
    return any(
        len(line) >= _MIN_SENTENCE and _SENTENCE_END.search(line)
        for tag, text in blocks
        if tag in _PROSE_TAGS
        for line in text.split("\n")
    )


def _same_text(block: str, *titles: str | None) -> bool:
    key = " ".join(block.split()).casefold()
    return any(t and key == " ".join(t.split()).casefold() for t in titles)


def _choose_title(raw: str | None, better: str | None) -> tuple[str | None, str | None]:
    """(<title>, site name): " | Site" suffixes go only when trafilatura found the bare title."""
    better = " ".join(better.split()) if better else None
    if not raw:
        return better, None
    if better and better != raw:
        for sep in _TITLE_SEPARATORS:
            if raw.startswith(better + sep):
                return better, raw[len(better) + len(sep) :].strip() or None
            if raw.endswith(sep + better):
                return better, raw[: -len(better) - len(sep)].strip() or None
    return raw, None


def _clean(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())
    return s or None


def _html_metadata(tree: Any) -> dict[str, Any]:
    """Title, publication date, site, url, author from <head>, by the documented precedence."""
    metas: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = _clean(m.get("content"))
        if key and content:
            metas.setdefault(key, content)
    title_el = next(tree.iter("title"), None)
    title = _clean(title_el.text_content()) if title_el is not None else None
    ld = _json_ld(tree)
    times = [
        t.get("datetime")
        for t in tree.iter("time")
        if t.get("datetime") and (t.get("itemprop") == "datePublished" or "pubdate" in t.attrib)
    ] + [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    date_candidates = [
        metas.get("article:published_time"),
        metas.get("date"),
        ld.get("datePublished"),
        metas.get("og:article:published_time"),
        metas.get("datepublished"),
        metas.get("pubdate"),
        metas.get("publishdate"),
        metas.get("dc.date.issued"),
        metas.get("dc.date"),
        metas.get("dcterms.created"),
        metas.get("parsely-pub-date"),
        metas.get("sailthru.date"),
        *times,
    ]
    date = next((d for d in (parse_date(c) for c in date_candidates if c) if d), None)
    url = None
    for link in tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            url = link.get("href").strip()
            break
    return {
        "title": title or metas.get("og:title") or _clean(ld.get("headline")),
        "og:title": metas.get("og:title"),
        "date": date,
        "site": metas.get("og:site_name") or _clean(ld.get("publisher")),
        "url": url or metas.get("og:url"),
        "author": metas.get("author") or metas.get("article:author"),
    }


def _json_ld(tree: Any) -> dict[str, Any]:
    """datePublished / headline / publisher name from the page's JSON-LD, if any."""
    found: dict[str, Any] = {}

    def visit(node: Any, depth: int) -> None:
        if depth > 8:
            return
        if isinstance(node, list):
            for item in node[:50]:
                visit(item, depth + 1)
        elif isinstance(node, dict):
            for key in ("datePublished", "headline"):
                if key not in found and isinstance(node.get(key), str):
                    found[key] = node[key]
            publisher = node.get("publisher")
            if "publisher" not in found and isinstance(publisher, dict):
                name = publisher.get("name")
                if isinstance(name, str):
                    found["publisher"] = name
            visit(node.get("@graph"), depth + 1)

    for script in tree.iter("script"):
        if "ld+json" not in (script.get("type") or "").lower():
            continue
        try:
            visit(json.loads(script.text or ""), 0)
        except (ValueError, RecursionError):
            continue
    return found


def _inline_text(el: Any) -> str:
    """Text of an element with inline markup joined and <lb/> kept as a line break."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        elif isinstance(child.tag, str):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _tidy(text: str) -> str:
    """Spaces collapsed per line; a blank line (<br><br>) stays a paragraph break."""
    lines = "\n".join(" ".join(line.split()) for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", lines).strip("\n")


def _body_blocks(body: Any) -> list[tuple[str, str]] | None:
    """trafilatura's body tree -> (tag, text) blocks, one per paragraph/heading/list/table."""
    if body is None:
        return None
    blocks: list[tuple[str, str]] = []
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "list":
            text = "\n".join(_tidy(_inline_text(item)) for item in el.iter("item"))
        elif tag == "table":
            rows = []
            for row in el.iter("row"):
                cells = [_tidy(_inline_text(c)).replace("\n", " ") for c in row if c.tag == "cell"]
                rows.append(" | ".join(c for c in cells if c))
            text = "\n".join(r for r in rows if r)
        else:
            text = _tidy(_inline_text(el))
        text = _tidy(text)
        if text:
            blocks.append((tag, text))
    return blocks
