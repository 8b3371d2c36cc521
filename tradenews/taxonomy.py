"""Topic taxonomies: load and validate (with line numbers).

A taxonomy is a YAML file (see docs/taxonomy.md); the default one ships as
``tradenews/data/taxonomy.yaml``. Users pass their own with ``--taxonomy FILE``
and check it with ``tradenews taxonomy --check FILE``: every problem is reported
as ``FILE:LINE: message`` so it can be fixed without guessing. The cue pattern
syntax is compiled by tradenews.cue_patterns.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from tradenews.cue_patterns import GAP_WORDS, compile_pattern, inflections

__all__ = [
    "GAP_WORDS",
    "Cue",
    "Taxonomy",
    "TaxonomyError",
    "Topic",
    "check_taxonomy",
    "compile_pattern",
    "default_path",
    "inflections",
    "load_taxonomy",
    "taxonomy_from_text",
]

DEFAULT_NAME = "taxonomy.yaml"
TOP_KEYS = ("version", "threshold", "topics")
TOPIC_KEYS = (
    "id",
    "label",
    "scope",
    "cues",
    "weak_cues",
    "negative_cues",
    "threshold",
    "weak_quorum",
)
CUE_KEYS = ("cue", "pattern", "near", "not_near", "window")
MAX_WINDOW = 50
ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")


class TaxonomyError(ValueError):
    """A taxonomy file that cannot be used; ``errors`` holds one ``FILE:LINE: msg`` each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


class Cue(str):
    """A cue phrase, optionally with a sense constraint (see docs/taxonomy.md).

    The string value is the phrase (or, for a spaCy Matcher ``pattern``, its JSON), so
    a plain cue is just its text. ``near``/``not_near``: phrases of which one must / none
    may occur within ``window`` words of the cue (None: in the same sentence).
    """

    near: tuple[str, ...]
    not_near: tuple[str, ...]
    window: int | None
    pattern: tuple[dict[str, Any], ...] | None
    _hash: int

    def __new__(
        cls,
        text: str,
        near: tuple[str, ...] = (),
        not_near: tuple[str, ...] = (),
        window: int | None = None,
        pattern: tuple[dict[str, Any], ...] | None = None,
    ) -> Cue:
        cue = super().__new__(cls, text)
        cue.near, cue.not_near, cue.window, cue.pattern = near, not_near, window, pattern
        cue._hash = hash(cue._key())  # taxonomies are hashed as cache keys: hash once
        return cue

    @property
    def constrained(self) -> bool:
        return bool(self.near or self.not_near)

    def _key(self) -> tuple[Any, ...]:
        return (str(self), self.near, self.not_near, self.window)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Cue):
            return self._key() == other._key()
        return isinstance(other, str) and not self.constrained and str(self) == other

    def __hash__(self) -> int:
        return self._hash


@dataclass(frozen=True)
class Topic:
    """One topic: stable id, display label, and its cue phrases."""

    id: str
    label: str
    scope: str = ""
    cues: tuple[Cue, ...] = ()
    weak_cues: tuple[Cue, ...] = ()
    negative_cues: tuple[Cue, ...] = ()
    threshold: float | None = None
    weak_quorum: int | None = None  # this many different weak cues stand in for a strong one


@dataclass(frozen=True)
class Taxonomy:
    """A validated taxonomy; hashable so compiled matchers can be cached per taxonomy."""

    topics: tuple[Topic, ...]
    threshold: float | None = None
    path: str = field(default="", compare=False)

    def topic(self, topic_id: str) -> Topic:
        for t in self.topics:
            if t.id == topic_id:
                return t
        raise KeyError(topic_id)


# --- loading and validation -------------------------------------------------------------------


def default_path() -> str:
    """Where the shipped default taxonomy lives."""
    return str(resources.files("tradenews") / "data" / DEFAULT_NAME)


def check_taxonomy(path: str | None) -> list[str]:
    """Every problem in a taxonomy file, as ``FILE:LINE: message`` strings (empty if fine)."""
    return _parse(path or default_path())[1]


