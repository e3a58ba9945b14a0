"""`zcf new`: scaffold an authoring folder for a tailored ruleset, or a standards document.

`new_ruleset` writes the layout `zcf test` and `zcf ruleset check` read (see `zcf.bdd.runner`):
the ruleset with one starter clause (a gate on the renewable electricity share) and its parameter,
a submission-schema extension, a NISO STS standards document holding the starter clause's text, a
feature with passing and failing scenarios for it, and an example copied from the base ruleset's.
Everything it writes passes both commands as written; the author then edits it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.sax.saxutils import escape

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from zcf.errors import UsageError
from zcf.locations import data_dir
from zcf.rulesets.registry import find

RULESET_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)+$")
DOCUMENT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_PROVINCE = re.compile(r"^\d{2}(?:\d{4})?$")
_INDUSTRY = re.compile(r"^[A-T](?:\d{2,4})?$")
STARTER_SHARE = "0.60"


def clause_prefix(ruleset_id: str) -> str:
    """The clause-id prefix of a ruleset: its first word after `zcf`, upper case (`zcf-city-2026` -> CITY)."""
    words = [w for w in ruleset_id.split("-") if w != "zcf" and w[0].isalpha()]
    return (words[0] if words else "loc").upper()


def document_id(designation: str) -> str:
    """A standards document id from a designation: `T/ABC 001-2026` -> `t-abc-001-2026`."""
    return re.sub(r"[^a-z0-9]+", "-", designation.lower()).strip("-")


def version_range(text: str) -> str:
    """A version range as `extends` writes it: `^1.2` -> `>=1.2,<2`; `1.0.0` pins; PEP 440 ranges pass.

    Raises:
        UsageError: not a version or range.
    """
    try:
        if text.startswith("^"):
            low = Version(text[1:])
            return f">={low},<{low.major + 1}"
        if text[:1].isdigit():
            return str(Version(text))
        SpecifierSet(text)
    except (InvalidVersion, InvalidSpecifier) as err:
        raise UsageError(f"--extends range {text!r} is not a version range",
                         hint="e.g. zcf-cn-general@^1.0 or zcf-cn-general@>=1.0,<2") from err
    return text


def _refuse_existing(paths: list[Path]) -> None:
    existing = [str(p) for p in paths if p.exists()]
    if existing:
        raise UsageError(f"refusing to overwrite {', '.join(existing)}",
                         hint="pick another id or --dir, or remove the files first")


def new_ruleset(root: Path, ruleset_id: str, *, extends: str, province: str | None = None,
                industry: str | None = None) -> list[Path]:
    """Write the scaffold under `root`; return the files written.

    Raises:
        UsageError: a malformed id/code, a base that is not installed, or files already there.
    """
    if not RULESET_ID.match(ruleset_id):
        raise UsageError(f"ruleset id {ruleset_id!r} is not lowercase words joined by '-'",
                         hint="e.g. zcf-city-2026")
    if province is not None and not _PROVINCE.match(province):
        raise UsageError(f"--province {province!r} is not a GB/T 2260 code", hint="e.g. 43 or 430100")
    if industry is not None and not _INDUSTRY.match(industry):
        raise UsageError(f"--industry {industry!r} is not a GB/T 4754 code prefix", hint="e.g. C or C39")
    base_id, at, base_range = extends.partition("@")
    base = find(base_id)  # RulesetNotFoundError names the choices
    prefix = clause_prefix(ruleset_id)
    clause = f"{prefix}-01"
    param = f"{prefix.lower()}_renewable_share_min"
    key = prefix.lower()
    folder = root / "rulesets" / ruleset_id / "1.0.0"
    files = {
        "ruleset": folder / "ruleset.yaml",
        "schema": folder / "submission.schema.json",
        "standard": root / "standards" / f"{ruleset_id}.xml",
        "feature": root / "features" / ruleset_id / f"{clause}.feature",
        "example": root / "examples" / ruleset_id / "example.json",
    }
    _refuse_existing(list(files.values()))
    example = _base_example(base.id)
    applies = [f'  {name}: ["{code}"]' for name, code in (("province", province), ("industry_code", industry))
               if code is not None]
    ruleset_text = _RULESET.format(
        id=ruleset_id, extends=f"{base.id}@{version_range(base_range) if at else '>=' + base.version}",
        effective_from=base.effective_from.isoformat(), doc=ruleset_id, clause=clause, param=param,
        share=STARTER_SHARE, applies=("applies_to:\n" + "\n".join(applies)) if applies else "applies_to: {}")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:zcf:schema:{ruleset_id}:1.0.0:submission",
        "title": f"{ruleset_id} submission extension",
        "description": f"Composed with the {base.id} submission schema (allOf). Data of this scheme lives "
                       f"under /extensions/{key}.",
        "type": "object",
        "properties": {"extensions": {"type": "object", "properties": {key: {
            "type": "object", "additionalProperties": False,
            "description": "Data this scheme asks for beyond the base ruleset's.",
            "properties": {"programme_number": {
                "type": "string", "minLength": 1, "maxLength": 100,
                "description": "Number of the factory's entry in the scheme's programme."}}}}}},
    }
    for path in files.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    files["ruleset"].write_text(ruleset_text, encoding="utf-8")
    files["schema"].write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    files["standard"].write_text(_standard_xml(ruleset_id, f"{ruleset_id} 零碳工厂评价细则",
                                               f"{ruleset_id} zero-carbon factory rules", clause),
                                 encoding="utf-8")
    files["feature"].write_text(_FEATURE.format(id=ruleset_id, tag=ruleset_id.replace("-", "_"),
                                                clause=clause, clause_tag=clause.replace("-", "_"),
                                                percent="60%", below="59.99%"), encoding="utf-8")
    files["example"].write_bytes(example)
    return list(files.values())


def _base_example(base_id: str) -> bytes:
    """The base ruleset's example to start from (`zero-carbon.json` where there is one)."""
    folder = data_dir("examples") / base_id
    found = sorted(folder.glob("*.json"))
    if not found:
        raise UsageError(f"the base ruleset {base_id} ships no example to start from",
                         hint=f"extend a ruleset with examples/{base_id}/*.json, e.g. zcf-cn-general")
    preferred = folder / "zero-carbon.json"
    return (preferred if preferred.is_file() else found[0]).read_bytes()


