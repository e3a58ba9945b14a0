"""Standards' clause text: safe NISO STS reading, lookup by id and label, grammar validation.

Only ``reader.py`` imports lxml; callers use the catalog functions and the frozen models.
"""

from engine.standards.catalog import clause as clause
from engine.standards.catalog import find_documents as find_documents
from engine.standards.catalog import get_document as get_document
from engine.standards.catalog import load_document as load_document
from engine.standards.catalog import standards_dirs as standards_dirs
from engine.standards.errors import StandardError as StandardError
from engine.standards.errors import StandardGrammarError as StandardGrammarError
from engine.standards.errors import StandardNotFoundError as StandardNotFoundError
from engine.standards.model import KnownFrom as KnownFrom
from engine.standards.model import Paragraph as Paragraph
from engine.standards.model import StandardClause as StandardClause
from engine.standards.model import StandardDocument as StandardDocument
from engine.standards.model import StandardTable as StandardTable
from engine.standards.validation import validate_against_grammar as validate_against_grammar

__all__ = [
    "KnownFrom",
    "Paragraph",
    "StandardClause",
    "StandardDocument",
    "StandardError",
    "StandardGrammarError",
    "StandardNotFoundError",
    "StandardTable",
    "clause",
    "find_documents",
    "get_document",
    "load_document",
    "standards_dirs",
    "validate_against_grammar",
]