def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The taxonomy at `path` (None: the default), validated; cached per path and mtime."""
    resolved = os.path.abspath(path or default_path())
    try:
        mtime = os.stat(resolved).st_mtime_ns
    except OSError:
        mtime = 0
    return _load_cached(resolved, mtime, path or default_path())


@functools.lru_cache(maxsize=16)
def _load_cached(resolved: str, mtime: int, shown: str) -> Taxonomy:
    taxonomy, errors = _parse(shown)
    if errors or taxonomy is None:
        raise TaxonomyError(errors or [f"{shown}: not a taxonomy"])
    return taxonomy


@functools.lru_cache(maxsize=16)
def taxonomy_from_text(source: str, shown: str) -> Taxonomy:
    """The taxonomy in `source` (the text of the file `shown` in errors), validated."""
    taxonomy, errors = _parse_source(source, shown)
    if errors or taxonomy is None:
        raise TaxonomyError(errors or [f"{shown}: not a taxonomy"])
    return taxonomy


def _parse(path: str) -> tuple[Taxonomy | None, list[str]]:
    try:
        with open(path, encoding="utf-8") as fh:
            source = fh.read()
    except (OSError, UnicodeDecodeError) as e:
        return None, [f"{path}: cannot read: {getattr(e, 'strerror', None) or e}"]
    return _parse_source(source, path)


def _parse_source(source: str, path: str) -> tuple[Taxonomy | None, list[str]]:
    try:
        root = _compose(source)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        line = mark.line + 1 if mark is not None else 1
        detail = getattr(e, "problem", None) or str(e)
        context, context_mark = getattr(e, "context", None), getattr(e, "context_mark", None)
        if context and context_mark is not None and context_mark.line + 1 != line:
            detail += f" ({context} started on line {context_mark.line + 1})"
        elif context:
            detail += f" ({context})"
        return None, [f"{path}:{line}: YAML syntax error: {detail}"]
    checker = _Checker(path)
    taxonomy = checker.taxonomy(root)
    errors = sorted(checker.errors, key=_line_number)  # in file order, stable within a line
    return (None if errors else taxonomy), errors


def _compose(source: str) -> yaml.Node | None:
    """The YAML node tree (with line numbers); libyaml's parser when it takes the text.

    The C parser is several times faster (the taxonomy is read at every start); on an
    error the pure-Python one parses again, as its messages are the ones users see.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(source, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(source, Loader=yaml.SafeLoader)


def _line_number(error: str) -> int:
    match = re.search(r":(\d+): ", error)
    return int(match.group(1)) if match else 0


class _Checker:
    """Walks the YAML node tree (which keeps line numbers) and collects errors."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[str] = []

    def error(self, node: yaml.Node | None, message: str) -> None:
        line = node.start_mark.line + 1 if node is not None else 1
        self.errors.append(f"{self.path}:{line}: {message}")

    def mapping(self, node: yaml.MappingNode, where: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            if name in out:
                self.error(key, f"{where}duplicate key '{name}'")
            out[name] = (key, value)
        return out

    def taxonomy(self, root: yaml.Node | None) -> Taxonomy | None:
        if not isinstance(root, yaml.MappingNode):
            self.error(root, "the file must be a mapping with a 'topics' list")
            return None
        keys = self.mapping(root, "")
        for name, (key, _) in keys.items():
            if name not in TOP_KEYS:
                self.error(key, f"unknown key '{name}' (expected one of: {', '.join(TOP_KEYS)})")
        threshold = self.threshold(keys.get("threshold"), "")
        if "version" in keys:
            value = keys["version"][1]
            if not (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":int")):
                self.error(value, "version must be an integer")
        if "topics" not in keys:
            self.error(root, "missing 'topics' (a list of topics)")
            return None
        topics_node = keys["topics"][1]
        if not isinstance(topics_node, yaml.SequenceNode) or not topics_node.value:
            self.error(topics_node, "topics must be a non-empty list of topics")
            return None
        topics: list[Topic] = []
        seen: dict[str, int] = {}
        for item in topics_node.value:
            topic_id, topic = self.topic(item)
            if topic_id is not None:
                if topic_id in seen:
                    first = seen[topic_id]
                    self.error(item, f"duplicate topic id '{topic_id}' (first on line {first})")
                    continue
                seen[topic_id] = item.start_mark.line + 1
            if topic is not None:
                topics.append(topic)
        return Taxonomy(tuple(topics), threshold, self.path)

    def threshold(self, pair: tuple[yaml.Node, yaml.Node] | None, where: str) -> float | None:
        if pair is None:
            return None
        node = pair[1]
        value = yaml.safe_load(yaml.serialize(node)) if isinstance(node, yaml.ScalarNode) else None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            self.error(node, f"{where}threshold must be a number above 0 and at most 1")
            return None
        return float(value)

    def topic(self, node: yaml.Node) -> tuple[str | None, Topic | None]:
        """The topic's id (if readable) and the topic (None if it has errors)."""
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "each topic must be a mapping with at least 'id', 'label' and 'cues'")
            return None, None
        keys = self.mapping(node, "")
        id_node = keys.get("id", (None, None))[1]
        topic_id = id_node.value if isinstance(id_node, yaml.ScalarNode) else None
        if id_node is None:
            self.error(node, "topic without an 'id'")
        elif not isinstance(topic_id, str) or not ID_RE.match(topic_id):
            self.error(id_node, f"topic id {topic_id!r} must be lower-case letters, digits, '_'")
            topic_id = None
        where = f"topic '{topic_id}': " if topic_id else "topic: "
        before = len(self.errors)
        for name, (key, _) in keys.items():
            if name not in TOPIC_KEYS:
                self.error(
                    key, f"{where}unknown key '{name}' (expected one of: {', '.join(TOPIC_KEYS)})"
                )
        label = self.text(keys, "label", where, required=True)
        scope = self.text(keys, "scope", where, required=False)
        cues = self.cues(keys, "cues", where, node, required=True)
        weak = self.cues(keys, "weak_cues", where, node, required=False)
        negative = self.cues(keys, "negative_cues", where, node, required=False)
        threshold = self.threshold(keys.get("threshold"), where)
        quorum = self.quorum(keys.get("weak_quorum"), where)
        if topic_id is None or len(self.errors) > before:
            return topic_id, None
        return topic_id, Topic(topic_id, label, scope, cues, weak, negative, threshold, quorum)

    def quorum(self, pair: tuple[yaml.Node, yaml.Node] | None, where: str) -> int | None:
        if pair is None:
            return None
        node = pair[1]
        if not (
            isinstance(node, yaml.ScalarNode)
            and node.tag.endswith(":int")
            and 2 <= int(node.value) <= 20
        ):
            self.error(node, f"{where}weak_quorum must be a whole number from 2 to 20")
            return None
        return int(node.value)

    def text(self, keys: dict, name: str, where: str, *, required: bool) -> str:
        if name not in keys:
            if required:
                self.errors.append(f"{self.path}:{self._line_of(keys)}: {where}missing '{name}'")
            return ""
        node = keys[name][1]
        if (
            not isinstance(node, yaml.ScalarNode)
            or not node.tag.endswith(":str")
            or (required and not node.value.strip())
        ):
            self.error(node, f"{where}{name} must be a{' non-empty' if required else ''} string")
            return ""
        return node.value.strip()

    def cues(
        self, keys: dict, name: str, where: str, topic: yaml.Node, *, required: bool
    ) -> tuple[Cue, ...]:
        if name not in keys:
            if required:
                self.error(topic, f"{where}missing '{name}' (a list of cue phrases)")
            return ()
        node = keys[name][1]
        if not isinstance(node, yaml.SequenceNode):
            self.error(node, f"{where}{name} must be a list of strings")
            return ()
        if required and not node.value:
            self.error(node, f"{where}{name} must not be empty")
            return ()
        out = []
        for item in node.value:
            if isinstance(item, yaml.MappingNode):
                cue = self.sense_cue(item, f"{where}{name}: ")
                if cue is not None:
                    out.append(cue)
                continue
            phrase = self.phrase(item, f"{where}{name}")
            if phrase is not None:
                out.append(Cue(phrase))
        return tuple(out)

    def phrase(self, item: yaml.Node, where: str) -> str | None:
        """A cue pattern string, checked; None (and an error) if it is not one."""
        if not isinstance(item, yaml.ScalarNode) or not item.tag.endswith(":str"):
            self.error(item, f"{where} must be a list of strings or cue mappings")
            return None
        try:
            compile_pattern(item.value)
        except ValueError as e:
            self.error(item, f"{where}: bad pattern {item.value!r}: {e}")
            return None
        return item.value.strip()

    def sense_cue(self, node: yaml.MappingNode, where: str) -> Cue | None:
        """A cue with a sense constraint: {cue|pattern, near, not_near, window}."""
        before = len(self.errors)
        keys = self.mapping(node, where)
        for name, (key, _) in keys.items():
            if name not in CUE_KEYS:
                self.error(
                    key, f"{where}unknown key '{name}' (expected one of: {', '.join(CUE_KEYS)})"
                )
        if ("cue" in keys) == ("pattern" in keys):
            self.error(node, f"{where}a cue mapping needs exactly one of 'cue' or 'pattern'")
            return None
        text, pattern = "", None
        if "cue" in keys:
            text = self.phrase(keys["cue"][1], f"{where}cue") or ""
            if text.lower().startswith("<number>"):
                self.error(keys["cue"][1], f"{where}a cue cannot start with <number>")
        else:
            pattern = matcher_pattern(self, keys["pattern"][1], where)
            text = json.dumps(list(pattern or ()), sort_keys=True)
        near = self.context(keys.get("near"), f"{where}near")
        not_near = self.context(keys.get("not_near"), f"{where}not_near")
        window = self.window(keys.get("window"), where)
        if len(self.errors) > before:
            return None
        return Cue(text, near, not_near, window, pattern)

    def context(self, pair: tuple[yaml.Node, yaml.Node] | None, where: str) -> tuple[str, ...]:
        if pair is None:
            return ()
        node = pair[1]
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.error(node, f"{where} must be a non-empty list of phrases")
            return ()
        phrases = (self.phrase(item, where) for item in node.value)
        return tuple(p for p in phrases if p is not None)

    def window(self, pair: tuple[yaml.Node, yaml.Node] | None, where: str) -> int | None:
        if pair is None:
            return None
        node = pair[1]
        if isinstance(node, yaml.ScalarNode) and node.value == "sentence":
            return None
        if not (
            isinstance(node, yaml.ScalarNode)
            and node.tag.endswith(":int")
            and 1 <= int(node.value) <= MAX_WINDOW
        ):
            self.error(
                node, f"{where}window must be 'sentence' or a number of words, 1 to {MAX_WINDOW}"
            )
        return (
            int(node.value) if isinstance(node, yaml.ScalarNode) and node.value.isdigit() else None
        )

    @staticmethod
    def _line_of(keys: dict[str, Any]) -> int:
        lines = [k.start_mark.line + 1 for k, _ in keys.values()]
        return min(lines) if lines else 1


