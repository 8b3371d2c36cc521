"""YAML text to Python data, with libyaml's C loader where PyYAML was built with it.

The data files are read at every start: the C loader reads the officeholders file in
0.14 s of CPU where the pure-Python one takes 0.65 s. Where libyaml is missing the
pure-Python loader reads the same data.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """The data of a YAML document (plain types only, like ``yaml.safe_load``)."""
    return yaml.load(text, Loader=_LOADER)  # noqa: S506 -- a safe loader
