"""The engine: loads the model and our components, streams documents through them.

- :mod:`~tradenews.engine.model`: which spaCy model, and the Language built from it;
- :mod:`~tradenews.engine.pipeline`: a run's pipeline, fingerprinted, loaded on first use;
- :mod:`~tradenews.engine.runner`: the streaming runner (windows, worker processes);
- :mod:`~tradenews.engine.cluster`: the same on a Dask cluster (with ``cluster_client``
  connecting and checking the workers, ``address`` checking ``--scheduler``);
- :mod:`~tradenews.engine.chunks`: long documents cut into parts the model accepts;
- :mod:`~tradenews.engine.fingerprint`: what decides a document's results, hashed;
- :mod:`~tradenews.engine.cache`: the persistent results cache.

Nothing here imports spaCy until a document has to be analyzed.
"""

from __future__ import annotations

from tradenews.engine.model import ModelNotFound, build, resolve_model_name
from tradenews.engine.pipeline import Pipeline
from tradenews.engine.runner import analyze, make_doc, results_of

__all__ = [
    "ModelNotFound",
    "Pipeline",
    "analyze",
    "build",
    "make_doc",
    "resolve_model_name",
    "results_of",
]
