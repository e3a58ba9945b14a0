"""Wiring shared by every run of the Gherkin features: settings, tag markers, known bugs, backends.

One plugin serves `zcf test` (which generates a conftest importing it) and the repository's own
suites (`tests/bdd*/conftest.py` import it the same way):

- `SETTINGS` says where examples are looked for and which inference backends run; `zcf test`
  fills it before it starts pytest, the repository's suites keep the defaults (the shipped
  `examples/`, every backend).
- Every tag written in the bound feature folders is registered as a marker (runs use
  `--strict-markers`): `@ruleset_*` and `@clause_*` select scenarios (`-m clause_GEN_07`).
- `@known_bug_*` marks a scenario stating what the standard asks while the engine or ruleset
  still does otherwise; each is described in the suite's `KNOWN_BUGS` and runs as strict xfail, so
  fixing the bug turns it into a failure until the tag is removed.
- `backend` runs every scenario through each selected backend; `durable` is skipped, with the
  reason, where durable_rules cannot be loaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from zcf.backends.seam import BACKENDS, get_backend
from zcf.errors import BackendUnavailableError
from zcf.locations import data_dir

_TAG = re.compile(r"(?<!\S)@([^\s@#]+)")


@dataclass
class SuiteSettings:
    """Where a run's steps find examples, and the backends every scenario runs on."""

    #: folders holding `<ruleset-id>/<name>.json`, searched in order (first match wins)
    examples: list[Path] = field(default_factory=lambda: [data_dir("examples")])
    backends: tuple[str, ...] = BACKENDS
    #: ruleset id a scenario names -> the ruleset evaluated instead (a base's scenarios re-run
    #: against the tailored ruleset that inherits the clause)
    aliases: dict[str, str] = field(default_factory=dict)


SETTINGS = SuiteSettings()


def configure(*, examples: Iterable[Path] = (), backends: Iterable[str] = BACKENDS) -> None:
    """Set the examples roots (searched before the shipped ones) and backends of the next run."""
    SETTINGS.examples = [*examples, data_dir("examples")]
    SETTINGS.backends = tuple(backends)
    SETTINGS.aliases = {}


def feature_folders(rulesets: Iterable[str], root: Path | None = None) -> list[Path]:
    """`features/<id>/` of each ruleset under `root` (the shipped features by default)."""
    base = root if root is not None else data_dir("features")
    return [base / ruleset for ruleset in rulesets]


def feature_tags(folders: Iterable[Path]) -> set[str]:
    """Every tag written in the feature files under these folders (feature, scenario, examples)."""
    tags: set[str] = set()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*.feature")):
            for line in path.read_text(encoding="utf-8").splitlines():
                stripped = line.strip()
                if stripped.startswith("@"):
                    tags.update(_TAG.findall(stripped.split(" #", 1)[0]))
    return tags


def _describe(tag: str, known_bugs: Mapping[str, str]) -> str:
    if tag.startswith("clause_"):
        return f"{tag}: scenarios exercising clause {tag.removeprefix('clause_').replace('_', '-')}"
    if tag.startswith("ruleset_"):
        return f"{tag}: features of ruleset {tag.removeprefix('ruleset_').replace('_', '-')}"
    if tag in known_bugs:
        return f"{tag}: known deviation, run as strict xfail: {known_bugs[tag]}"
    return f"{tag}: feature tag"


def register_markers(config: pytest.Config, folders: Iterable[Path], known_bugs: Mapping[str, str]) -> None:
    """Declare every feature tag as a marker; refuse a known_bug tag nobody described."""
    tags = feature_tags(folders)
    unknown = sorted(t for t in tags if t.startswith("known_bug_") and t not in known_bugs)
    if unknown:
        raise pytest.UsageError(f"feature tags {unknown} are not described in the suite's KNOWN_BUGS")
    for tag in sorted(tags):
        config.addinivalue_line("markers", _describe(tag, known_bugs))


def mark_known_bugs(items: Iterable[pytest.Item], known_bugs: Mapping[str, str]) -> None:
    for item in items:
        for mark in list(item.iter_markers()):
            if mark.name in known_bugs:
                item.add_marker(pytest.mark.xfail(reason=known_bugs[mark.name], strict=True))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run every scenario once per selected backend (`SETTINGS.backends`)."""
    if "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", SETTINGS.backends, indirect=True)


@pytest.fixture(autouse=True)
def backend(request: pytest.FixtureRequest) -> str:
    """The inference backend the evaluate step uses."""
    name: str = request.param
    try:
        get_backend(name)
    except BackendUnavailableError as err:
        pytest.skip(f"backend {name}: {err}")
    return name
