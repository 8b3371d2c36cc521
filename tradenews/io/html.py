"""HTML -> Document: the article's main text (trafilatura), its title and metadata.

Navigation, menus, "related articles", footers and scripts are not part of the
text; <head> metadata (Open Graph, JSON-LD, <time>) gives the title, date, site
and canonical URL. Also: HTML markup inside a JSON/CSV text field -> plain text.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from tradenews.document import Document, Skip
from tradenews.io.clean import STRAY_CONTROL
from tradenews.io.decode import decode, normalize
from tradenews.io.htmlmeta import choose_title, page_chrome, page_metadata, same_text
from tradenews.io.metadata import ReadOptions, make_document

# An HTML page (or XHTML: an XML declaration first) opens with one of these tags.
_HTML_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    r"<(?:!doctype\s+html|html|head|body|meta|title)[\s>/]",
    re.I | re.S,
)
#: Scripts, styles and attribute values larger than this (characters) are dropped
#: before parsing: never article text, and libxml2 refuses nodes over 10 MB.
_BIG_NODE = 1_000_000
#: Pages longer than this (characters, after the above is dropped) are parsed without
#: libxml2's 10 MB limits, so a paragraph of more than 10 MB is kept whole.
_HUGE_PAGE = 9_000_000
_BIG_ELEMENT = re.compile(r"<(script|style|noscript|template)\b", re.I)
_BIG_ATTRIBUTE = re.compile(rf"""=\s*(?:"[^"]{{{_BIG_NODE},}}"|'[^']{{{_BIG_NODE},}}')""")
#: A parsed tree this deep was cut off by libxml2's limit (256 levels; see _flatten).
_DEPTH_CUT = 255
_KEPT_TAGS = (
    "html|head|title|meta|link|base|body|article|main|header|footer|nav|aside|p|h[1-6]|"
    "ul|ol|li|dl|dt|dd|table|thead|tbody|tfoot|tr|td|th|caption|script|style|noscript|"
    "template|a|br|hr|img|figure|figcaption|time|pre|code|blockquote|q|sup|sub"
)
_WRAPPER_TAG = re.compile(rf"</?(?!(?:{_KEPT_TAGS})[\s/>])([a-zA-Z][\w:-]*)[^>]*>")
_BLOCK_WRAPPERS = {"div", "center", "section", "form", "fieldset", "details", "summary"}
#: Teaser lists (related stories, "read more"): at least this many linked items.
_TEASERS_MIN = 3
_TEASER_MAX_CHARS = 600
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


def _defuse(html: str) -> str:
    """Drop huge scripts, styles and attribute values (inline images): never article text."""
    if len(html) <= _BIG_NODE:
        return html
    lower = html.lower()
    pieces, pos = [], 0
    for m in _BIG_ELEMENT.finditer(html):
        if m.start() < pos:
            continue
        close = lower.find(f"</{m.group(1).lower()}", m.end())
        end = len(html) if close < 0 else lower.find(">", close) + 1 or len(html)
        if end - m.start() > _BIG_NODE:
            pieces.append(html[pos : m.start()])
            pos = end
    html = "".join(pieces) + html[pos:]
    return _BIG_ATTRIBUTE.sub('=""', html)


def _parse(html: str) -> Any:
    """The page's tree: trafilatura's parser, or for a huge page one without size limits."""
    from trafilatura.utils import load_html

    if len(html) <= _HUGE_PAGE:
        return load_html(html)
    from lxml.html import HTMLParser, fromstring

    parser = HTMLParser(
        collect_ids=False,
        default_doctype=False,
        encoding="utf-8",
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
    )
    return fromstring(html.encode("utf-8", "replace"), parser=parser)


def _depth(tree: Any) -> int:
    """How deep the page's elements nest."""
    from lxml import etree

    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _flatten(html: str) -> str:
    """The page without its wrapper and styling tags (<div>, <font>, <span>, <center>,
    <b> ...): pages that nest them hundreds deep (unclosed <font>s, generated <div>s)
    pass libxml2's depth limit, which drops everything below it, the article too.
    Paragraphs, headings, lists, tables and the page's regions stay."""
    return _WRAPPER_TAG.sub(lambda m: " " if m[1].lower() in _BLOCK_WRAPPERS else "", html)


