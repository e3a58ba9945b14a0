"""Gap analysis ("what it would take") against one evaluation, on the failing examples.

Run: `.venv/bin/python bench/bench_gaps.py`. CPU time (`time.process_time`): one evaluation is the
mean of 20, the gap analysis one run with `gaps=True`; the ratio is what the self-check costs.
"""

from __future__ import annotations

import datetime as dt
import time

import zcf
from zcf.evaluate.pipeline import evaluate_document
from zcf.locations import data_dir
from zcf.submission.reading import read_submission

AS_OF = dt.date(2026, 3, 31)
CASES = (("zcf-cn-general", "failing"), ("zcf-cn-general", "near-zero-carbon"), ("zcf-cn-dc", "failing"),
         ("zcf-hn-2025", "failing"))


def main() -> int:
    for rid, name in CASES:
        ruleset = zcf.load_ruleset(rid, as_of=AS_OF)
        doc = read_submission(data_dir("examples") / rid / f"{name}.json")
        evaluate_document(ruleset, doc, as_of=AS_OF)
        start = time.process_time()
        for _ in range(20):
            evaluate_document(ruleset, doc, as_of=AS_OF)
        one = (time.process_time() - start) / 20
        start = time.process_time()
        result = evaluate_document(ruleset, doc, as_of=AS_OF, gaps=True)
        gaps = time.process_time() - start
        print(f"{rid}/{name}: one {one * 1e3:.1f} ms, with gaps {gaps * 1e3:.0f} ms = {gaps / one:.0f}x, "
              f"{len(result.gaps)} gaps")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
