"""Bytes -> text: compression seen through, encodings detected, binary refused.

UTF-8 (with or without BOM), UTF-16/32 with BOM, UTF-16 without BOM, Windows-1252
and, failing those, statistical detection (charset-normalizer). A file that is
not text raises `Unreadable` with the reason.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import itertools
import lzma
import re
from typing import IO, Any, cast

from tradenews.counts import counted
from tradenews.io.errors import Unreadable

#: Bytes read up front to decide encoding / binary-ness of a streamed file.
SNIFF = 64 * 1024


#: Bytes one compressed file may decompress to, by default (1 GiB): a defence against
#: decompression bombs (a few MB of gzip that expand to many GB).
MAX_DECOMPRESSED = 1 << 30
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


#: The first bytes of each compression read (zstd: named, read where Python can).
COMPRESSION_MAGIC = (b"\x1f\x8b", b"BZh", b"\xfd7zXZ\x00", ZSTD_MAGIC)


def compressed_by_magic(path: str) -> bool:
    """Whether a file starts like compressed data (whatever its name says)."""
    with open(path, "rb") as fh:
        return fh.read(6).startswith(COMPRESSION_MAGIC)


def decompressed(fh: IO[bytes], limit: int | None = MAX_DECOMPRESSED) -> IO[bytes]:
    """Transparently decompress gzip / bzip2 / xz, recognised by their magic bytes.

    At most `limit` bytes (None: no limit) come out of a compressed stream; past
    that, reading raises Unreadable, so a bomb costs a bounded time and memory.
    """
    head = fh.read(6)
    if fh.seekable():
        fh.seek(0)
    else:  # a pipe: replay the bytes already read
        fh = io.BufferedReader(Prefixed(head, fh))
    inner: IO[bytes]
    if head.startswith(b"\x1f\x8b"):
        inner = cast(IO[bytes], gzip.GzipFile(fileobj=fh, mode="rb"))
    elif head.startswith(b"BZh") and len(head) >= 4 and head[3:4].isdigit():
        inner = cast(IO[bytes], bz2.BZ2File(fh, mode="rb"))
    elif head.startswith(b"\xfd7zXZ\x00"):
        inner = cast(IO[bytes], lzma.LZMAFile(fh, mode="rb"))
    elif head.startswith(ZSTD_MAGIC):
        inner = _zstd_reader(fh)
    else:
        return fh
    return inner if limit is None else io.BufferedReader(_Capped(inner, limit))


def _zstd_reader(fh: IO[bytes]) -> IO[bytes]:
    """Zstandard, where this Python reads it (3.14's compression.zstd); else a skip."""
    try:
        from compression import zstd  # type: ignore[import-not-found]
    except ImportError:
        raise Unreadable(
            "zstd-compressed, which this Python cannot read; decompress it first (zstd -d)"
        ) from None
    return cast(IO[bytes], zstd.ZstdFile(fh, mode="rb"))  # pragma: no cover


def size_text(n: int) -> str:
    """A byte count as people write it: 1 GiB, 500 MiB, 64 KiB."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:g} {unit}"
    return counted(n, "byte")


def too_large(limit: int) -> str:
    """The reason an input is skipped at the --max-decompressed limit."""
    return (
        f"decompresses to more than {size_text(limit)} "
        "(a decompression bomb?); the limit can be raised (--max-decompressed)"
    )


class _Capped(io.RawIOBase):
    """A decompressed stream that refuses to give more than `limit` bytes."""

    def __init__(self, inner: IO[bytes], limit: int) -> None:
        self._inner = inner
        self._left = limit
        self._limit = limit

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        data = self._inner.read(min(len(b), self._left + 1))
        if len(data) > self._left:
            raise Unreadable(too_large(self._limit))
        self._left -= len(data)
        b[: len(data)] = data
        return len(data)


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
# Control characters that mark binary data; SOH/STX/ETX/EOT (\x01-\x04) frame newswire
# items and are not counted.
_CONTROL = re.compile(r"[\x00\x05-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{2,40})""", re.I
)


def normalize(text: str) -> str:
    """Newlines to \\n; a leading BOM dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def check_text(text: str) -> None:
    """Reject decoded 'text' that is really binary (many control characters)."""
    sample = text[:SNIFF]
    if not _few_nuls(sample.count("\x00"), len(sample)):
        raise Unreadable("binary file")
    if len(_CONTROL.findall(sample)) > max(1, len(sample) // 50):
        raise Unreadable("binary file")


def _few_nuls(nuls: int, size: int) -> bool:
    """A stray NUL or two in a long text (a corrupt line) is not a binary file."""
    return nuls == 0 or (size >= 1000 and nuls <= size // 1000)


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


def errors_for(codec: str) -> str:
    return _FALLBACK if codec in ("utf-8", "utf-8-sig") else "replace"


def _mostly_utf8(sample: bytes) -> bool:
    """Invalid UTF-8, but with more well-formed multibyte characters than bad bytes."""
    good = sum(1 for _ in itertools.islice(_UTF8_MULTIBYTE.finditer(sample), 10_000))
    if not good:
        return False
    bad = sample.decode("utf-8", errors="replace").count("\ufffd") - sample.count(b"\xef\xbf\xbd")
    return bad <= good


def sniff_encoding(sample: bytes, *, html: bool = False) -> str:
    """The codec for bytes starting with `sample`; raises Unreadable for binary."""
    for bom, codec in _BOMS:
        if sample.startswith(bom):
            return codec
    for magic, reason in _MAGIC:
        if sample.startswith(magic):
            raise Unreadable(reason)
    if b"\x00" in sample:
        utf16 = _utf16_without_bom(sample)
        if utf16 is not None:
            return utf16
        if not _few_nuls(sample.count(0), len(sample)):
            raise Unreadable("binary file")
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
        raise Unreadable("binary file")
    return best.encoding


def decode(data: bytes, *, html: bool = False) -> str:
    """Bytes of a whole file -> normalized text; Unreadable if empty or binary."""
    if not data.strip():
        raise Unreadable("empty")
    codec = sniff_encoding(data[:SNIFF], html=html)
    text = normalize(data.decode(codec, errors=errors_for(codec)))
    check_text(text)
    if not text.strip():
        raise Unreadable("empty")
    return text


class Prefixed(io.RawIOBase):
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


def text_stream(raw: IO[bytes], *, newline: str = "") -> IO[str]:
    """A streamed, decoded view of a (possibly huge) file: encoding sniffed up front.

    `newline` as for `open`: "" for CSV (the csv module finds records itself), "\\n"
    for JSON Lines (a raw CR inside a line does not end it).
    """
    sample = raw.read(SNIFF)
    if not sample.strip():
        raise Unreadable("empty")
    codec = sniff_encoding(sample)
    errors = errors_for(codec)
    check_text(sample.decode(codec, errors=errors))
    buffered = io.BufferedReader(Prefixed(sample, raw), buffer_size=SNIFF)
    return io.TextIOWrapper(buffered, encoding=codec, errors=errors, newline=newline)
