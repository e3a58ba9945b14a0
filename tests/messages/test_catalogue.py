"""The message catalogue: every id in both languages with the same placeholders, every id used exists."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import zcf
from zcf.cli.app import run
from zcf.messages import LANGUAGES, MESSAGES, default_lang, text

PACKAGE = Path(zcf.__file__).parent
ROOT = Path(__file__).resolve().parents[2]
USED = re.compile(r"""\b(?:text|say|t)\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""")
DYNAMIC = re.compile(r"""\b(?:text|say|t)\(\s*f?["']([a-z_]+)\.(?:["']\s*\+|\{)""")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_both_languages_with_the_same_placeholders() -> None:
    assert LANGUAGES == ("zh-CN", "en")
    for message_id, (zh, en) in MESSAGES.items():
        assert zh.strip() and en.strip(), message_id
        assert fields(zh) == fields(en), message_id


def test_every_message_id_used_in_the_code_and_templates_is_in_the_catalogue() -> None:
    sources = [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.j2")]
    used: set[str] = set()
    prefixes: set[str] = set()
    for path in sources:
        source = path.read_text("utf-8")
        used |= set(USED.findall(source))
        prefixes |= set(DYNAMIC.findall(source))
    assert used, "no message ids found: the pattern is wrong"
    assert not used - set(MESSAGES), sorted(used - set(MESSAGES))
    for prefix in prefixes:  # ids built from an enum value: every value must be there
        assert any(m.startswith(prefix + ".") for m in MESSAGES), prefix
    for status in ("pass", "fail", "not_applicable", "indeterminate", "manual_review"):
        assert text(f"status.{status}", "en") and text(f"status.{status}", "zh-CN")


@pytest.mark.parametrize(("env", "lang"), [({"LANG": "zh_CN.UTF-8"}, "zh-CN"), ({"LANG": "en_US.UTF-8"}, "en"),
                                           ({"ZCF_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"), ({}, "zh-CN")])
def test_the_default_language_comes_from_the_locale(env: dict[str, str], lang: str) -> None:
    assert default_lang(env) == lang


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_validation_problems_print_once_with_specific_hints(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                            lang: str) -> None:
    source = (ROOT / "examples/zcf-cn-general/near-zero-carbon.json").read_text("utf-8")
    bad = source.replace('"energy": {', '"energy": {\n    "天然气": {"value": "2", "unit": "m3"},', 1)
    bad = re.sub(r'("fuels": \[\s*\{[^{}]*"amount": \{\s*"value": )"?[0-9.]+"?', r'\1"1,5"', bad, count=1)
    path = tmp_path / "bad.json"
    path.write_text(bad, "utf-8")
    code = run(["evaluate", str(path), "--as-of", "2026-03-31", "--lang", lang])
    err = capsys.readouterr().err
    assert code == 3
    # the headline does not repeat the first problem; in Chinese the problem reads in Chinese
    assert err.count("Found the text '1,5'" if lang == "en" else "填写的 '1,5' 不符合要求") == 1
    assert "'1.5'" in err and "natural_gas" in err
    assert err.startswith("error[submission-invalid]:") and err.count("  hint: ") == 2
    assert ("处问题" in err and "逗号" in err) if lang == "zh-CN" else ("problem(s)" in err and "comma" in err)
