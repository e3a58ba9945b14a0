"""`zcf monitor` over a synthetic year: 20 grid meters at 15 minutes (about 700,000 readings).

Run: `.venv/bin/python bench/bench_monitor.py [--meters 20] [--backend compiled|durable]` (`make
bench`). The readings are generated on the fly (nothing is written) from the general example as
last year's profile, parsed as NDJSON lines, and fed to the monitor with a checkpoint file, as
`zcf monitor` does. Prints readings, checks (closed days), alerts, throughput and peak memory
(ru_maxrss, whole process, including the ruleset and the generator).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

from zcf.api import load_ruleset
from zcf.locations import data_dir
from zcf.monitor.readings import parse_ndjson
from zcf.monitor.stream import Monitor, Settings
from zcf.monitor.synthetic import stream
from zcf.submission.reading import read_submission


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meters", type=int, default=20)
    parser.add_argument("--backend", default="compiled")
    args = parser.parse_args(argv)
    profile = read_submission(data_dir("examples") / "zcf-cn-general" / "zero-carbon.json")
    alerts: list[dict[str, Any]] = []
    lines = 0

    def counted() -> Any:
        nonlocal lines
        for line in stream(profile, meters=args.meters):
            lines += 1
            yield line

    with tempfile.TemporaryDirectory() as tmp:
        watcher = Monitor(lambda on: load_ruleset("zcf-cn-general", as_of=on), profile,
                          Settings(backend=args.backend), emit=alerts.append, state_path=Path(tmp) / "state.json")
        start, cpu = time.perf_counter(), time.process_time()
        watcher.feed(parse_ndjson(counted()))
        watcher.close()
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{lines:,} readings, {args.meters} grid meters, backend {args.backend}")
    print(f"{watcher.checks} checks (closed days, each a projection evaluated and a checkpoint written), "
          f"{len(alerts)} alerts")
    print(f"wall {wall:.1f} s, CPU {cpu:.1f} s: {lines / cpu:,.0f} readings per CPU second")
    print(f"peak memory (ru_maxrss) {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
