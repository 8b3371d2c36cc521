"""Scanner patterns for dates anchored to a time the text sets ("a year earlier").

Kept apart from the scanner's calendar patterns: these are phrases about periods
("the year-ago quarter", "the following year", "for the quarter"), valued by
:mod:`tradenews.dates.anchored` against the period last mentioned. A pattern with
a group ``x`` reports only that group (the preposition before it is context).
"""

from __future__ import annotations

from tradenews.dates.grammar import WEEKDAY_NAMES

_S = r"\s+"
_COUNT = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,3})"
_APPROX = rf"(?:(?:nearly|almost|about|some|roughly|just|over|more{_S}than|less{_S}than){_S})?"
# "before" and "after" end the expression only at a clause end: "two days before the vote"
# counts from the vote.
_DIRECTION = r"(?:earlier|later|ago|(?:before|after)(?=\s*[,.;:)]|\s*$))"
_YEAR_AGO = r"(?:year[-\s](?:earlier|ago)|prior[-\s]year|previous[-\s]year)"
_PERIOD = rf"(?:(?:first|second|third|fourth)(?:-|{_S}))?(?:quarter|qtr|period|half|months?)"
_PREP = r"(?:for|in|during|through|throughout|of|over|into|within|by|until|since|from|at)"
_UNIT = r"(?:quarter|year|week|month)"

# (kind, pattern, gate): see the scanner; each runs only on texts holding a gate word.
ANCHORED_PATTERNS: list[tuple[str, str, tuple[str, ...]]] = [
    # "a year earlier", "two months later", "nearly four years ago"
    (
        "anchored",
        rf"(?i:\b{_APPROX}{_COUNT}{_S}(?:day|week|month|quarter|year)s?{_S}{_DIRECTION}\b"
        rf"(?!{_S}than\b))",
        ("earlier", "later", "ago", "before", "after"),
    ),
    # "the year-ago quarter", "the comparable year-earlier period", "year-earlier" (as an
    # adjective the noun after it is not part of the date: "year-earlier profit")
    (
        "anchored",
        rf"(?i:\b(?:the|a|its){_S}(?:(?:comparable|corresponding|same){_S})?{_YEAR_AGO}{_S}"
        rf"{_PERIOD}\b|\b{_YEAR_AGO}\b(?:{_S}{_PERIOD}\b)?)",
        ("earlier", "ago", "prior", "previous"),
    ),
    # "the same period last year", "the quarter a year ago"
    (
        "anchored",
        # "the" or an adjective of comparison: "the third period last year" is a quarter
        rf"(?i:\b(?:the{_S}(?:(?:comparable|corresponding|same|prior|previous){_S})?"
        rf"|(?:comparable|corresponding|same|prior|previous){_S})"
        rf"(?:quarter|period|month|half|week|time)(?:{_S}of)?{_S}(?:a{_S}year{_S}"
        rf"(?:earlier|ago|before)|last{_S}year|the{_S}(?:previous|prior){_S}year)\b)",
        ("last year", "a year", "previous year", "prior year"),
    ),
    (
        "anchored",
        rf"(?i:\b(?:last|the{_S}previous|the{_S}prior){_S}year['\u2019]s{_S}(?:quarter|period)\b)",
        ("year's", "year\u2019s"),
    ),
    (
        "anchored",
        rf"(?i:\bthis{_S}time{_S}last{_S}year\b|\b(?:the{_S})?comparable{_S}period\b)",
        ("time", "comparable"),
    ),
    (
        "anchored",
        rf"\b(?i:the{_S})?(?:1[89]|20)\d\d{_S}(?i:period|quarter)\b",
        ("period", "quarter"),
    ),
    # "the previous Friday", "the following Monday": a weekday counted from the day named
    (
        "anchored",
        # ("following Monday's crash": "following" without "the" is a preposition)
        rf"\b(?:(?i:the{_S})?(?i:previous|preceding|prior)|(?i:the{_S}(?:following|next))){_S}"
        rf"(?:{'|'.join(WEEKDAY_NAMES)})\b",
        ("previous", "preceding", "prior", "following", "the next"),
    ),
    # "the previous year", "the following month", "the same day"
    (
        "anchored",
        rf"(?i:\b(?:the{_S})?(?:previous|prior|preceding|following|subsequent){_S}"
        rf"(?:day|week|month|quarter|year)\b(?!-)|\bthe{_S}same{_S}(?:day|week|month|year)\b(?!-))",
        ("previous", "prior", "preceding", "following", "subsequent", "same"),
    ),
    # "for the quarter", "in the latest period", "for the full year", "in that year"
    (
        "anchored",
        rf"(?i:\b{_PREP}{_S}(?P<x>the{_S}(?:(?:latest|most{_S}recent|full|current{_S}fiscal|fiscal"
        rf"|latest{_S}fiscal){_S})?{_UNIT}|the{_S}(?:latest|most{_S}recent){_S}period"
        rf"|that{_S}(?:day|{_UNIT}))\b(?!-|{_S}(?:of|ago|earlier|before|after|later|\d)\b)"
        # "the year ended March 31": the end date says which year
        rf"(?!{_S}(?:ended|ending|ends|to|up{_S}to|through)\b))",
        ("quarter", "year", "week", "month", "period", "that day"),
    ),
    # "the latest quarter", "The latest period had profit": "latest" makes it refer anywhere
    (
        "anchored",
        rf"(?i:\bthe{_S}(?:latest|most{_S}recent){_S}(?:fiscal{_S})?(?:quarter|period)\b(?!-))",
        ("latest", "most recent"),
    ),
    (
        "anchored",
        rf"(?i:\b(?:earlier|later){_S}in{_S}the{_S}(?:day|week|month|year)\b(?!-))",
        ("earlier in", "later in"),
    ),
    (
        "anchored",
        rf"(?i:\b(?:this|the{_S}current|the{_S}latest){_S}fiscal{_S}year\b(?!-|{_S}\d))",
        ("fiscal",),
    ),
]