def new_standard(root: Path, designation: str, *, title_zh: str, title_en: str) -> Path:
    """Write `standards/<id>.xml`: a NISO STS document with one requirement clause to fill in.

    Raises:
        UsageError: the designation gives no usable id, or the file exists.
    """
    doc = document_id(designation)
    if not doc or not DOCUMENT_ID.match(doc):
        raise UsageError(f"cannot make a document id from {designation!r}", hint="e.g. T/ABC 001-2026")
    path = root / "standards" / f"{doc}.xml"
    _refuse_existing([path])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_standard_xml(designation, title_zh, title_en, "1"), encoding="utf-8")
    return path


def _standard_xml(designation: str, title_zh: str, title_en: str, label: str) -> str:
    return _STANDARD.format(designation=escape(designation), title_zh=escape(title_zh),
                            title_en=escape(title_en), label=escape(label),
                            sec_id="sec-" + re.sub(r"[^a-z0-9.-]", "-", label.lower()))


_RULESET = """\
# A tailored ruleset scaffolded by `zcf new ruleset`. Edit the clause, its parameter and the
# standards text (standards/{doc}.xml) to match the scheme; keep each threshold's source and
# provenance true (published | provisional | derived | unverified).
# Check:  zcf ruleset check rulesets/{id}/1.0.0 --run     Test:  zcf test rulesets/{id}/1.0.0

id: {id}
version: 1.0.0
title:
  zh-CN: {id} 零碳工厂评价细则
  en: {id} zero-carbon factory rules
publisher: {id} authors
status: draft
effective_from: {effective_from}
effective_until: null
supersedes: null
extends: "{extends}"
standard: {{document: {doc}, edition: "1.0"}}
submission_schema: submission.schema.json
{applies}

parameters:
  {param}:
    unit: "1"
    provenance: unverified
    source: >-
      Starter value written by `zcf new ruleset`; replace it with the scheme's figure and cite the
      clause and publication it comes from.
    description:
      zh-CN: 可再生电力占比下限（起步示例）。
      en: Minimum renewable electricity share (starter example).
    values:
      - {{from: {effective_from}, value: {share}}}

clauses:
  - id: {clause}
    ref: {clause}
    title: {{zh-CN: 可再生电力占比, en: Renewable electricity share}}
    provision: requirement
    kind: gate
    check: "renewable_electricity_share >= {param}"
    threshold: {param}
    wording: {{{param}: 不低于}}
    messages:
      pass:
        zh-CN: 可再生电力占比不低于下限。
        en: The renewable electricity share is at or above the minimum.
      fail:
        zh-CN: 可再生电力占比低于下限。
        en: The renewable electricity share is below the minimum.
      indeterminate:
        zh-CN: 缺少计算可再生电力占比所需的用电数据。
        en: Electricity data needed for the renewable share is missing.
    remediation:
      zh-CN: 增加厂内可再生能源发电，或通过绿电交易、绿证提高可再生电力占比。
      en: Add on-site renewable generation, or raise the share with green-power trades and certificates.
"""

