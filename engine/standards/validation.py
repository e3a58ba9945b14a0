"""Validation of standard documents against the official NISO STS 1.2 interchange grammar.

The reader enforces the zcf subset (bilingual pairs, provisions, labels); this module checks the
other half of the contract, that every document is still valid NISO STS and so renders in any STS
tool. The grammar is compiled once per process (well under a second) and reused.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from engine.standards.catalog import document_paths, standards_dirs
from engine.standards.errors import StandardGrammarError, StandardNotFoundError
from engine.standards.reader import Grammar, parse_tree

GRAMMAR = Path("grammar", "niso-sts-1.2", "NISO-STS-interchange-1-mathml3.rng")


def grammar_path() -> Path:
    """The entry file of the grammar, from the first standards folder that ships it.

    Raises:
        StandardNotFoundError: no standards folder holds the grammar.
    """
    for directory in standards_dirs():
        candidate = directory / GRAMMAR
        if candidate.is_file():
            return candidate
    raise StandardNotFoundError(
        f"the NISO STS grammar ({GRAMMAR}) is in none of the standards folders",
        file=str(GRAMMAR),
        hint="restore standards/grammar/niso-sts-1.2/ from the repository",
    )


@cache
def _grammar(path: Path) -> Grammar:
    return Grammar(path)


def validate_against_grammar(path: Path | str) -> list[str]:
    """Every grammar violation of the document at ``path`` as ``file:line: message``.

    An empty list means valid. Files the reader refuses to parse (DOCTYPE, too big, too deep,
    malformed) raise ``StandardError`` instead: they never reach the grammar.
    """
    path = Path(path)
    return _grammar(grammar_path()).errors(parse_tree(path), str(path))


def validate_all(paths: list[Path] | None = None) -> dict[Path, list[str]]:
    """Grammar errors per document for ``paths`` (default: every document found)."""
    return {path: validate_against_grammar(path) for path in paths or document_paths()}


def raise_for_errors(results: dict[Path, list[str]]) -> None:
    """Turn ``validate_all`` results into one error listing every violation, if there are any.

    Raises:
        StandardGrammarError: some document is invalid; ``errors`` holds every message.
    """
    errors = tuple(error for found in results.values() for error in found)
    if errors:
        invalid = sum(1 for found in results.values() if found)
        raise StandardGrammarError(
            f"{invalid} standard document(s) do not validate against NISO STS 1.2 "
            f"({len(errors)} error(s))",
            errors,
            hint="run `zcf standards check` and fix each file:line listed",
        )
