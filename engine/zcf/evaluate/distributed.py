"""A batch on a Dask cluster: the one module that imports dask.distributed.

The unit of work is the same chunk `zcf.evaluate.batch.record_chunk` handles in a local process
pool, so a cluster run gives byte-identical records in input order. Every worker needs zcf (same
version) and the rulesets the batch names; the README shows a multi-node recipe.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from typing import Any, cast

from zcf.errors import UsageError
from zcf.evaluate.batch import BatchItem, BatchOptions, record_chunk, run_ordered

LOCAL = "local"


def run_dask(items: Iterable[BatchItem], options: BatchOptions, *, address: str, jobs: int,
             chunk_size: int = 16) -> Iterator[tuple[str, int]]:
    """Records computed on the Dask cluster at `address` (`local`: a LocalCluster of `jobs`
    single-threaded worker processes started here and stopped afterwards)."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # an optional extra: say how to get it
        raise UsageError("--dask needs the dask extra", hint="pip install 'zcf-engine[dask]'") from err
    cluster: Any = None
    try:
        if address == LOCAL:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   dashboard_address=":0", silence_logs=40)  # any free port, never 8787
            client = Client(cluster)
        else:
            client = Client(address, timeout="10s")
    except OSError as err:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {err}",
                         hint="start one with `dask scheduler` or use --dask local") from err
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))

        def submit(chunk: list[BatchItem]) -> Future[list[tuple[str, int]]]:
            return cast("Future[list[tuple[str, int]]]", client.submit(record_chunk, chunk, options, pure=False))

        yield from run_ordered(items, submit, chunk_size=chunk_size, in_flight=workers * 4)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
