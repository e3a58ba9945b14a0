"""Validation of standard documents against the official NISO STS 1.2 interchange grammar.

The reader enforces the zcf subset (bilingual pairs, provisions, labels); this module checks the
other half of the contract, that every document is still valid NISO STS and so renders in any STS
tool. The grammar is compiled once per process (well under a second) and reused.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from zcf.standards.catalog import document_paths, load_document, standards_dirs
from zcf.standards.errors import StandardError, StandardGrammarError, StandardNotFoundError
from zcf.standards.reader import Grammar, parse_tree

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


def check_documents(paths: list[Path] | None = None) -> dict[Path, list[str]]:
    """Every problem per document: grammar violations, then the zcf reader's subset rules.

    Unlike ``validate_against_grammar`` this never stops at a refused file: a DOCTYPE, an oversize
    file or a broken bilingual pair is recorded as that file's error and the next file is checked,
    so an author sees every defect in one run. Default ``paths``: every document found.
    """
    results: dict[Path, list[str]] = {}
    for path in paths or document_paths():
        try:
            errors = validate_against_grammar(path)
            if not errors:
                load_document(path)
        except StandardError as err:
            errors = [str(err)]
        results[path] = errors
    return results


def raise_for_errors(results: dict[Path, list[str]]) -> None:
    """Turn ``check_documents`` results into one error listing every violation, if there are any.

    Raises:
        StandardGrammarError: some document is invalid; ``errors`` holds every message.
    """
    errors = tuple(error for found in results.values() for error in found)
    if errors:
        invalid = sum(1 for found in results.values() if found)
        raise StandardGrammarError(
            f"{invalid} standard document(s) do not validate against NISO STS 1.2 ({len(errors)} error(s))",
            errors,
            hint="run `zcf standards check` and fix each file:line listed",
        )
