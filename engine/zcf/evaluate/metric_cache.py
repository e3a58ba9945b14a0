"""Share accounting results between rulesets evaluated on one submission (multi-scheme runs).

An accounting function's result depends on the document, the as-of date and the parameters it
reads (and their provenance, which its trace cites). The cache is an accounting `SharedMemo`:
it records which parameters each computation read, and reuses the result for another ruleset
only when those parameters have the same values there (`zcf.accounting.memo`).
"""

from __future__ import annotations

from zcf.accounting.memo import SharedMemo


class MetricCache(SharedMemo):
    """Per-submission store of accounting results, keyed by computation and what it read."""
