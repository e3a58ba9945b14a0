"""What a standard document in ``standards/`` becomes once read: frozen, XML-free models.

The reader (``reader.py``) owns the XML; everything downstream (ruleset traceability checks, the
CLI, reports) sees only these models. Each clause carries a hash of its own text so a ruleset can
record which wording it was written from and notice when the wording changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from zcf.model.ruleset import Provision
from zcf.model.text import Text


class KnownFrom(StrEnum):
    """How much of the source the document was written from."""

    #: the full official text was read
    FULL_TEXT = "full-text"
    #: only news summaries, re-posts and interpretations were available; structure is ours
    SUMMARIES = "summaries"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Paragraph(_Frozen):
    """One bilingual paragraph (or list item) of a clause."""

    provision: Provision | None = Field(
        description="requirement 应 | recommendation 宜 | permission 可; None = informative."
    )
    text: Text
    label: str | None = Field(default=None, description="List-item label such as 'a)'.")

    @property
    def informative(self) -> bool:
        return self.provision is None


class StandardTable(_Frozen):
    """A table of a clause; thresholds usually live here. Cells without language are shared."""

    id: str
    label: str | None = None
    caption: Text
    header: tuple[tuple[Text, ...], ...] = ()
    rows: tuple[tuple[Text, ...], ...] = ()


class StandardClause(_Frozen):
    """One labelled ``<sec>``: its own paragraphs and tables, not those of its sub-clauses."""

    id: str = Field(description="The sec/@id, stable across editions of our transcription.")
    label: str = Field(description="The clause number rulesets reference, e.g. '4.6.3' or 'HN-01'.")
    title: Text
    parent: str | None = Field(default=None, description="Label of the enclosing clause.")
    provision: Provision | None = Field(
        description="Strongest provision among the paragraphs; None if all are informative."
    )
    paragraphs: tuple[Paragraph, ...]
    tables: tuple[StandardTable, ...] = ()
    text_sha256: str = Field(description="sha256 of the normalised paragraph and table text.")


class StandardDocument(_Frozen):
    """One source edition (file ``standards/<id>.xml``)."""

    id: str = Field(description="File stem, lowercase; rulesets name it as standard.document.")
    number: str = Field(description="Official document number, e.g. 工信部联节〔2026〕13号.")
    title: Text
    issuers: tuple[str, ...]
    edition: str
    release_date: dt.date | None = None
    source_urls: tuple[str, ...]
    known_from: KnownFrom
    clauses: tuple[StandardClause, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(clause.label for clause in self.clauses)

    def find_clause(self, label: str) -> StandardClause | None:
        for clause in self.clauses:
            if clause.label == label:
                return clause
        return None

    def subtree(self, label: str) -> tuple[StandardClause, ...]:
        """The clause with ``label`` followed by every clause nested under it, in document order."""
        wanted = {label}
        found: list[StandardClause] = []
        for clause in self.clauses:
            if clause.label in wanted or clause.parent in wanted:
                wanted.add(clause.label)
                found.append(clause)
        return tuple(found)


_PROVISION_ORDER = (Provision.REQUIREMENT, Provision.RECOMMENDATION, Provision.PERMISSION)

_PROVISION_MARKS: dict[Provision | None, tuple[str, str]] = {
    Provision.REQUIREMENT: ("应", "shall"),
    Provision.RECOMMENDATION: ("宜", "should"),
    Provision.PERMISSION: ("可", "may"),
    None: ("资料", "info"),
}


def provision_mark(provision: Provision | None, lang: str) -> str:
    """The verbal form of a provision (GB/T 1.1—2020 Annex C; ISO/IEC Directives Part 2)."""
    zh, en = _PROVISION_MARKS[provision]
    return zh if lang.lower().startswith("zh") else en


def strongest_provision(paragraphs: Iterable[Paragraph]) -> Provision | None:
    """A clause is a requirement if any paragraph is; then recommendation; then permission."""
    present = {paragraph.provision for paragraph in paragraphs}
    for provision in _PROVISION_ORDER:
        if provision in present:
            return provision
    return None


_CJK = "\u2e80-\u2fff\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_WRAPPED_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\r]*\n\s*(?=[{_CJK}])")
_WHITESPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC, no line-wrap spaces between Chinese characters, whitespace collapsed, stripped.

    XML indentation must not change a clause's hash, and a line break inside a Chinese sentence is
    an editor's wrap, not a space.
    """
    text = unicodedata.normalize("NFC", text)
    text = _WRAPPED_CJK.sub("", text)
    return _WHITESPACE.sub(" ", text).strip()


def clause_text_sha256(paragraphs: Iterable[Paragraph], tables: Iterable[StandardTable] = ()) -> str:
    """Hash of what a clause says: each paragraph's provision, label, zh-CN and en, then tables.

    Titles are left out (renaming a clause does not change what it requires); provisions are in
    (turning 宜 into 应 does). One line per paragraph or table row, fields separated by a tab, so
    the hash depends only on the normalised text and is the same on every run and platform.
    """
    lines: list[str] = []
    for paragraph in paragraphs:
        provision = paragraph.provision.value if paragraph.provision else "informative"
        lines.append(
            "\t".join(
                (
                    "p",
                    provision,
                    normalise_text(paragraph.label or ""),
                    normalise_text(paragraph.text.zh),
                    normalise_text(paragraph.text.en),
                )
            )
        )
    for table in tables:
        caption = (normalise_text(table.caption.zh), normalise_text(table.caption.en))
        lines.append("\t".join(("table", table.id, *caption)))
        for row in (*table.header, *table.rows):
            cells = [f"{normalise_text(cell.zh)}|{normalise_text(cell.en)}" for cell in row]
            lines.append("\t".join(("row", *cells)))
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
