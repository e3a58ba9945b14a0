"""Where the shipped rulesets, standards, examples and features are.

A wheel carries copies of the repository's top-level ``rulesets/``, ``standards/``, ``examples/``
and ``features/`` under ``zcf/data/`` (made at build time, never kept in git); an editable install
or a checkout reads the repository's folders themselves. Either way callers get one folder per kind.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

KINDS = ("rulesets", "standards", "examples", "features")


@cache
def data_root() -> Path:
    """The folder holding ``rulesets/``, ``standards/``, ``examples/`` and ``features/``."""
    shipped = Path(str(resources.files("zcf"))) / "data"
    if (shipped / "rulesets").is_dir():
        return shipped
    return Path(__file__).resolve().parents[2]  # engine/zcf/data.py -> the repository root


def data_dir(kind: str) -> Path:
    """One of the shipped folders, by kind (``rulesets``, ``standards``, ``examples``, ``features``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown data kind {kind!r}; one of {', '.join(KINDS)}")
    return data_root() / kind
