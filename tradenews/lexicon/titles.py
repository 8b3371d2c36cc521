"""The title lexicon (``data/titles.yaml``) and title grammar (``data/title_grammar.yaml``)
compiled into lookup sets for the officials component.

Both files are data: the component loads them in ``initialize()`` (package data
unless other files are named) and saves them with the pipeline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from tradenews import yamltext
from tradenews.lexicon.names import fold

TITLES_FILE = "titles.yaml"
GRAMMAR_FILE = "title_grammar.yaml"


def words(phrase: str) -> tuple[str, ...]:
    """A phrase as folded words; hyphens and spaces both separate words."""
    return tuple(w for w in re.split(r"[\s\-]+", fold(phrase)) if w)


def contains(seq: tuple[str, ...], key: tuple[str, ...]) -> bool:
    """``key`` occurs as a contiguous run inside ``seq``."""
    return find(seq, key) >= 0


def find(seq: tuple[str, ...], key: tuple[str, ...]) -> int:
    """Where ``key`` first occurs as a contiguous run inside ``seq``, else -1."""
    n = len(key)
    return next((i for i in range(len(seq) - n + 1) if seq[i : i + n] == key), -1)


def package_text(name: str) -> str:
    return resources.files("tradenews.data").joinpath(name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class Grammar:
    """Closed word classes of the title grammar and its token patterns (spaCy Matcher)."""

    possessive: frozenset[str]
    connectors: frozenset[str]
    determiners: frozenset[str]
    prepositions: frozenset[str]
    apposition_end: frozenset[str]
    anaphoric_owners: frozenset[str]
    closed_class_tags: frozenset[str]
    function_words: frozenset[str]
    led_verbs: dict[str, str]
    led_public_bodies: tuple[str, ...]
    legislatures: tuple[str, ...]
    max_title_tokens: int
    patterns: dict[str, list[list[dict[str, Any]]]]
    reporting_verbs: frozenset[str] = frozenset()
    business_nouns: frozenset[str] = frozenset()


def compile_grammar(raw: dict[str, Any]) -> Grammar:
    def fs(key: str) -> frozenset[str]:
        return frozenset(str(w) for w in raw.get(key) or [])

    led_verbs = {str(k): str(v) for k, v in (raw.get("led_verbs") or {}).items()}
    patterns = {str(k): list(v) for k, v in (raw.get("patterns") or {}).items()}
    patterns.setdefault("led_clause", [[{"LOWER": "who"}, {"LOWER": {"IN": sorted(led_verbs)}}]])

    return Grammar(
        possessive=fs("possessive"),
        connectors=fs("connectors"),
        determiners=fs("determiners"),
        prepositions=fs("prepositions"),
        apposition_end=fs("apposition_end"),
        anaphoric_owners=fs("anaphoric_owners"),
        closed_class_tags=fs("closed_class_tags"),
        function_words=fs("function_words"),
        led_verbs=led_verbs,
        led_public_bodies=tuple(raw.get("led_public_bodies") or ()),
        legislatures=tuple(raw.get("legislatures") or ()),
        max_title_tokens=int(raw.get("max_title_tokens", 14)),
        patterns=patterns,
        reporting_verbs=fs("reporting_verbs"),
        business_nouns=fs("business_nouns"),
    )


@dataclass(frozen=True)
class TitleLexicon:
    """The title lexicon compiled into lookup sets."""

    public: frozenset[tuple[str, ...]]
    ambiguous: frozenset[tuple[str, ...]]
    public_unless_private: frozenset[tuple[str, ...]]
    private: frozenset[tuple[str, ...]]
    modifiers: frozenset[str]
    portfolio: frozenset[str]
    drop_honorifics: frozenset[tuple[str, ...]]
    keep_honorifics: frozenset[str]
    particles: frozenset[str]
    org_words: frozenset[str]
    public_org_words: frozenset[str]
    bodies: dict[str, tuple[str, str]]
    title_countries: dict[tuple[str, ...], str]
    max_head: int
    head_final: frozenset[str]
    unqualified_titles: dict[tuple[str, ...], str]
    time_modifiers: frozenset[str]
    leaders: frozenset[tuple[str, ...]]
    intergov_titles: dict[tuple[str, ...], str]
    member_titles: frozenset[tuple[str, ...]]
    conventional: dict[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    convention_evidence: dict[str, tuple[str, ...]] = field(default_factory=dict)
    intergov_evidence: dict[tuple[str, ...], tuple[str, tuple[str, ...]]] = field(
        default_factory=dict
    )
    news_agencies: frozenset[str] = field(default=frozenset())
    vocab: frozenset[str] = field(default=frozenset())
    government_words: frozenset[str] = field(default=frozenset())
    generic_bodies: frozenset[str] = field(default=frozenset())
    not_the_holder: frozenset[str] = field(default=frozenset())
    person_only_heads: frozenset[str] = field(default=frozenset())
    max_honorific: int = 1

    def honorific_length(self, folded: list[str]) -> int:
        """Words of a dropped honorific at the start of ``folded`` ("Datuk Seri": 2)."""
        for n in range(min(self.max_honorific, len(folded)), 0, -1):
            if tuple(folded[:n]) in self.drop_honorifics:
                return n
        return 0

    def head_kind(self, key: tuple[str, ...]) -> str | None:
        """``public``, ``private``, ``public_default`` or ``ambiguous`` for a head, else None."""
        if key in self.public:
            return "public"
        if key in self.private:
            return "private"
        if key in self.public_unless_private:
            return "public_default"
        if key in self.ambiguous:
            return "ambiguous"
        return None

    def head_at(self, folded: list[str], k: int) -> tuple[int, str | None]:
        """Longest lexicon head starting at word index k: (length, kind)."""
        for n in range(min(self.max_head, len(folded) - k), 0, -1):
            kind = self.head_kind(tuple(folded[k : k + n]))
            if kind:
                return n, kind
        return 0, None


def _heads(raw: dict[str, Any]) -> dict[str, frozenset[tuple[str, ...]]]:
    keys = ("public_heads", "public_unless_private", "ambiguous_heads", "private_heads")
    return {k: frozenset(words(p) for p in raw.get(k) or []) for k in keys}


def _conventions(raw: dict[str, Any]) -> dict[str, Any]:
    conventional = raw.get("conventional_titles") or {}
    intergov = raw.get("intergovernmental_titles") or {}
    return {
        "conventional": {
            iso: frozenset(words(t) for t in v.get("titles") or [])
            for iso, v in conventional.items()
        },
        "convention_evidence": {
            iso: tuple(v.get("evidence") or []) for iso, v in conventional.items()
        },
        "intergov_titles": {words(k): v["body"] for k, v in intergov.items()},
        "member_titles": frozenset(
            words(k) for k, v in intergov.items() if v.get("overrides_nationality")
        ),
        "intergov_evidence": {
            words(k): (v["body"], tuple(v.get("evidence") or []))
            for k, v in (raw.get("intergovernmental_by_evidence") or {}).items()
        },
        "unqualified_titles": {
            words(k): v for k, v in (raw.get("unqualified_titles") or {}).items()
        },
    }


def compile_titles(raw: dict[str, Any], function_words: frozenset[str]) -> TitleLexicon:
    """Compile the parsed ``titles.yaml`` structure."""
    heads = _heads(raw)
    modifiers = frozenset(w for p in raw.get("modifiers") or [] for w in words(p))
    portfolio = frozenset(w for p in raw.get("portfolio") or [] for w in words(p))
    all_heads = frozenset().union(*heads.values())
    vocab = (frozenset(w for h in all_heads for w in h) | modifiers | portfolio) - function_words
    return TitleLexicon(
        public=heads["public_heads"],
        ambiguous=heads["ambiguous_heads"],
        public_unless_private=heads["public_unless_private"],
        private=heads["private_heads"],
        modifiers=modifiers,
        portfolio=portfolio,
        drop_honorifics=frozenset(words(p) for p in raw.get("honorifics_drop") or []),
        keep_honorifics=frozenset(fold(p) for p in raw.get("honorifics_keep") or []),
        particles=frozenset(fold(p) for p in raw.get("name_particles") or []),
        org_words=frozenset(fold(p) for p in raw.get("org_words") or []),
        public_org_words=frozenset(fold(p) for p in raw.get("public_org_words") or []),
        bodies={
            fold(k): (v.get("name", k), v.get("country", "") or "")
            for k, v in (raw.get("bodies") or {}).items()
        },
        title_countries={words(k): v for k, v in (raw.get("title_countries") or {}).items()},
        max_head=max((len(h) for h in all_heads), default=1),
        head_final=frozenset(h[-1] for h in all_heads),
        time_modifiers=frozenset(fold(w) for w in raw.get("time_modifiers") or []),
        leaders=frozenset(words(w) for w in raw.get("leaders") or []),
        news_agencies=frozenset(fold(w) for w in raw.get("news_agencies") or []),
        vocab=vocab,
        government_words=frozenset(fold(w) for w in raw.get("government_words") or []),
        generic_bodies=frozenset(fold(w) for w in raw.get("generic_bodies") or []),
        not_the_holder=frozenset(fold(w) for w in raw.get("not_the_holder") or []),
        person_only_heads=frozenset(fold(w) for w in raw.get("person_only_heads") or []),
        max_honorific=max((len(words(p)) for p in raw.get("honorifics_drop") or []), default=1),
        **_conventions(raw),
    )


def load(titles_text: str, grammar_text: str) -> tuple[TitleLexicon, Grammar]:
    """Both files from their YAML texts."""
    grammar = compile_grammar(yamltext.safe_load(grammar_text) or {})
    lexicon = compile_titles(yamltext.safe_load(titles_text) or {}, grammar.function_words)
    return lexicon, grammar
