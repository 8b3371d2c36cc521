"""HTML -> Document: the article's main text (trafilatura), its title and metadata.

Navigation, menus, "related articles", footers and scripts are not part of the
text; <head> metadata (Open Graph, JSON-LD, <time>) gives the title, date, site
and canonical URL. Also: HTML markup inside a JSON/CSV text field -> plain text.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from tradenews.document import Document, Skip
from tradenews.io.decode import STRAY_CONTROL, decode
from tradenews.io.metadata import ReadOptions, make_document
from tradenews.io.pubdate import parse_date

_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head)[\s>]", re.I | re.S)
_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ")
_PROSE_TAGS = {"p", "quote", "code", "div", ""}
_SENTENCE_END = re.compile(r"[.!?。！？…]")
_MIN_SENTENCE = 30


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:2048]))


def _quiet_trafilatura() -> None:
    """trafilatura logs warnings about odd pages; a skipped page is reported by us instead."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logger = logging.getLogger(name)
        if logger.level == logging.NOTSET:
            logger.setLevel(logging.ERROR)


def html_document(doc_id: str, data: bytes, opts: ReadOptions) -> Document | Skip:
    """An HTML page -> its article (or a Skip when the page has no article text)."""
    html = decode(data, html=True)
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
    }
    return make_document(doc_id, text, fields, opts, date=meta.get("date"))


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
    """Title, publication date, site and url from <head>, by the documented precedence."""
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


_MARKUP = re.compile(r"</(?:p|div|li|h[1-6]|span|a|em|strong|b|i|blockquote)\s*>", re.I)
_BLOCK_TAGS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "ul", "ol",
    "table", "section", "article", "header", "footer", "figure", "figcaption", "pre",
)  # fmt: skip
_BLANK_LINES = re.compile(r"\n{3,}")
_HTML_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def markup_to_text(text: str) -> str:
    """A text field holding HTML (CMS exports, scraper dumps) -> its text, paragraphs kept."""
    if not _MARKUP.search(text[:20_000]):
        return text
    try:
        return _html_fragment_text(STRAY_CONTROL.sub(" ", text))
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
