"""Names vulture reports as unused that a framework calls (reviewed; see test_gates.py).

- Click passes `standalone_mode`; context managers' `__exit__` take the exception.
- spaCy calls `initialize(get_examples, ...)`, `to_disk`/`from_disk`, factories by name.
- Click calls commands and `ParamType.convert`; Dask calls a worker plugin's `setup`.
- io's raw readers implement `readable`/`readinto` for `io.BufferedReader`.
- openpyxl reads `freeze_panes` and `number_format` when set.
- Date rules register themselves through the `_rule` decorator.
"""

standalone_mode  # type: ignore[name-defined]  # noqa: B018, F821
exc  # type: ignore[name-defined]  # noqa: B018, F821
get_examples  # type: ignore[name-defined]  # noqa: B018, F821
