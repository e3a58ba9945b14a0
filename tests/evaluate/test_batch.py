"""Batches: every input gets one record, in input order, whatever runs them (serial, processes, Dask)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from zcf.cli.app import run
from zcf.evaluate.batch import BatchItem, BatchOptions, read_inputs, record, run_pool, run_serial, worst
from zcf.locations import data_dir

EXAMPLES = data_dir("examples") / "zcf-cn-general"
OPTIONS = BatchOptions(("zcf-cn-general",), dt.date(2026, 3, 31), "compiled", False)
AS_OF = "2026-03-31"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # evaluated_at fixed: records compare as bytes


def distinct_submissions(count: int) -> list[bytes]:
    """`count` different submissions: the general examples with the natural gas burnt varied."""
    bases = [json.loads(p.read_text("utf-8"), parse_float=Decimal) for p in sorted(EXAMPLES.glob("*.json"))]
    out = []
    for i in range(count):
        doc = copy.deepcopy(bases[i % len(bases)])
        doc["enterprise"]["name"] = f"{doc['enterprise']['name']} {i}"
        for fuel in doc.get("energy", {}).get("fuels", []):
            fuel["amount"]["value"] = str(Decimal(str(fuel["amount"]["value"])) + i)
        out.append(json.dumps(doc, ensure_ascii=False, default=str).encode())
    return out


def items(datas: list[bytes]) -> list[BatchItem]:
    return [BatchItem(i, f"s{i}", d) for i, d in enumerate(datas)]


def test_a_record_holds_the_same_result_as_one_evaluation(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = EXAMPLES / "failing.json"
    assert run(["evaluate", str(path), "--as-of", AS_OF, "--no-gaps", "-f", "json"]) == 1
    single = json.loads(capsys.readouterr().out)
    assert run(["evaluate", str(path), str(EXAMPLES / "zero-carbon.json"), "--as-of", AS_OF, "--no-gaps",
                "-j", "1"]) == 1
    lines = capsys.readouterr().out.splitlines()
    first, second = (json.loads(line) for line in lines)
    assert (first["input"], first["index"], first["exit_code"]) == (str(path), 0, 1)
    assert first["result"] == single
    assert second["index"] == 1 and second["exit_code"] == 0
    assert second["result"]["verdict"]["grade"] == "zero-carbon"


def test_a_folder_is_its_json_files_in_name_order() -> None:
    names = [item.name for item in read_inputs([str(EXAMPLES)])]
    assert names == [str(p) for p in sorted(EXAMPLES.glob("*.json"))]


def test_ndjson_from_stdin_gives_an_error_record_for_a_bad_line_and_loses_nothing(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    good = (EXAMPLES / "zero-carbon.json").read_bytes().replace(b"\n", b" ")
    stream = b"\n".join([good, b'{"not": "a submission"', b"", good]) + b"\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stream)))
    code = run(["evaluate", "-", "--as-of", AS_OF, "--no-gaps", "-j", "1"])
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["input"] for r in records] == ["<stdin>:1", "<stdin>:2", "<stdin>:4"]
    assert [r["exit_code"] for r in records] == [0, 3, 0]
    assert records[1]["error"]["code"] == "submission-invalid"
    assert records[1]["error"]["problems"][0]["code"]
    assert code == 3  # the worst record's


def test_a_missing_input_is_a_usage_error_before_anything_runs(tmp_path: Path) -> None:
    assert run(["evaluate", str(EXAMPLES / "zero-carbon.json"), str(tmp_path / "nope.json")]) == 2


def test_a_schema_invalid_submission_gets_its_pointers() -> None:
    doc = json.loads((EXAMPLES / "zero-carbon.json").read_text("utf-8"))
    doc["energy"]["electricity"]["grid"][0]["amount"]["unit"] = "kW"
    line, code = record(BatchItem(0, "x.json", json.dumps(doc).encode()), OPTIONS)
    assert code == 3
    problems = json.loads(line)["error"]["problems"]
    assert any(p["pointer"] == "/energy/electricity/grid/0/amount/unit" for p in problems)


def test_processes_give_the_serial_records_byte_for_byte() -> None:
    batch = items(distinct_submissions(40))
    serial = list(run_serial(batch, OPTIONS))
    assert list(run_pool(batch, OPTIONS, jobs=2, chunk_size=3)) == serial
    assert worst(code for _, code in serial) == 1


def test_the_exit_code_is_the_worst() -> None:
    assert worst([0, 1, 3, 1]) == 3
    assert worst([]) == 0


def test_dask_local_cluster_gives_the_serial_records_byte_for_byte() -> None:
    pytest.importorskip("distributed")
    from zcf.evaluate.distributed import run_dask

    batch = items(distinct_submissions(1000))
    serial = list(run_serial(batch, OPTIONS))
    on_dask = list(run_dask(batch, OPTIONS, address="local", jobs=2))
    assert len(on_dask) == 1000
    assert on_dask == serial


def test_the_cli_batch_over_a_real_process_writes_ndjson(tmp_path: Path) -> None:
    """`zcf evaluate DIR -o FILE` as a user runs it, in a subprocess (progress bar off the terminal)."""
    out = tmp_path / "results.ndjson"
    done = subprocess.run([sys.executable, "-m", "zcf", "evaluate", str(EXAMPLES), "--as-of", AS_OF,
                           "--no-gaps", "-o", str(out), "-j", "2"], capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    records: list[dict[str, Any]] = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["index"] for r in records] == list(range(len(list(EXAMPLES.glob("*.json")))))
    assert "Traceback" not in done.stderr


def test_an_oversized_or_unreadable_file_gets_an_error_record(tmp_path: Path) -> None:
    """Files of a batch go through the one bounded reader; a refusal is a record, never a stop."""
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 64)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    items = list(read_inputs([str(big), str(fifo)], max_bytes=32))
    records = [json.loads(record(item, OPTIONS)[0]) for item in items]
    assert records[0]["error"]["code"] == "submission-invalid"
    assert records[0]["error"]["problems"][0]["code"] == "too-large"
    assert records[1]["error"]["exit_code"] == 2 and "not a regular file" in records[1]["error"]["message"]
