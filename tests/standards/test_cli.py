"""`zcf standards` through typer's CliRunner (no subprocess)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner
from zcf.cli.standards import app
from zcf.standards.errors import StandardGrammarError, StandardNotFoundError

from .conftest import WriteDocument

runner = CliRunner()
# rich sizes its console from COLUMNS when the output is not a terminal.
WIDE = {"COLUMNS": "240"}


def test_bare_command_lists_documents_as_json_when_piped() -> None:
    result = runner.invoke(app, [])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    by_id = {row["id"]: row for row in rows}
    assert by_id["miit-2026-13"]["number"] == "工信部联节〔2026〕13号"
    assert by_id["miit-2026-13"]["known_from"] == "summaries"
    assert by_id["hunan-2025-458"]["clauses"] == 10
    assert set(by_id["miit-2026-13"]["title"]) == {"zh-CN", "en"}


def test_bare_command_takes_the_format_option() -> None:
    result = runner.invoke(app, ["-f", "table"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "miit-2026-13" in result.output and not result.output.startswith("[")


def test_list_as_table() -> None:
    result = runner.invoke(app, ["list", "--format", "table"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "miit-2026-13" in result.output and "known-from" in result.output
    assert "湘工信节能〔2025〕458号" in result.output


def test_show_clause_subtree_in_english() -> None:
    result = runner.invoke(app, ["show", "miit-2026-13", "4.6", "--lang", "en", "-f", "table"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "4.6.3  Eligible offsets  [may]" in result.output
    assert "4.6.5" in result.output and "4.5.1" not in result.output
    assert "qualifying international carbon credits may be used" in result.output


def test_show_prints_tables_and_chinese_marks() -> None:
    result = runner.invoke(app, ["show", "hunan-2025-458", "2", "-f", "table"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "≤1.25" in result.output and "[应]" in result.output and "资料" in result.output


def test_show_as_json() -> None:
    result = runner.invoke(app, ["show", "miit-2026-13", "5", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [c["label"] for c in data["clauses"]] == ["5", "5.1", "5.2", "5.3", "5.4"]
    first = data["clauses"][1]["paragraphs"][0]
    assert first["provision"] is None and set(first["text"]) == {"zh-CN", "en"}


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["show", "nope"], "no standard document"), (["show", "miit-2026-13", "9"], "no clause")],
    ids=["document", "clause"],
)
def test_show_unknown(args: list[str], fragment: str) -> None:
    result = runner.invoke(app, args)
    assert isinstance(result.exception, StandardNotFoundError)
    assert fragment in str(result.exception)


def test_check_all_documents() -> None:
    result = runner.invoke(app, ["check"], env=WIDE)
    assert result.exit_code == 0, result.output
    assert result.output.count("ok  ") >= 11


def test_check_fails_on_invalid_file(write_document: WriteDocument, tmp_path: Path) -> None:
    bad = write_document(raw="<standard/>")
    result = runner.invoke(app, ["check", str(bad)], env=WIDE)
    assert isinstance(result.exception, StandardGrammarError)
    assert "error(s)" in result.output and str(bad) in result.output
