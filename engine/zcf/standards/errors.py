"""Errors raised while reading the standards' clause text (``standards/*.xml``), by their old names.

The classes live in ``zcf.errors``: a broken or unsafe standard document is an author's mistake
that stops the run (exit 4, like a broken ruleset); asking for a document or clause that does not
exist is a usage error (exit 2).
"""

from __future__ import annotations

from zcf.errors import StandardError, StandardGrammarError, StandardNotFoundError

__all__ = ["StandardError", "StandardGrammarError", "StandardNotFoundError"]
