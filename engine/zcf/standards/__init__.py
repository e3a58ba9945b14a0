"""Standards' clause text: safe NISO STS reading, lookup by id and label, grammar validation.

Only ``reader.py`` imports lxml; callers use the catalog functions and the frozen models.
"""

from zcf.standards.catalog import clause as clause
from zcf.standards.catalog import find_documents as find_documents
from zcf.standards.catalog import get_document as get_document
from zcf.standards.catalog import load_document as load_document
from zcf.standards.catalog import standards_dirs as standards_dirs
from zcf.standards.errors import StandardError as StandardError
from zcf.standards.errors import StandardGrammarError as StandardGrammarError
from zcf.standards.errors import StandardNotFoundError as StandardNotFoundError
from zcf.standards.model import KnownFrom as KnownFrom
from zcf.standards.model import Paragraph as Paragraph
from zcf.standards.model import StandardClause as StandardClause
from zcf.standards.model import StandardDocument as StandardDocument
from zcf.standards.model import StandardTable as StandardTable
from zcf.standards.validation import validate_against_grammar as validate_against_grammar

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