def matcher_pattern(
    checker: _Checker, node: yaml.Node, where: str
) -> tuple[dict[str, Any], ...] | None:
    """A spaCy Matcher token pattern (a list of token dicts), validated by spaCy itself."""
    value = yaml.safe_load(yaml.serialize(node)) if isinstance(node, yaml.Node) else None
    if not isinstance(value, list) or not value or not all(isinstance(t, dict) for t in value):
        checker.error(node, f"{where}pattern must be a non-empty list of token mappings")
        return None
    problem = matcher_problem(value)
    if problem:
        checker.error(node, f"{where}bad pattern: {problem}")
        return None
    return tuple(value)


@functools.lru_cache(maxsize=1)
def _vocab() -> Any:
    from spacy.vocab import Vocab

    return Vocab()


def matcher_problem(pattern: list[dict[str, Any]]) -> str:
    """Why spaCy's Matcher refuses a token pattern ('' if it takes it)."""
    from spacy.matcher import Matcher

    try:
        Matcher(_vocab(), validate=True).add("cue", [pattern])
    except Exception as e:  # noqa: BLE001 - spaCy raises several types for bad patterns
        lines = [line.strip() for line in str(e).splitlines() if line.strip()]
        return " ".join(lines[-2:]) if lines else type(e).__name__
    return ""
