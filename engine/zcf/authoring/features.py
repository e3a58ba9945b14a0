"""Which feature scenarios exercise which ruleset clause, and with which statuses.

Reads `features/<ruleset-id>/*.feature` with the official Gherkin parser (the one pytest-bdd uses),
so a file the test runner would reject is reported here with its line, not silently skipped. Owns
the feature conventions (tags `@clause_GEN_07`, steps `条款 GEN-07 的结论为 "符合"`); the checks
that decide whether a clause has enough scenarios live in `zcf.authoring.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from gherkin.errors import CompositeParserException, ParserError, ParserException
from gherkin.parser import Parser
from gherkin.token_scanner import TokenScanner
from pydantic import BaseModel, ConfigDict

from zcf.model.result import ClauseStatus

#: The zh-CN status words a scenario asserts, as the step library spells them.
STATUS_WORDS: dict[str, ClauseStatus] = {
    "符合": ClauseStatus.PASS,
    "不符合": ClauseStatus.FAIL,
    "不适用": ClauseStatus.NOT_APPLICABLE,
    "待补充": ClauseStatus.INDETERMINATE,
    "人工评审": ClauseStatus.MANUAL_REVIEW,
}
WORDS: dict[ClauseStatus, str] = {status: word for word, status in STATUS_WORDS.items()}

#: A status assertion, matched against one step's text (the keyword is not part of it).
ASSERTION = re.compile(r'^条款\s*(?P<clause>\S+?)\s*的结论为\s*"(?P<word>[^"]*)"\s*$')
TAG_PREFIX = "@clause_"
_PLACEHOLDER = re.compile(r"<([^<>]+)>")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScenarioRef(_Frozen):
    """One scenario instance (an Outline contributes one per Examples row) tagged for a clause."""

    file: str
    #: the Scenario line, or the Examples row line for an Outline instance
    line: int
    name: str
    #: statuses this instance asserts for the clause it is indexed under (may be empty)
    statuses: tuple[ClauseStatus, ...] = ()


class FeatureProblem(_Frozen):
    """Something wrong in a feature file; `checks` turns it into a finding."""

    code: str
    severity: str
    file: str
    line: int | None
    message: str
    clause_id: str | None = None


class FeatureIndex(_Frozen):
    """Scenarios per clause id, plus every problem met while reading the folder."""

    folder: str
    files: tuple[str, ...] = ()
    scenarios: dict[str, tuple[ScenarioRef, ...]] = {}
    problems: tuple[FeatureProblem, ...] = ()

    def for_clause(self, clause_id: str) -> tuple[ScenarioRef, ...]:
        return self.scenarios.get(clause_id, ())


def clause_tag(clause_id: str) -> str:
    """The tag that marks a scenario as exercising `clause_id` (Gherkin tags cannot hold `-`)."""
    return TAG_PREFIX + clause_id.replace("-", "_")


def scan_features(folder: Path, clause_ids: Iterable[str]) -> FeatureIndex:
    """Index every `*.feature` under `folder` by the clauses its scenarios are tagged with.

    A missing folder is an empty index: the caller reports the clauses left without scenarios.
    """
    ids = tuple(clause_ids)
    by_tag = {clause_tag(cid): cid for cid in ids}
    found: dict[str, list[ScenarioRef]] = {cid: [] for cid in ids}
    problems: list[FeatureProblem] = []
    files = sorted(folder.rglob("*.feature")) if folder.is_dir() else []
    for path in files:
        _scan_file(path, by_tag, set(ids), found, problems)
    return FeatureIndex(
        folder=str(folder), files=tuple(str(p) for p in files),
        scenarios={cid: tuple(refs) for cid, refs in found.items() if refs},
        # an Outline repeats a step's problem on every Examples row: report it once
        problems=tuple(dict.fromkeys(problems)),
    )


def _parse(path: Path) -> tuple[dict[str, Any] | None, list[FeatureProblem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return None, [FeatureProblem(code="feature-syntax", severity="error", file=str(path), line=None,
                                     message=f"cannot read feature file: {err}")]
    try:
        return dict(Parser().parse(TokenScanner(text))), []
    except CompositeParserException as err:
        errors: list[ParserException] = list(err.errors)
    except ParserException as err:
        errors = [err]
    except ParserError as err:  # pragma: no cover - the parser raises the two above
        return None, [FeatureProblem(code="feature-syntax", severity="error", file=str(path), line=None,
                                     message=f"not valid Gherkin: {err}")]
    return None, [
        FeatureProblem(code="feature-syntax", severity="error", file=str(path), line=e.location.get("line"),
                       message=f"not valid Gherkin: {e.args[0]} (is `# language: zh-CN` the first line?)")
        for e in errors
    ]


def _scenarios(children: list[Any], inherited: frozenset[str]) -> Iterator[tuple[dict[str, Any], frozenset[str]]]:
    """Every scenario with its effective tags (Feature and Rule tags are inherited, as in Gherkin)."""
    for child in children:
        if "scenario" in child:
            scenario = child["scenario"]
            yield scenario, inherited | {t["name"] for t in scenario.get("tags", ())}
        elif "rule" in child:
            rule = child["rule"]
            yield from _scenarios(rule.get("children", []), inherited | {t["name"] for t in rule.get("tags", ())})


_Instance = tuple[int, str, dict[str, str], frozenset[str]]


def _instances(scenario: dict[str, Any], tags: frozenset[str]) -> Iterator[_Instance]:
    """(line, name, example values, tags) per instance: the scenario itself, or each Examples row."""
    name = scenario.get("name", "")
    examples = scenario.get("examples") or []
    if not examples:
        yield scenario["location"]["line"], name, {}, tags
        return
    for table in examples:
        header = [cell["value"] for cell in (table.get("tableHeader") or {}).get("cells", [])]
        extra = tags | {t["name"] for t in table.get("tags", ())}
        for index, row in enumerate(table.get("tableBody") or [], start=1):
            values = dict(zip(header, (cell["value"] for cell in row["cells"]), strict=False))
            label = f"{name} [{table.get('name') or 'Examples'} #{index}]"
            yield row["location"]["line"], label, values, extra


def _substitute(text: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def _scan_file(path: Path, by_tag: dict[str, str], ids: set[str], found: dict[str, list[ScenarioRef]],
               problems: list[FeatureProblem]) -> None:
    document, parse_problems = _parse(path)
    problems.extend(parse_problems)
    feature = (document or {}).get("feature")
    if not feature:
        return
    file = str(path)
    feature_tags = frozenset(t["name"] for t in feature.get("tags", ()))
    for scenario, tags in _scenarios(feature.get("children", []), feature_tags):
        for tag in sorted(t for t in tags if t.startswith(TAG_PREFIX) and t not in by_tag):
            problems.append(FeatureProblem(
                code="unknown-clause", severity="warning", file=file, line=scenario["location"]["line"],
                message=f"tag {tag} names no clause of this ruleset; tags are `@clause_` + the clause id "
                        f"with `-` written `_`, e.g. {next(iter(by_tag), '@clause_GEN_07')}"))
        for line, name, values, instance_tags in _instances(scenario, tags):
            asserted = _assertions(scenario, values, file, ids, instance_tags, by_tag, problems)
            for tag in sorted(instance_tags):
                cid = by_tag.get(tag)
                if cid is not None:
                    found[cid].append(ScenarioRef(file=file, line=line, name=name,
                                                  statuses=tuple(asserted.get(cid, ()))))


def _assertions(scenario: dict[str, Any], values: Mapping[str, str], file: str, ids: set[str],
                tags: frozenset[str], by_tag: dict[str, str],
                problems: list[FeatureProblem]) -> dict[str, list[ClauseStatus]]:
    """Statuses asserted per clause id in one instance; odd assertions become problems."""
    asserted: dict[str, list[ClauseStatus]] = {}
    tagged = {by_tag[t] for t in tags if t in by_tag}
    for step in scenario.get("steps", []):
        match = ASSERTION.match(_substitute(step["text"], values))
        if match is None:
            continue
        cid, word, line = match["clause"], match["word"], step["location"]["line"]
        status = STATUS_WORDS.get(word)
        if status is None:
            problems.append(FeatureProblem(
                code="unknown-status", severity="error", file=file, line=line, clause_id=cid if cid in ids else None,
                message=f"status {word!r} is not one of {', '.join(STATUS_WORDS)}"
                        + (" (an Outline placeholder with no Examples column of that name?)" if "<" in word else "")))
            continue
        if cid not in ids:
            problems.append(FeatureProblem(
                code="unknown-clause", severity="warning", file=file, line=line,
                message=f"the step asserts clause {cid!r}, which this ruleset does not have"))
            continue
        if cid not in tagged:
            problems.append(FeatureProblem(
                code="untagged-assertion", severity="warning", file=file, line=line, clause_id=cid,
                message=f"the scenario asserts {cid} but is not tagged {clause_tag(cid)}; "
                        "the assertion does not count towards its coverage until it is"))
            continue
        if status not in asserted.setdefault(cid, []):
            asserted[cid].append(status)
    return asserted
