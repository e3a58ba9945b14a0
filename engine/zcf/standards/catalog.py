"""Where standard documents live and how callers find them by id and clause label.

Documents are looked up in the folders named by ``ZCF_STANDARDS`` (``os.pathsep``-separated; an
installed engine points it at its data folder), then in ``<repo root>/standards``. The first folder
holding an id wins, so a local copy can shadow the shipped edition. Parsed documents are cached by
path, modification time and size: they are frozen models, so sharing them is safe.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from zcf.locations import data_dir
from zcf.standards.errors import StandardNotFoundError
from zcf.standards.model import StandardClause, StandardDocument
from zcf.standards.reader import DOCUMENT_ID, read_document

ENV_VAR = "ZCF_STANDARDS"
REPO_STANDARDS = data_dir("standards")


def standards_dirs() -> tuple[Path, ...]:
    """Folders searched for documents, in priority order: ``$ZCF_STANDARDS``, then the repo's."""
    dirs: list[Path] = [Path(entry) for entry in os.environ.get(ENV_VAR, "").split(os.pathsep)]
    dirs = [d for d in dirs if str(d) not in ("", ".")]
    dirs.append(REPO_STANDARDS)
    unique: list[Path] = []
    for directory in dirs:
        if directory not in unique:
            unique.append(directory)
    return tuple(unique)


def document_paths(dirs: Iterable[Path] | None = None) -> tuple[Path, ...]:
    """One ``*.xml`` path per document id, the first folder's copy winning, sorted by id."""
    chosen: dict[str, Path] = {}
    for directory in standards_dirs() if dirs is None else tuple(dirs):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.xml")):
            chosen.setdefault(path.stem, path)
    return tuple(chosen[doc_id] for doc_id in sorted(chosen))


def load_document(path: Path | str) -> StandardDocument:
    """Read one document file (cached until the file changes).

    Raises:
        StandardNotFoundError: the file does not exist.
        StandardError: the file is unsafe, malformed or outside the zcf subset.
    """
    path = Path(path)
    try:
        stat = path.stat()
    except FileNotFoundError as err:
        raise StandardNotFoundError(
            f"{path}: no such standard document", file=str(path), hint="check the path"
        ) from err
    return _load_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int, size: int) -> StandardDocument:
    del mtime_ns, size  # part of the cache key only
    return read_document(Path(path))


def find_documents(dirs: Iterable[Path] | None = None) -> tuple[StandardDocument, ...]:
    """Every document in ``dirs`` (default: ``standards_dirs()``), sorted by id."""
    return tuple(load_document(path) for path in document_paths(dirs))


def get_document(doc_id: str, dirs: Iterable[Path] | None = None) -> StandardDocument:
    """The document whose file stem is ``doc_id``.

    Raises:
        StandardNotFoundError: no such id (the hint lists close matches).
    """
    search = standards_dirs() if dirs is None else tuple(dirs)
    # The id becomes a file name: refuse anything that could leave the folder.
    if DOCUMENT_ID.match(doc_id):
        for directory in search:
            path = directory / f"{doc_id}.xml"
            if path.is_file():
                return load_document(path)
    known = [path.stem for path in document_paths(search)]
    raise StandardNotFoundError(
        f"no standard document {doc_id!r}",
        document=doc_id,
        hint=_suggest(doc_id, known, "run `zcf standards list` to see the ids"),
    )


def clause(doc_id: str, label: str, dirs: Iterable[Path] | None = None) -> StandardClause:
    """The clause labelled ``label`` in document ``doc_id``.

    Raises:
        StandardNotFoundError: no such document or label (the hint lists close labels).
    """
    document = get_document(doc_id, dirs)
    found = document.find_clause(label)
    if found is None:
        raise StandardNotFoundError(
            f"document {doc_id!r} has no clause labelled {label!r}",
            document=doc_id,
            label=label,
            hint=_suggest(label, list(document.labels), f"labels: {', '.join(document.labels)}"),
        )
    return found


def _suggest(wanted: str, known: list[str], fallback: str) -> str:
    close = difflib.get_close_matches(wanted, known, n=3, cutoff=0.5)
    return f"did you mean {', '.join(close)}?" if close else fallback