_FEATURE = """\
# language: zh-CN
@ruleset_{tag}
功能: 可再生电力占比（{clause}）
  可再生电力占比不低于下限即符合；示例工厂自带厂内光伏，下面的场景先去掉它，再按占比取证书。

  背景:
    假如 一家按示例 "example" 申报的工厂

  @clause_{clause_tag}
  场景: 示例工厂的可再生电力占比达到下限
    当 按规则集 "{id}" 评估
    那么 条款 {clause} 的结论为 "符合"

  @clause_{clause_tag}
  场景大纲: 可再生电力占比以下限为界
    假如 工厂没有厂内可再生能源发电
    而且 工厂的可再生电力占比为 <占比>
    当 按规则集 "{id}" 评估
    那么 条款 {clause} 的结论为 "<结论>"

    例子:
      | 占比 | 结论 |
      | {percent} | 符合 |
      | {below} | 不符合 |
"""

_STANDARD = """\
<?xml version="1.0" encoding="UTF-8"?>
<standard dtd-version="1.2" xml:lang="zh-CN">
  <front>
    <std-meta>
      <title-wrap xml:lang="zh-CN"><full>{title_zh}</full></title-wrap>
      <title-wrap xml:lang="en"><full>{title_en}</full></title-wrap>
      <std-ident>
        <originator>AUTHOR</originator>
        <doc-type>local-guideline</doc-type>
        <doc-number>{designation}</doc-number>
        <edition>1.0</edition>
      </std-ident>
      <content-language>zh-CN</content-language>
      <content-language>en</content-language>
      <custom-meta-group>
        <custom-meta><meta-name>issuer</meta-name><meta-value>The issuing body (replace).</meta-value></custom-meta>
        <custom-meta><meta-name>source-url</meta-name><meta-value>https://example.org/replace-with-the-publication</meta-value></custom-meta>
        <custom-meta><meta-name>known-from</meta-name><meta-value>full-text</meta-value></custom-meta>
        <custom-meta><meta-name>note</meta-name>
          <meta-value>Scaffolded by zcf new; paraphrase the source in your own words.</meta-value></custom-meta>
      </custom-meta-group>
    </std-meta>
  </front>
  <body>
    <sec id="{sec_id}" sec-type="clause">
      <label>{label}</label>
      <title><named-content content-type="lang" xml:lang="zh-CN">可再生电力占比</named-content>
        <named-content content-type="lang" xml:lang="en">Renewable electricity share</named-content></title>
      <p content-type="requirement" xml:lang="zh-CN">工厂的可再生电力占比应不低于规定的下限。</p>
      <p content-type="requirement" xml:lang="en">The factory's renewable electricity share shall be at least the
        set minimum.</p>
    </sec>
  </body>
</standard>
"""
