"""Fixtures for the standards tests: a factory of small documents written to a temp folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from zcf.standards import catalog

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<standard dtd-version="1.2" xml:lang="zh-CN">
  <front>
    <std-meta>
      <title-wrap xml:lang="zh-CN"><full>测试文件</full></title-wrap>
      <title-wrap xml:lang="en"><full>Test document</full></title-wrap>
      <std-ident><originator>ZCF</originator><doc-number>T/ZCF 1—2026</doc-number><edition>2026</edition></std-ident>
      <release-date iso-8601-date="2026-01-19">2026-01-19</release-date>
      <custom-meta-group>
        <custom-meta><meta-name>issuer</meta-name><meta-value>zcf tests</meta-value></custom-meta>
        <custom-meta><meta-name>source-url</meta-name><meta-value>https://example.org/t</meta-value></custom-meta>
        <custom-meta><meta-name>known-from</meta-name><meta-value>full-text</meta-value></custom-meta>
      </custom-meta-group>
    </std-meta>
  </front>
  <body>
"""
TAIL = """  </body>
</standard>
"""


def title(zh: str, en: str) -> str:
    return (
        f'<title><named-content content-type="lang" xml:lang="zh-CN">{zh}</named-content>'
        f'<named-content content-type="lang" xml:lang="en">{en}</named-content></title>'
    )


def pair(provision: str, zh: str, en: str) -> str:
    return (
        f'<p content-type="{provision}" xml:lang="zh-CN">{zh}</p>\n<p content-type="{provision}" xml:lang="en">{en}</p>'
    )


def clause(label: str, body: str, zh: str = "条款", en: str = "Clause") -> str:
    return f'<sec id="sec-{label.lower()}" sec-type="clause"><label>{label}</label>{title(zh, en)}\n{body}\n</sec>\n'


SIMPLE_BODY = clause("1", pair("requirement", "工厂应测试。", "The factory shall test."))

WriteDocument = Callable[..., Path]


@pytest.fixture
def write_document(tmp_path: Path) -> WriteDocument:
    """Write ``HEAD + body + TAIL`` (or ``raw`` bytes/text) as ``<tmp>/<name>.xml``."""

    def write(
        body: str = SIMPLE_BODY,
        *,
        name: str = "test-doc",
        raw: str | bytes | None = None,
        folder: Path | None = None,
    ) -> Path:
        path = (folder or tmp_path) / f"{name}.xml"
        path.parent.mkdir(parents=True, exist_ok=True)
        content = raw if raw is not None else HEAD + body + TAIL
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def _no_standards_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the repository's documents only, unless they set ZCF_STANDARDS themselves."""
    monkeypatch.delenv(catalog.ENV_VAR, raising=False)
