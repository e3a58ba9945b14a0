"""Editions side by side: as-of selection, pins, ties, supersession and transition windows.

Every edition here is written to tmp_path and put on the search path with ZCF_RULESETS; nothing is
published in the repo's rulesets/.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from tiny_ruleset import BASE
from zcf.errors import RulesetNotFoundError
from zcf.evaluate.editions import edition_date, evaluate_transition
from zcf.model.result import ClauseStatus
from zcf.rulesets import registry

SCHEMA = {"type": "object", "properties": {"share": {"type": "number"}}}
DOC = {"share": Decimal("0.35"), "period": {"start": "2027-01-01", "end": "2027-03-31"}}


def write_edition(root: Path, version: str, *, start: str, until: str | None = None,
                  supersedes: str | None = None, share_min: str = "0.30", status: str = "published",
                  rid: str = "tiny") -> Path:
    """A copy of the tiny ruleset as one edition, in `root/<rid>/<version>/`."""
    header = f"effective_from: {start}\n"
    header += f"effective_until: {until}\n" if until else ""
    header += f"supersedes: {supersedes}\n" if supersedes else ""
    text = (BASE.replace("id: tiny\n", f"id: {rid}\n").replace("version: 1.0.0", f"version: {version}")
            .replace("effective_from: 2026-01-01\n", header).replace("status: draft", f"status: {status}")
            .replace("value: 0.30", f"value: {share_min}"))
    folder = root / rid / version
    folder.mkdir(parents=True)
    (folder / "ruleset.yaml").write_text(text, encoding="utf-8")
    (folder / "submission.schema.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    return folder


@pytest.fixture
def editions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """1.0.0 in force 2026-01-01 → 2027-07-01; 2.0.0 (stricter) from 2027-01-01: a six-month window."""
    write_edition(tmp_path, "1.0.0", start="2026-01-01", until="2027-07-01")
    write_edition(tmp_path, "2.0.0", start="2027-01-01", supersedes="1.0.0", share_min="0.40")
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path))
    return tmp_path


def test_as_of_picks_the_edition_in_force(editions: Path) -> None:
    assert registry.find("tiny", as_of=dt.date(2026, 6, 30)).version == "1.0.0"
    assert registry.find("tiny", as_of=dt.date(2027, 3, 31)).version == "2.0.0"  # window: the newer one
    assert registry.find("tiny", as_of=dt.date(2027, 7, 1)).version == "2.0.0"  # until is exclusive
    assert registry.find("tiny").version == "2.0.0"  # no date: the current edition


def test_before_the_first_edition_the_error_says_when_it_starts(editions: Path) -> None:
    with pytest.raises(RulesetNotFoundError) as err:
        registry.find("tiny", as_of=dt.date(2025, 12, 31))
    assert "2026-01-01" in str(err.value.hint) and "1.0.0 (2026-01-01 → 2027-07-01)" in str(err.value.hint)


def test_a_pin_wins_over_dates(editions: Path) -> None:
    assert registry.find("tiny@1.0.0", as_of=dt.date(2030, 1, 1)).version == "1.0.0"
    with pytest.raises(RulesetNotFoundError, match=r"no version '3\.0\.0'"):
        registry.find("tiny@3.0.0")


def test_editions_in_force_marks_the_transition_window(editions: Path) -> None:
    assert [e.version for e in registry.editions_in_force("tiny", dt.date(2026, 12, 31))] == ["1.0.0"]
    assert [e.version for e in registry.editions_in_force("tiny", dt.date(2027, 1, 1))] == ["1.0.0", "2.0.0"]
    assert [e.version for e in registry.editions_in_force("tiny", dt.date(2027, 6, 30))] == ["1.0.0", "2.0.0"]
    assert [e.version for e in registry.editions_in_force("tiny", dt.date(2027, 7, 1))] == ["2.0.0"]
    entry = registry.find("tiny@2.0.0")
    assert entry.supersedes == "1.0.0" and entry.superseded_ref() == "tiny@1.0.0"


def test_an_open_ended_edition_ends_when_its_successor_starts(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    write_edition(tmp_path, "1.0.0", start="2026-01-01")
    write_edition(tmp_path, "2.0.0", start="2027-01-01")
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path))
    old = registry.find("tiny@1.0.0")
    assert old.effective_until is None and old.until == dt.date(2027, 1, 1)
    assert [e.version for e in registry.editions_in_force("tiny", dt.date(2027, 3, 31))] == ["2.0.0"]
    assert registry.find("tiny", as_of=dt.date(2026, 12, 31)).version == "1.0.0"


def test_same_start_date_the_higher_version_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_edition(tmp_path, "1.9.0", start="2026-06-01")
    write_edition(tmp_path, "1.10.0", start="2026-06-01")  # numeric, not text, order: 1.10 > 1.9
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path))
    assert registry.find("tiny", as_of=dt.date(2026, 7, 1)).version == "1.10.0"
    assert [e.version for e in registry.editions_in_force("tiny", dt.date(2026, 7, 1))] == ["1.10.0"]
    assert [e.version for e in registry.discover() if e.id == "tiny"] == ["1.9.0", "1.10.0"]


def test_an_edition_marked_superseded_loses_a_tie(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_edition(tmp_path, "1.0.0", start="2026-01-01", until="2028-01-01")
    write_edition(tmp_path, "1.1.0", start="2027-01-01", until="2028-01-01", status="superseded")
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path))
    assert registry.find("tiny", as_of=dt.date(2027, 3, 31)).version == "1.0.0"


def test_the_edition_that_supersedes_wins_whatever_its_number(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    # An erratum 1.0.1 re-issued by the body supersedes a wrongly numbered 1.5.0 starting the same day.
    write_edition(tmp_path, "1.5.0", start="2026-01-01", until="2028-01-01")
    write_edition(tmp_path, "1.0.1", start="2026-01-01", until="2028-01-01", supersedes="tiny@1.5.0")
    monkeypatch.setenv("ZCF_RULESETS", str(tmp_path))
    assert registry.find("tiny", as_of=dt.date(2026, 6, 1)).version == "1.0.1"


def test_evaluate_transition_reports_both_verdicts(editions: Path) -> None:
    evaluation = evaluate_transition("tiny", DOC)
    assert evaluation is not None
    transition = evaluation.transition
    assert transition.id == "tiny" and transition.as_of == dt.date(2027, 3, 31)
    assert [e.version for e in transition.editions] == ["1.0.0", "2.0.0"]
    assert [r.ruleset.version for r in evaluation.results] == ["1.0.0", "2.0.0"]
    assert [r.clause("T-01").status for r in evaluation.results] == [ClauseStatus.PASS, ClauseStatus.FAIL]
    assert [e.compliant for e in transition.editions] == [True, False]
    assert transition.compliant  # the old edition still applies during the window
    assert "1.0.0 (2026-01-01 → 2027-07-01): compliant" in transition.notice()
    assert "2.0.0 (2027-01-01 → …): not compliant" in transition.notice()


def test_no_transition_outside_the_window(editions: Path) -> None:
    assert evaluate_transition("tiny", DOC, as_of=dt.date(2027, 8, 1)) is None
    assert evaluate_transition("tiny", DOC, as_of=dt.date(2026, 8, 1)) is None


def test_edition_date_clamps_the_period_end_into_the_edition(editions: Path) -> None:
    from zcf.rulesets.loader import load_ruleset_dir

    old = load_ruleset_dir(editions / "tiny" / "1.0.0").model
    new = load_ruleset_dir(editions / "tiny" / "2.0.0").model
    assert edition_date(old, dt.date(2027, 3, 31)) == dt.date(2027, 3, 31)
    assert edition_date(old, dt.date(2027, 12, 31)) == dt.date(2027, 6, 30)  # last day in force
    assert edition_date(new, dt.date(2026, 12, 31)) == dt.date(2027, 1, 1)  # first day in force
