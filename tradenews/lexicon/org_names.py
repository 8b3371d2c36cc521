"""What an organization name is, as strings: its core without the legal form
("F.W. Woolworth Co" -> "woolworth"), when two names of one document are one body
(a short form, an acronym), and names that are not bodies at all (a person with an
honorific, a currency, a country word plus a common noun, a lone common word).

Company suffixes come from ``cleanco``, currencies from ``pycountry``, how common a
word is from ``wordfreq`` (``lexicon.words``): no list of examples.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tradenews.lexicon.words import is_common

# Honorifics and courtesy titles: a name carrying one is a person ("Ratu Sir ...").
HONORIFICS = frozenset(
    {
        "Sir",
        "Dame",
        "Lord",
        "Lady",
        "Ratu",
        "Sheikh",
        "Sheik",
        "Emir",
        "Prince",
        "Princess",
        "King",
        "Queen",
        "Dr",
        "Dr.",
        "Mr",
        "Mr.",
        "Mrs",
        "Mrs.",
        "Ms",
        "Ms.",
        "Madame",
        "Monsieur",
        "Senor",
        "Señor",
        "Herr",
        "Datuk",
        "Tun",
        "Haji",
        "Ayatollah",
        "Rev.",
        "Baron",
    }
)
# Words a sentence or clause starts with, capitalized but no part of a name.
FUNCTION_WORDS = frozenset(
    "the a an and but or of in on at for to by with from as if while when after before since "
    "its his her their our this that these those".split()
)
# Words that do not count when an acronym is read off a long name.
_ACRONYM_SKIP = frozenset({"of", "for", "the", "and", "on", "in", "de", "des", "du", "la", "&"})
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}\s*|^(?:[A-Z]\.\s){1,3}")
# Head words of bodies: a long name that adds only these to a short one is another
# body ("European Community Commission", "Senate Agriculture Committee").
_HEAD_WORDS = frozenset(
    "commission council committee subcommittee board bank court ministry department agency "
    "office bureau authority parliament assembly".split()
)
# A short form must hold a word rarer than this (Zipf): "Morgan" (4.4) may stand for
# "Morgan Stanley", "General" (5.3) never stands for "General Motors".
SHORT_FORM_ZIPF = 4.6
# Connectors that cannot end a name: "BBB Public Service Co of" was cut.
DANGLING = re.compile(r"\s+(?:of|for|and|on|in|to|the|&|de)$", re.IGNORECASE)


# Last words of programs, laws, agreements, systems, events and publications.
_NOT_A_BODY = re.compile(
    r"\s(?:Agreement|Accord|Pact|Treaty|Act|Program|Programme|Plan|Newsletter|List|"
    r"Initiative|Convention|Declaration|Protocol|Directive|Statement|Speech|Budget|Show|"
    r"System|Index|Awards|Summit|Festival|Conference|Games|Championship|Offensive|Facility|"
    r"Plant|Refinery|Mine|Database|Empire|Reich|Street|Road|Avenue|Square|Quarter|Boulevard|"
    r"Lane)$"
    # streets and squares written as one word ("Nachtigalplatz", "Lüderitzstrasse")
    r"|^\S+(?i:strasse|straße|platz|gasse)$"
    # publications ("Proceedings of the National Academy of Sciences")
    r"|^(?:Proceedings|Journal|Annals|Bulletin|Transactions)\s+of\s"
)
# "the Trump administration", "the Reagan Administration": a government, not a named body.
_GOVERNMENT = re.compile(r"^\S+(?:\s\S+)?\s(?:administration|Administration|government|camp)$")
# An earnings-table row ("Net 144.5", "Shr 2.35") or an operation ("Karbala-5").
_NUMBERED = re.compile(r"(?:\s|-)\d[\d.,]*$")
# A possessive inside a span starts another phrase ("Chinese Academy of Sciences’ FAST
# supervisory committee"); a copyright year ends one ("Thomson Reuters 2020").
_INNER_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)\s+(?=.*\s[a-z])")
_TRAILING_YEAR = re.compile(r"\s+(?:19|20)\d\d$")


def trim(name: str) -> str:
    """A name without a trailing possessive, year or punctuation, cut at an inner
    possessive that starts a description."""
    cut = _INNER_POSSESSIVE.search(name)
    if cut:
        name = name[: cut.start() + (1 if cut.group().startswith("s") else 0)]
    inner_the = re.search(r"(?<=[A-Za-z])\s+the\s+[A-Z]", name)
    if inner_the and not re.search(r"\b(?:of|for|on|and|to|in)$", name[: inner_the.start()]):
        name = name[: inner_the.start()]  # "Sonntagsblick the Federation": two phrases
    name = re.sub(r"(?:'s|’s|'|’)$", "", name).strip(' ,.;:-"“”')
    return _TRAILING_YEAR.sub("", name)


def is_no_body(name: str) -> bool:
    """A program, law, event, system, place or publication; a government; a table row;
    a currency."""
    return bool(
        _NOT_A_BODY.search(name)
        or _GOVERNMENT.fullmatch(name)
        or (_NUMBERED.search(name) and not has_legal_form(name))
        or (" " not in name and name.casefold() in currency_words())
    )


@lru_cache(maxsize=1)
def currency_words() -> frozenset[str]:
    """Last words of ISO 4217 currency names, casefolded ("dollar", "yen", "franc")."""
    import pycountry

    words = {c.name.split()[-1].casefold() for c in pycountry.currencies}
    return frozenset(w for w in words if w.isalpha()) | {"dollars", "yen", "marks", "mark"}


@lru_cache(maxsize=8192)
def core(name: str) -> str:
    """The name without "the", legal form and leading initials, folded: the key two
    spellings of one company share ("F.W. Woolworth Co", "Woolworth")."""
    from cleanco import basename  # type: ignore[import-untyped]

    text = re.sub(r"^(?:the|The|THE)\s+", "", name.strip())
    text = re.sub(r"(?:'s|’s)\b", "", text)  # "Moody's Investors Service" -> "Moody ..."
    text = re.sub(r"\.com\b", "", text)  # "Amazon.com Inc" -> "Amazon"
    stripped = basename(text) or text
    stripped = DANGLING.sub("", stripped)
    if " " in stripped:
        stripped = _INITIALS.sub("", stripped) or stripped
    return re.sub(r"[^\w ]+", "", stripped).casefold().strip()


def without_legal_form(name: str) -> str:
    """The name as written without its legal form ("Japan Air Lines Co" -> "Japan Air Lines")."""
    from cleanco import basename

    return basename(name) or name


def acronym_of(name: str) -> str:
    """ "Organization of Petroleum Exporting Countries" -> "OPEC", "Japan Air Lines Co" ->
    "JAL" (capitalized words only, the legal form left out)."""
    name = without_legal_form(name)
    words = [w for w in re.split(r"[\s-]+", name) if w and w.casefold() not in _ACRONYM_SKIP]
    if len(words) < 2 or not all(w[0].isupper() for w in words):
        return ""
    return "".join(w[0] for w in words)


def same_body(short: str, long: str) -> bool:
    """Whether `short` names the body `long` names: same core, a company's short form,
    or its acronym."""
    if short == long:
        return True
    short_core, long_core = core(short), core(long)
    if not short_core or not long_core:
        return False
    if short_core == long_core or long_core == short_core + " party":
        return True  # "Labour" and the "Labour Party"
    if 2 <= len(short) <= 6 and short.isalpha():
        national = re.sub(r"^(?:[A-Z]\.){2,}\s+", "", long)  # "U.S. Environmental ..."
        if short.upper() in (acronym_of(long), acronym_of(national)):
            return True  # "GM", "Gm" from a headline in capitals, "EPA"
    if (
        " " not in short
        and long.endswith(" " + short)
        and long.split()[-2].casefold() not in _ACRONYM_SKIP
        and is_common(short, 4.0)
    ):
        return True  # "Parliament" after "European Parliament": its head word alone
    if has_legal_form(short):
        return False  # "Nortek Inc" is a full name, not a short form of another
    if (long_core + " ").startswith(short_core + " "):
        # "Ohio Mattress" for "Ohio Mattress Co", "Merrill Lynch" for "Merrill Lynch
        # Capital Markets": a name shortens to its first words when they are a name.
        if any(not is_common(w, SHORT_FORM_ZIPF) for w in short_core.split()):
            return True
    return _same_words(short_core.split(), long_core.split())


def _same_words(short: list[str], long: list[str]) -> bool:
    """ "Amsterdam Exchange" for "Amsterdam Stock Exchange", "Paper Institute" for
    "American Paper Institute", "Tokyo Bank" for "Bank of Tokyo": two words or more, in
    order inside the long name (or all of its words in another order), where what the
    short form leaves out is more than a head word ("European Community" is not the
    "European Community Commission")."""
    content = [w for w in long if w not in _ACRONYM_SKIP]
    if len(short) < 2 or len(short) >= len(content):
        return len(short) >= 2 and sorted(short) == sorted(content)
    it = iter(content)
    if not all(w in it for w in short):
        return False
    left_out = [w for w in content if w not in short]
    complement = " ".join(long).partition(" of ")[2].split()
    if any(w in complement for w in left_out):
        return False  # "Federal Reserve Bank of New York" is not the Federal Reserve
    return any(not is_common(w, 4.6) or w not in _HEAD_WORDS for w in left_out)


def has_legal_form(name: str) -> bool:
    """Whether a name ends in a company's legal form, capitalized ("Co", "Inc", "Plc";
    not German "ab")."""
    bare = re.sub(r"^(?:the|The)\s+", "", name).strip()
    base = without_legal_form(bare)
    removed = bare[len(base) :].strip(" ,.") if bare.startswith(base) else ""
    return base != bare and removed[:1].isupper()


def is_acronym(name: str) -> bool:
    """A short name in capitals, perhaps with a small letter ("SPD", "AfD", "CELSA")."""
    letters = [c for c in name if c.isalpha()]
    return (
        " " not in name
        and 2 <= len(letters) <= 6
        and sum(c.isupper() for c in letters) >= len(letters) - 1
    )


def is_person_like(name: str) -> bool:
    """A name that starts with an honorific ("Ratu Sir Penaia", "Sheikh Ali")."""
    return name.split()[0] in HONORIFICS


def is_country_plus_noun(rest: str, title_case: bool = False) -> bool:
    """What follows a country word is no body: common nouns written in lower case
    ("U.S. banks", "U.S. action"), or in a title-case headline, where case says
    nothing ("U.S. Banks"), or a currency ("U.S. Dollar")."""
    words = rest.split()
    if not words:
        return False
    if words[-1].casefold() in currency_words():
        return True
    if title_case:
        return len(words) == 1 and is_common(words[0], 3.0)
    return all(w[:1].islower() for w in words)


def is_title_case(line: str) -> bool:
    """A headline line where (nearly) every word is capitalized."""
    words = [w for w in re.findall(r"[A-Za-z][\w'.-]*", line) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def is_lone_common_word(name: str) -> bool:
    """One everyday word ("Community", "Greater", "Latin"): a fragment, not a name."""
    return " " not in name and not name.isupper() and is_common(name, 5.0)
