"""Date expressions in English news text, and their TIMEX3 values against a publication date.

Pure Python (no spaCy), so it can be used and tested on its own:

- :func:`scan` finds candidate date expressions in a text (character spans);
- :func:`normalize` turns one expression into a TIMEX3 value, resolved against
  the document creation time (DCT) and the tense of the sentence around it.

Modules: :mod:`.grammar` (the month, weekday and number vocabulary), :mod:`.scanner`,
:mod:`.timex` (the normalizer's rules), :mod:`.anchoring` (placing a yearless date).
"""

from tradenews.dates.grammar import vocabulary
from tradenews.dates.scanner import Candidate, scan
from tradenews.dates.timex import VALUE_GRAMMAR, normalize, quarter_ended

__all__ = ["VALUE_GRAMMAR", "Candidate", "normalize", "quarter_ended", "scan", "vocabulary"]
