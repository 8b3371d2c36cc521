"""Metadata -> Document: YAML front matter, record fields, and the one place a
Document is made (text tidied, publication date chosen by precedence)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from tradenews.document import Document, Skip
from tradenews.io.clean import STRAY_CONTROL, replace_surrogates, tame_runs, unwrap_lines
from tradenews.io.decode import MAX_DECOMPRESSED
from tradenews.io.pubdate import dateline_date, parse_date

TEXT_FIELDS = ("text", "body", "content")
DATE_FIELDS = (
    "date",
    "published",
    "publish_date",
    "published_at",
    "publication_date",
    "date_published",
    "datepublished",
    "pubdate",
)
#: Front matter must close within this many characters of the start.
_FRONT_MATTER_MAX = 64 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """What the command line tells the reader: the fallback date, the text column."""

    default_date: dt.date | None = None
    text_column: str = "text"
    #: Bytes a compressed input may decompress to (None: no limit).
    max_decompressed: int | None = MAX_DECOMPRESSED
    #: The record field that names a document (None: ids are positional, `path#N`).
    id_field: str | None = None
    #: Ids taken from records' `id` fields so far in the run (each may be used once).
    ids_seen: set[str] = field(default_factory=set, compare=False, hash=False)

    def text_fields(self) -> tuple[str, ...]:
        """Where a record's text is looked for: the chosen column, or the usual names."""
        chosen = self.text_column.strip().lower()
        return TEXT_FIELDS if chosen == "text" else (chosen,)


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
    """(metadata, body) for text that may open with YAML front matter.

    Invalid YAML falls back to simple `key: value` lines (titles with a colon in
    them are the usual culprit); a block that is neither is left in the text.
    Metadata keys are lower-cased.
    """
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


def scalar(value: object) -> str | None:
    """A metadata value as clean text, or None (nested structures are ignored)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int, float, dt.date)):
        s = " ".join(str(value).split())
        return s or None
    if isinstance(value, dict):  # e.g. "source": {"id": ..., "name": "..."}
        return scalar(value.get("name"))
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return scalar(", ".join(value))
    return None


def first(record: dict[str, Any], names: Sequence[str]) -> Any:
    for name in names:
        value = record.get(name)
        if value is not None and value != "":
            return value
    return None


def make_document(
    doc_id: str,
    text: str,
    meta: dict[str, Any],
    opts: ReadOptions,
    *,
    date: Any = None,
    warnings: Sequence[str] = (),
) -> Document | Skip:
    """The one place a Document is made: text tidied, DCT chosen by precedence."""
    notes = list(warnings)
    text, bad = replace_surrogates(text)
    if STRAY_CONTROL.search(text):  # e.g. a newswire's end-of-text mark, \x03
        text = STRAY_CONTROL.sub(" ", text)
    text = unwrap_lines(tame_runs(text.strip()).strip())
    if not text and not has_title(meta):
        return Skip(doc_id, "empty")
    found = parse_date(date if date is not None else first(meta, DATE_FIELDS))
    source = "metadata" if found else None
    if found is None:
        found = dateline_date(text)
        source = "dateline" if found else None
    if found is None and opts.default_date is not None:
        found, source = opts.default_date, "option"
    fields = {name: scalar(meta.get(name)) for name in ("title", "source", "url")}
    for name, value in fields.items():
        if value is not None:
            value, n = replace_surrogates(value)
            fields[name], bad = tame_runs(value), bad + n
    if bad:
        notes.append(f"replaced {bad} invalid character{'s' if bad > 1 else ''} (lone surrogates)")
    return Document(
        doc=doc_id, text=text, date=found, date_source=source, warnings=tuple(notes), **fields
    )


def has_title(meta: dict[str, Any]) -> bool:
    """A headline alone is an article too (wire BRIEFs, headline feeds): it is analyzed."""
    title = scalar(meta.get("title"))
    return title is not None and bool(title.strip())


def record_id(default: str, meta: dict[str, Any], opts: ReadOptions) -> tuple[str, str | None]:
    """(document id, warning): the record's `--id-field` value when asked for, else `default`.

    Positional ids (`path#N`) are the contract's default: scripts and scorers join on
    them. A user who wants rows to join back to their own data names the field.

    An id is used once per run, so that output rows stay joinable: a repeat keeps
    the positional id and says so.
    """
    if opts.id_field is None:
        return default, None
    value = scalar(meta.get(opts.id_field.strip().lower()))
    if value is None:
        return default, None
    value = replace_surrogates(value)[0]
    if value in opts.ids_seen:
        return default, f"its id {value!r} is taken by an earlier document; kept as {default}"
    opts.ids_seen.add(value)
    return value, None


def text_document(doc_id: str, text: str, opts: ReadOptions) -> Document | Skip:
    """A plain-text file (or stdin): optional front matter, then the body."""
    meta, body = split_front_matter(text)
    return make_document(doc_id, body, meta, opts)
