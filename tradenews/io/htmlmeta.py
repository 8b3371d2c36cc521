"""An HTML page's metadata: title (without the site's name), date, site, URL, JSON-LD.

Read from <head> (Open Graph, <meta>, canonical link), JSON-LD (NewsArticle:
datePublished, headline, publisher, articleBody) and <time> elements, by the
precedence documented in docs/input-formats.md.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from tradenews.io.pubdate import parse_date

_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " :: ", " · ", " • ")
_TITLE_SPLIT = re.compile(r"(\s+(?:\||-|–|—|::|·|•)\s+)")
_DATE_SEGMENT = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")
#: A segment of a <title> longer than this is a headline, never a site name.
_SITE_WORDS = 6
_DATE_KEYS = (
    "article:published_time",
    "date",
    "ld:datePublished",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
)


def clean(value: object) -> str | None:
    """A metadata string with its whitespace collapsed, or None."""
    if not isinstance(value, str):
        return None
    s = " ".join(value.split())
    return s or None


def page_metadata(tree: Any) -> dict[str, Any]:
    """Title, publication date, site, url and JSON-LD articleBody, by the documented precedence."""
    metas: dict[str, str] = {}
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").strip().lower()
        content = clean(m.get("content"))
        if key and content:
            metas.setdefault(key, content)
    ld = _json_ld(tree)
    for key, value in ld.items():
        metas.setdefault(f"ld:{key}", value)
    title_el = next(tree.iter("title"), None)
    title = clean(title_el.text_content()) if title_el is not None else None
    times = [
        t.get("datetime")
        for t in tree.iter("time")
        if t.get("datetime") and (t.get("itemprop") == "datePublished" or "pubdate" in t.attrib)
    ] + [t.get("datetime") for t in tree.iter("time") if t.get("datetime")]
    candidates = [metas.get(k) for k in _DATE_KEYS] + times
    date = next((d for d in (parse_date(c) for c in candidates if c) if d), None)
    url = None
    for link in tree.iter("link"):
        if (link.get("rel") or "").strip().lower() == "canonical" and link.get("href"):
            url = link.get("href").strip()
            break
    return {
        "title": title or metas.get("og:title") or clean(ld.get("headline")),
        "og:title": metas.get("og:title"),
        "headline": clean(ld.get("headline")),
        "date": date,
        "site": metas.get("og:site_name") or clean(ld.get("publisher")),
        "sites": _site_names(metas, url or metas.get("og:url")),
        "url": url or metas.get("og:url"),
        "article_body": ld.get("articleBody"),
    }


def _site_names(metas: dict[str, str], url: str | None) -> set[str]:
    """Keys of the names a page's site goes by: og:site_name, publisher, its host name."""
    names = {
        metas.get("og:site_name"),
        metas.get("application-name"),
        metas.get("ld:publisher"),
        (metas.get("twitter:site") or "").lstrip("@"),
    }
    keys = {_key(n) for n in names if n}
    if url:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        if host:
            keys.add(_key(host.split(".")[0]))
            keys.add(_key(host))
    return {k for k in keys if k}


def _key(name: str) -> str:
    """Letters and digits only, lower case, without a leading "the": "The Planetary Press"."""
    key = re.sub(r"[\W_]+", "", name.casefold())
    return key.removeprefix("the") if len(key) > 6 else key


def _json_ld(tree: Any) -> dict[str, Any]:
    """datePublished / headline / publisher name / articleBody from the page's JSON-LD."""
    found: dict[str, Any] = {}

    def visit(node: Any, depth: int) -> None:
        if depth > 8:
            return
        if isinstance(node, list):
            for item in node[:50]:
                visit(item, depth + 1)
        elif isinstance(node, dict):
            for key in ("datePublished", "headline", "articleBody"):
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
            visit(json.loads(script.text or "", strict=False), 0)
        except (ValueError, RecursionError):
            continue
    return found


def same_text(block: str, *titles: str | None) -> bool:
    """True when a text block is one of the titles (spacing and case aside)."""
    key = " ".join(block.split()).casefold()
    return any(t and key == " ".join(t.split()).casefold() for t in titles)


def choose_title(
    raw: str | None,
    extracted: str | None,
    declared: list[str | None],
    sites: set[str],
    chrome: str = "",
) -> tuple[str | None, str | None]:
    """(title, site name) from the page's <title>.

    A bare headline the <title> starts or ends with is the title: one the page
    declares (og:title, JSON-LD headline), or trafilatura's when what it cuts off
    names the site or is shorter than what it keeps. Then segments at either end
    that name the site (`sites`, or the text of the page's header/footer `chrome`)
    or are dates go: "Steel deal | DW | 19.01.2020" -> "Steel deal".
    """
    known = [(" ".join(b.split()), True) for b in declared if b]
    if extracted:
        known.insert(0, (" ".join(extracted.split()), False))
    if not raw:
        return (known[0][0] if known else None), None
    title, site = raw, None
    for better, trusted in known:
        cut = _cut_off(raw, better)
        if cut is None:
            continue
        if trusted or _names_site(cut, sites, chrome) or len(cut.split()) < len(better.split()):
            title, site = better, _site_part(cut)
            break
    title, named = _strip_site(title, sites, chrome)
    return title, site or named


def _cut_off(raw: str, better: str) -> str | None:
    """What the <title> has besides `better` at its start or end, or None."""
    if better == raw:
        return None
    for sep in _TITLE_SEPARATORS:
        if raw.startswith(better + sep):
            return raw[len(better) + len(sep) :]
        if raw.endswith(sep + better):
            return raw[: -len(better) - len(sep)]
    return None


def _site_part(rest: str) -> str | None:
    """The site's name in what follows a headline: "DW | 19.01.2020" -> "DW"."""
    parts = [p for p in _TITLE_SPLIT.split(rest)[::2] if p.strip() and not _is_date(p)]
    return parts[0].strip() if parts else None


def _strip_site(raw: str, sites: set[str], chrome: str) -> tuple[str, str | None]:
    parts = _TITLE_SPLIT.split(raw)  # [segment, separator, segment, ...]
    site = None
    longest = max(parts[::2], key=len)
    while len(parts) > 1:
        for end in (-1, 0):
            segment = parts[end].strip()
            if segment != longest and _names_site(segment, sites, chrome):
                site = site or (None if _is_date(segment) else segment)
                parts = parts[:-2] if end == -1 else parts[2:]
                break
        else:
            break
    return "".join(parts).strip(), site


def _names_site(segment: str, sites: set[str], chrome: str) -> bool:
    if _is_date(segment):
        return True
    if len(segment.split()) > _SITE_WORDS:
        return False
    key = _key(segment)
    if key and key in sites:
        return True
    return len(key) >= 2 and segment.casefold() in chrome


def _is_date(segment: str) -> bool:
    s = segment.strip()
    return bool(_DATE_SEGMENT.fullmatch(s)) or (len(s.split()) <= 4 and parse_date(s) is not None)


def page_chrome(tree: Any) -> str:
    """Casefolded text of the page's own frame (site header, footer, © lines, logos)."""
    parts: list[str] = []
    for el in tree.iter("footer", "header"):
        if not any(a.tag in ("article", "main") for a in el.iterancestors()):
            parts.append(el.text_content())
    for el in tree.iter("img"):
        if "logo" in ((el.get("class") or "") + (el.get("src") or "")).lower():
            parts.append(el.get("alt") or "")
    for text in tree.xpath("//text()[contains(., '©')]")[:20]:
        parts.append(str(text))
    return " ".join(" ".join(parts).split()).casefold()[:20_000]
