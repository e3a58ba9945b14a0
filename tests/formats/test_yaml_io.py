"""The YAML owner: Decimal numbers, text dates, refused duplicate keys, with libyaml's parser and without."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest
from zcf.accounting.factors import CONVERSION_TABLE, FUEL_TABLE, GRID_TABLE, load_table
from zcf.errors import RulesetError
from zcf.formats import yaml_io
from zcf.formats.yaml_io import C_PARSER, dump_yaml, parse_yaml

REPO = Path(__file__).resolve().parents[2]

#: pure_python=False is libyaml's C parser wherever PyYAML was built with it (it is here: see below)
PARSERS = [pytest.param(True, id="python"), pytest.param(False, id="c")]


def test_the_c_parser_is_used_when_pyyaml_has_it() -> None:
    import yaml

    assert C_PARSER is yaml.__with_libyaml__
    if C_PARSER:
        loader = yaml_io._new_loader("a: 1")
        assert isinstance(loader, yaml.CSafeLoader)
        loader.dispose()


@pytest.mark.parametrize("pure_python", PARSERS)
def test_numbers_with_a_fraction_are_decimal(pure_python: bool) -> None:
    data, lines = parse_yaml("a: 0.1\nb: 1_000.25\nc: 3\nd: '0.5'\ne: [2.50, 1.0e-3]\n", "t.yaml",
                             pure_python=pure_python)
    assert data == {"a": Decimal("0.1"), "b": Decimal("1000.25"), "c": 3, "d": "0.5",
                    "e": [Decimal("2.50"), Decimal("0.001")]}
    assert type(data["a"]) is Decimal and str(data["e"][0]) == "2.50"
    assert lines[("e", 1)] == 5 and lines[("b",)] == 2


@pytest.mark.parametrize("pure_python", PARSERS)
def test_dates_stay_text_unless_asked_for(pure_python: bool) -> None:
    text = "published_on: 2024-04-12\n"
    assert parse_yaml(text, "t.yaml", pure_python=pure_python)[0] == {"published_on": "2024-04-12"}
    assert parse_yaml(text, "t.yaml", dates=True, pure_python=pure_python)[0] == {
        "published_on": dt.date(2024, 4, 12)}


@pytest.mark.parametrize("pure_python", PARSERS)
@pytest.mark.parametrize("dates", [False, True])
def test_a_duplicate_key_is_refused_with_both_lines(pure_python: bool, dates: bool) -> None:
    text = "years:\n  - value: 0.5\n    status: confirmed\n    value: 0.6\n"
    with pytest.raises(RulesetError, match=r"duplicate key 'value' \(first at line 2\)") as err:
        parse_yaml(text, "grid.yaml", dates=dates, pure_python=pure_python)
    assert (err.value.file, err.value.line) == ("grid.yaml", 4)


@pytest.mark.parametrize("pure_python", PARSERS)
@pytest.mark.parametrize("text", ["a: .nan\n", "a: .inf\n", "a: [1, 2\n", ""])
def test_bad_yaml_names_the_file(pure_python: bool, text: str) -> None:
    with pytest.raises(RulesetError) as err:
        parse_yaml(text, "bad.yaml", pure_python=pure_python)
    assert err.value.file == "bad.yaml"


def _shipped_yaml() -> list[Path]:
    data = resources.files("zcf.accounting").joinpath("data")
    return [Path(str(data.joinpath(f"{t}.yaml"))) for t in (FUEL_TABLE, CONVERSION_TABLE, GRID_TABLE)] + sorted(
        (REPO / "rulesets").glob("*/*/ruleset.yaml"))


@pytest.mark.parametrize("path", _shipped_yaml(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_parsers_read_every_shipped_file_the_same(path: Path) -> None:
    text = path.read_text("utf-8")
    for dates in (False, True):
        assert parse_yaml(text, str(path), dates=dates) == parse_yaml(text, str(path), dates=dates,
                                                                       pure_python=True)


def test_factor_tables_are_read_through_the_owner_with_dates() -> None:
    grid = load_table(GRID_TABLE)
    source = resources.files("zcf.accounting").joinpath("data", f"{GRID_TABLE}.yaml")
    assert grid == parse_yaml(source.read_text("utf-8"), str(source), dates=True)[0]
    assert isinstance(grid["years"][0]["published_on"], dt.date)
    assert isinstance(grid["years"][0]["national"]["average"]["value"], Decimal)


def test_dump_writes_decimals_that_read_back_the_same() -> None:
    data = {"名称": "电力", "share": Decimal("0.30"), "count": Decimal(3), "items": [Decimal("1.5")]}
    text = dump_yaml(data)
    assert "名称: 电力" in text and "share: 0.30" in text
    assert parse_yaml(text, "dumped.yaml")[0] == data
