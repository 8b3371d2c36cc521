"""Scheduler addresses (``--scheduler``): checked before any work, without importing Dask.

A mistyped address is a usage error, not a connection attempt that fails (or hangs)
later: ``local`` (any case), ``tcp://HOST:PORT`` or ``tls://HOST:PORT``, or
``HOST:PORT`` for TCP (Dask's own shorthand). IPv6 hosts go in brackets.
"""

from __future__ import annotations

import urllib.parse

LOCAL = "local"
SCHEMES = ("tcp", "tls")
FORMS = "'local', tcp://HOST:PORT or tls://HOST:PORT"


class BadAddress(ValueError):
    """Not a scheduler address tradenews can connect to."""


def parse_scheduler(value: str) -> str:
    """The address in the form Dask takes (``local`` or ``scheme://host:port``)."""
    text = value.strip()
    if text.lower() == LOCAL:
        return LOCAL
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "tcp", text
    scheme = scheme.lower()
    if scheme not in SCHEMES:
        raise BadAddress(f"{value!r}: {scheme}:// is not a scheduler protocol; give {FORMS}")
    try:
        parts = urllib.parse.urlsplit(f"{scheme}://{rest}")
        port = parts.port
    except ValueError:
        port, parts = None, None
    if (
        parts is None
        or not parts.hostname
        or port is None
        or port == 0
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise BadAddress(f"{value!r} is not a scheduler address; give {FORMS}")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host}:{port}"
