"""Officials and other named people (the ``tradenews_officials`` spaCy component).

Modules: ``names`` (which spans name people), ``titles`` (the role stated around a
name), ``coref`` (one record per person), ``placement`` (whom an official serves),
``context`` (country evidence in the document), ``component`` (the spaCy factory).
"""

from tradenews.components.officials.component import OfficialsComponent, make_officials

__all__ = ["OfficialsComponent", "make_officials"]