def _drop_teasers(tree: Any) -> None:
    """Remove lists of teasers (related stories, "read more"): links to other articles.

    A teaser is a short item whose text is nearly all link text or whose heading is
    a link; three or more sibling teasers are a list, never the article.
    """
    doomed = []
    for parent in tree.iter("ul", "ol", "section", "div", "aside"):
        items = [c for c in parent if c.tag in ("li", "article", "div")]
        teasers = [c for c in items if _is_teaser(c)]
        if len(teasers) >= _TEASERS_MIN and len(teasers) * 3 >= len(items) * 2:
            doomed.extend(teasers)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _is_teaser(el: Any) -> bool:
    text = " ".join(el.text_content().split())
    if not text or len(text) > _TEASER_MAX_CHARS:
        return False
    links = list(el.iter("a"))
    if not links:
        return False
    linked = sum(len(" ".join(a.text_content().split())) for a in links)
    if linked >= 0.8 * len(text):
        return True
    headings = el.iter("h1", "h2", "h3", "h4", "h5", "h6")
    return any(h.find(".//a") is not None or h.getparent().tag == "a" for h in headings)


def html_document(doc_id: str, data: bytes, opts: ReadOptions) -> Document | Skip:
    """An HTML page -> its article (or a Skip when the page has no article text)."""
    html = _defuse(decode(data, html=True))
    import trafilatura  # lazy: a folder of text files never pays for it

    _quiet_trafilatura()
    tree = _parse(html)
    if tree is not None and _depth(tree) >= _DEPTH_CUT:
        tree = _parse(_flatten(html))  # libxml2 stopped at its depth limit: the rest is lost
    if tree is None:
        return Skip(doc_id, "no article text found in the HTML")
    meta = page_metadata(tree)  # before extraction, which prunes the tree
    chrome = page_chrome(tree)
    _drop_teasers(tree)
    result = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )
    better = getattr(result, "title", None) if result is not None else None
    declared = [meta.get("og:title"), meta.get("headline")]
    title, site = choose_title(meta.get("title"), better, declared, meta["sites"], chrome)
    blocks = _article_blocks(result, meta.get("article_body"))
    if not _has_prose(blocks):
        return Skip(doc_id, "no article text found in the HTML")
    if blocks and same_text(blocks[0][1], title, better, meta.get("title"), meta.get("og:title")):
        blocks = blocks[1:]  # the headline is the title, not body text
    text = "\n\n".join(block for _, block in blocks)
    fields = {
        "title": title,
        "source": meta.get("site") or site,
        "url": meta.get("url") or getattr(result, "url", None),
    }
    return make_document(doc_id, text, fields, opts, date=meta.get("date"))


def _article_blocks(result: Any, article_body: str | None) -> list[tuple[str, str]]:
    """The visible article's blocks, or JSON-LD articleBody's when the page shows less.

    Pages that render the story with JavaScript show a lead or a caption and keep
    the whole text in their structured data.
    """
    blocks = _body_blocks(getattr(result, "body", None)) if result is not None else None
    if blocks is None:
        plain = (getattr(result, "text", None) or "") if result is not None else ""
        blocks = [("p", line.strip()) for line in plain.split("\n") if line.strip()]
    if not article_body:
        return blocks
    body = markup_to_text(normalize(article_body))
    paragraphs = [("p", _tidy(p)) for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
    visible = "".join("".join(text.split()) for _, text in blocks)
    structured = "".join("".join(text for _, text in paragraphs).split())
    if len(structured) > 1.5 * len(visible) or structured == visible:
        return paragraphs
    return blocks


def _has_prose(blocks: list[tuple[str, str]]) -> bool:
    """An article has at least one sentence; menus and link lists have none."""
    return any(
        len(line) >= _MIN_SENTENCE and _SENTENCE_END.search(line)
        for tag, text in blocks
        if tag in _PROSE_TAGS
        for line in text.split("\n")
    )


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
